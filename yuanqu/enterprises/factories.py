"""factory_boy factories for enterprises, the 规上 roster and monthly statistics.

Credit codes are valid (GB 32100-2015) and unique: `make_code` with a sequence.
An enterprise in a park takes the park's region.
"""
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from yuanqu.core.creditcode import make_code
from yuanqu.org.factories import RegionFactory

from .models import Enterprise, MonthlyStat, RosterEntry


def _region_of(obj):
    return obj.park.region if obj.park is not None else RegionFactory()


class EnterpriseFactory(DjangoModelFactory):
    class Meta:
        model = Enterprise

    credit_code = factory.Sequence(lambda n: make_code("91510000", 1000 + n))
    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    park = None
    region = factory.LazyAttribute(_region_of)
    industry_code = "C18"
    land_area_mu = Decimal("10")


class RosterEntryFactory(DjangoModelFactory):
    class Meta:
        model = RosterEntry

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2023
    joined_month = 1


class MonthlyStatFactory(DjangoModelFactory):
    """One firm's 1—N月 cumulative row; indicators not given stay empty (None)."""

    class Meta:
        model = MonthlyStat

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2023
    month = 8
    output_cum = Decimal("100")
    output_prev_cum = Decimal("80")
