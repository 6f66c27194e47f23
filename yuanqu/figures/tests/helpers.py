"""Small builders shared by the figure tests."""
from decimal import Decimal

from yuanqu.core.periods import Period
from yuanqu.enterprises.factories import EnterpriseFactory, MonthlyStatFactory, RosterEntryFactory
from yuanqu.figures.engine import compute, figure
from yuanqu.figures.scope import Scope


def D(value) -> Decimal:
    return Decimal(str(value))


def firm(region, park=None, years=(2023,), joined_month=1, **kw):
    """An enterprise on the 规上 roster of `years`."""
    e = EnterpriseFactory(region=region, park=park, **kw)
    for year in years:
        RosterEntryFactory(enterprise=e, year=year, joined_month=joined_month)
    return e


def stat(e, month=8, year=2023, **values):
    values = {k: (D(v) if isinstance(v, (int, float, str)) and not k.startswith("employees") else v)
              for k, v in values.items()}
    values.setdefault("output_cum", None)
    values.setdefault("output_prev_cum", None)
    return MonthlyStatFactory(enterprise=e, year=year, month=month, **values)


def fig(key, scope, period=Period(2023, 8)):
    return figure(key, scope, period)


def value(key, scope, period=Period(2023, 8)):
    return figure(key, scope, period).value


__all__ = ["D", "firm", "stat", "fig", "value", "compute", "Scope", "Period"]
