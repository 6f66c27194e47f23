"""示例县 land and buildings for 2023-08 (docs/figures.md “Land and buildings”, DOMAIN §7)."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Q, Sum

from yuanqu.land.models import FactoryBuilding, LandParcel, Revitalization

from .helpers import E, W, pct, total

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_revitalized_land_and_buildings_in_the_window(demo_county):
    actions = Revitalization.objects.filter(date__range=W)
    on_land = actions.filter(parcel__park__region=demo_county)
    on_buildings = actions.filter(building__park__region=demo_county)
    assert total(on_land, "area_mu") == Decimal("120.00")
    assert total(on_buildings, "area_m2") == Decimal("46000.00")
    assert on_land.count() >= 4 and on_buildings.count() >= 3
    assert on_land.values("method").distinct().count() >= 4
    outside = Revitalization.objects.filter(Q(parcel__park__region=demo_county) | Q(building__park__region=demo_county))
    assert outside.exclude(date__range=W).count() >= 2


def test_supplied_land_use_rate(demo_county):
    supplied = LandParcel.objects.filter(park__region=demo_county, supplied_date__lte=E).exclude(
        status=LandParcel.Status.RECOVERED)
    area, developed = total(supplied, "area_mu"), total(supplied, "developed_area_mu")
    assert (area, developed) == (Decimal("6000.00"), Decimal("5478.00"))
    assert pct(developed, area) == Decimal("91.30")
    parcels = LandParcel.objects.filter(park__region=demo_county)
    assert parcels.filter(supplied_date__gt=E).exists()
    assert parcels.filter(supplied_date__isnull=True, status=LandParcel.Status.APPROVED).exists()
    assert parcels.filter(status=LandParcel.Status.RECOVERED).exists()


def _idle(parcel) -> bool:
    """53号令: not started a year after the agreed start; or stopped a year with < 1/3 developed or < 25% invested."""
    year = timedelta(days=365)
    if parcel.supplied_date is None or parcel.supplied_date > E:
        return False
    if parcel.actual_start_date is None:
        return parcel.agreed_start_date is not None and parcel.agreed_start_date + year <= E
    little = (parcel.developed_area_mu * 3 < parcel.area_mu
              or (parcel.agreed_investment and parcel.invested_amount * 4 < parcel.agreed_investment))
    return bool(parcel.stopped_date and parcel.stopped_date + year <= E and little)


def test_two_idle_parcels_of_both_kinds(demo_county):
    idle = [p for p in LandParcel.objects.filter(park__region=demo_county) if _idle(p)]
    assert len(idle) == 2
    assert {p.actual_start_date is None for p in idle} == {True, False}


def test_low_efficiency_parcels(demo_county):
    parcels = LandParcel.objects.filter(park__region=demo_county)
    assert parcels.filter(Q(plot_ratio__lt=Decimal("1.0")) | Q(is_low_efficiency=True)).count() >= 5
    assert parcels.filter(is_low_efficiency=True).exists()


def test_standard_buildings_with_tenants_and_vacancy(demo_county):
    buildings = FactoryBuilding.objects.filter(park__region=demo_county, is_standard=True, completed_date__lte=E)
    floor, let = total(buildings, "floor_area_m2"), total(buildings, "let_area_m2")
    assert 0 < (floor - let) / floor < Decimal("0.5")
    for b in buildings.annotate(tenants=Sum("tenancies__area_m2")):
        assert (b.tenants or 0) == b.let_area_m2, b.name
    assert FactoryBuilding.objects.filter(park__region=demo_county, completed_date__gt=E).exists()
