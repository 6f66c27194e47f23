"""Database rules of the shared and cross-app models: data batches, published indicators, land and
buildings. (Enterprise and project rules are tested in their apps.)"""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from yuanqu.core.models import DataBatch
from yuanqu.core.tests.helpers import park, project, refused, region
from yuanqu.land.models import FactoryBuilding, LandParcel, Revitalization
from yuanqu.projects.models import Progress
from yuanqu.targets.models import PublishedIndicator

pytestmark = pytest.mark.django_db
DAY = dt.date(2023, 8, 15)


def parcel(p, code="DK1"):
    return LandParcel.objects.create(park=p, code=code, area_mu=Decimal("100"))


def building(p, code="CF1", floor="1000.00", let="0"):
    return FactoryBuilding.objects.create(park=p, code=code, name=f"厂房{code}", floor_area_m2=Decimal(floor),
                                          let_area_m2=Decimal(let))


def indicator(reg, month, **kw):
    return PublishedIndicator.objects.create(region=reg, code="gdp_growth", name="地区生产总值增速", year=2023,
                                             month=month, value=Decimal("7.8"), unit="%", **kw)


# --- periods -----------------------------------------------------------------------------------

@pytest.mark.parametrize("month", [0, 13])
def test_published_indicator_month_outside_1_12_is_refused_by_the_database(month):
    with refused():
        indicator(region(), month)


def test_published_indicator_is_one_per_region_code_and_period():
    reg = region()
    indicator(reg, 6)
    with refused():
        indicator(reg, 6)
    assert indicator(reg, 8).pk


@pytest.mark.parametrize("month", [0, 13])
def test_data_batch_period_month_is_1_12_when_given(month):
    assert DataBatch.objects.create(source=DataBatch.Source.DEMO).pk
    with refused():
        DataBatch.objects.create(source=DataBatch.Source.IMPORT, period_year=2023, period_month=month)


# --- money -------------------------------------------------------------------------------------

def test_full_clean_refuses_a_negative_money_field_in_chinese():
    p = park(region())
    plot = LandParcel(park=p, code="DK1", area_mu=Decimal("10"), land_price=Decimal("-0.01"))
    with pytest.raises(ValidationError) as exc:
        plot.full_clean()
    assert exc.value.message_dict["land_price"] == ["确保该值大于或等于0。"]


# --- revitalization: exactly one of parcel / building ------------------------------------------

def test_revitalization_of_a_parcel_or_of_a_building_is_accepted():
    p = park(region())
    assert Revitalization.objects.create(parcel=parcel(p), area_mu=Decimal("120"), date=DAY, method="recover").pk
    assert Revitalization.objects.create(building=building(p), area_m2=Decimal("46000"), date=DAY,
                                         method="attract").pk


def test_revitalization_of_neither_is_refused_by_the_database():
    with refused():
        Revitalization.objects.create(date=DAY, method="other", area_mu=Decimal("1"))


def test_revitalization_of_both_is_refused_by_the_database():
    p = park(region())
    with refused():
        Revitalization.objects.create(parcel=parcel(p), building=building(p), area_mu=Decimal("1"),
                                       area_m2=Decimal("1"), date=DAY, method="other")


def test_revitalization_full_clean_refuses_both_and_missing_area():
    p = park(region())
    plot, shed = parcel(p), building(p)
    with pytest.raises(ValidationError):  # the check constraint, as a form-level error
        Revitalization(parcel=plot, building=shed, area_mu=Decimal("1"), area_m2=Decimal("1"), date=DAY,
                       method="other").full_clean()
    with pytest.raises(ValidationError) as exc:
        Revitalization(parcel=plot, date=DAY, method="recover").full_clean()
    assert exc.value.message_dict["area_mu"] == ["盘活土地须填写面积（亩）"]
    with pytest.raises(ValidationError) as exc:
        Revitalization(building=shed, date=DAY, method="attract").full_clean()
    assert exc.value.message_dict["area_m2"] == ["盘活厂房须填写面积（平方米）"]


# --- factory buildings: let area within floor area ---------------------------------------------

def test_let_area_up_to_the_floor_area_is_accepted():
    assert building(park(region()), floor="1000.00", let="1000.00").pk


def test_let_area_above_the_floor_area_is_refused_by_the_database():
    p = park(region())
    with refused():
        building(p, floor="1000.00", let="1000.01")
    shed = building(p, code="CF2", floor="1000.00", let="500")
    with refused():
        FactoryBuilding.objects.filter(pk=shed.pk).update(let_area_m2=Decimal("2000"))


def test_let_area_above_the_floor_area_fails_full_clean():
    shed = FactoryBuilding(park=park(region()), code="CF1", name="厂房", floor_area_m2=Decimal("10"),
                           let_area_m2=Decimal("11"))
    with pytest.raises(ValidationError):  # the check constraint, as a form-level error
        shed.full_clean()


# --- what a form shows when a check constraint fails --------------------------------------------

def _progress_month_13():
    return Progress(project=project(region()), year=2023, month=13)


def _revitalization_of_both():
    p = park(region())
    return Revitalization(parcel=parcel(p), building=building(p), area_mu=Decimal("1"), area_m2=Decimal("1"),
                          date=DAY, method="other")


def _let_above_floor():
    return FactoryBuilding(park=park(region()), code="CF1", name="厂房", floor_area_m2=Decimal("10"),
                           let_area_m2=Decimal("11"))


@pytest.mark.parametrize("make", [_progress_month_13, _revitalization_of_both, _let_above_floor])
def test_constraint_messages_are_plain_chinese(make):
    with pytest.raises(ValidationError) as exc:
        make().full_clean()
    text = " ".join(exc.value.messages)
    assert "约束" not in text and "_" not in text, text
