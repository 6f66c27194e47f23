"""Prepared statements (yuanqu.figures.sql.prepared): built once per process, run on the data every time.

A cached statement must never stand in for a result: a change in the data shows in the next
computation, a change of rules (settings) rebuilds the statements, and arguments that shape a
statement differently never share one.
"""
import datetime as dt
from copy import deepcopy

from django.conf import settings
from django.db.models import Count, Sum
from django.test import override_settings

from yuanqu.factors.factories import InstitutionFactory, LoanFactory
from yuanqu.factors.models import Loan
from yuanqu.figures import sql
from yuanqu.figures.engine import Session, compute
from yuanqu.land.factories import LandParcelFactory
from yuanqu.land.models import LandParcel
from yuanqu.org.factories import RegionFactory
from yuanqu.org.models import Region

from .helpers import D, Period, Scope, firm, value

day = dt.date.fromisoformat


def fresh(key, scope, period=Period(2023, 8)):
    """The figure in a new computation (a new Session: every group runs again)."""
    with Session().active():
        return compute(scope, period, [key])[key].value


def test_data_changes_show_in_the_next_computation(region, parks):
    scope, bank = Scope.county(region), InstitutionFactory(name="农行")
    a = firm(region, parks[0])
    LoanFactory(enterprise=a, institution=bank, amount=D(100), date=day("2023-03-01"))
    assert fresh("finance.loans", scope) == D(100)
    LoanFactory(enterprise=a, institution=bank, amount=D("0.5"), date=day("2023-04-01"))
    assert fresh("finance.loans", scope) == D("100.5")
    Loan.objects.filter(amount=D(100)).update(amount=D(7))
    assert fresh("finance.loans", scope) == D("7.5")
    Loan.objects.all().delete()
    assert fresh("finance.loans", scope) == D(0)


def test_changed_rules_rebuild_the_statements(region, parks):
    """Rule values are compiled into statements: a settings change must not reuse the old ones."""
    LandParcelFactory(park=parks[0], code="L1", area_mu=D(5), supplied_date=day("2020-06-01"),
                      status=LandParcel.Status.BUILT, built_date=day("2021-01-01"), plot_ratio=D("1.5"))
    scope = Scope.county(region)
    assert fresh("land.low_efficiency", scope) == 0  # default plot-ratio rule 1.0
    rules = deepcopy(settings.YUANQU_RULES)
    rules["low_efficiency_plot_ratio"] = 2
    with override_settings(YUANQU_RULES=rules):
        assert fresh("land.low_efficiency", scope) == 1
    assert fresh("land.low_efficiency", scope) == 0


def test_statements_are_kept_per_argument_shape(region):
    """A region counts by level too: a county and a city with the same primary key build different SQL."""
    county = Scope.county(region)
    city = Scope.county(Region(pk=region.pk, code="519000", name="测试市", level=Region.Level.CITY))
    assert sql.cache_key(county) != sql.cache_key(city)
    assert sql.cache_key(Scope.parks(region)) != sql.cache_key(county)

    calls = []

    @sql.prepared
    def build(scope, period):
        calls.append((scope, period))
        return len(calls)

    assert build(county, Period(2023, 8)) == build(county, Period(2023, 8)) == 1
    assert build(county, Period(2023, 7)) == 2
    assert build(city, Period(2023, 8)) == 3
    sql.clear_prepared()
    assert build(county, Period(2023, 8)) == 4


def test_statement_aggregate_matches_the_orm(region, parks):
    bank1, bank2 = InstitutionFactory(name="甲行"), InstitutionFactory(name="乙行")
    a, b = firm(region, parks[0]), firm(region, parks[1])
    LoanFactory(enterprise=a, institution=bank1, amount=D("10.25"), date=day("2023-03-01"))
    LoanFactory(enterprise=b, institution=bank1, amount=D("4.75"), date=day("2023-05-01"))
    LoanFactory(enterprise=b, institution=bank2, amount=D(1), date=day("2023-06-01"))
    aggregates = {"n": Count("institution", distinct=True), "s": Sum("amount")}
    qs = Loan.objects.filter(enterprise__region=region)
    assert sql.Statement.aggregate(qs, **aggregates).one() == qs.aggregate(**aggregates) == {"n": 2, "s": D(16)}
    # over no rows: one row all the same (COUNT 0, SUM None), also when the filter can match nothing
    assert sql.Statement.aggregate(qs.filter(amount__gt=100), **aggregates).one() == {"n": 0, "s": None}
    assert sql.Statement.aggregate(qs.filter(pk__in=[]), **aggregates).one() == {"n": 0, "s": None}


def test_statement_rows_are_converted_like_the_orm(region, parks):
    """Dates, booleans and decimals come back as the ORM gives them (SQLite stores dates as text)."""
    LandParcelFactory(park=parks[0], code="L9", area_mu=D("12.50"), supplied_date=day("2021-02-03"),
                      is_low_efficiency=True)
    qs = LandParcel.objects.filter(code="L9").values("code", "supplied_date", "is_low_efficiency", "area_mu")
    assert sql.Statement.of(qs).dicts() == list(qs)
    assert sql.Statement.of(qs.values_list("supplied_date")).flat() == [day("2021-02-03")]


def test_another_region_is_not_served_a_cached_statement(db):
    first, second = RegionFactory(code="519101", name="甲县"), RegionFactory(code="519102", name="乙县")
    bank = InstitutionFactory(name="农行")
    LoanFactory(enterprise=firm(first), institution=bank, amount=D(3), date=day("2023-03-01"))
    LoanFactory(enterprise=firm(second), institution=bank, amount=D(4), date=day("2023-03-01"))
    assert fresh("finance.loans", Scope.county(first)) == D(3)
    assert fresh("finance.loans", Scope.county(second)) == D(4)
    assert value("finance.loans", Scope.county(first)) == D(3)
