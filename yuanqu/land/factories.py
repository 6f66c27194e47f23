"""factory_boy factories for land parcels, standard buildings, tenancies and revitalization."""
import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from yuanqu.org.factories import ParkFactory

from .models import FactoryBuilding, LandParcel, Revitalization, Tenancy


class LandParcelFactory(DjangoModelFactory):
    class Meta:
        model = LandParcel

    code = factory.Sequence(lambda n: f"DK{n:05d}")
    name = factory.Sequence(lambda n: f"{n}号地块")
    park = factory.SubFactory(ParkFactory)
    area_mu = Decimal("10")
    status = LandParcel.Status.APPROVED


class FactoryBuildingFactory(DjangoModelFactory):
    class Meta:
        model = FactoryBuilding

    code = factory.Sequence(lambda n: f"CF{n:05d}")
    name = factory.Sequence(lambda n: f"{n}号标准厂房")
    park = factory.SubFactory(ParkFactory)
    floor_area_m2 = Decimal("10000")
    let_area_m2 = Decimal("0")
    completed_date = dt.date(2022, 1, 1)


class TenancyFactory(DjangoModelFactory):
    class Meta:
        model = Tenancy

    building = factory.SubFactory(FactoryBuildingFactory)
    enterprise = factory.SubFactory("yuanqu.enterprises.factories.EnterpriseFactory")
    area_m2 = Decimal("1000")


class RevitalizationFactory(DjangoModelFactory):
    """A land action by default; pass `building=…, parcel=None, area_mu=None, area_m2=…` for space."""

    class Meta:
        model = Revitalization

    parcel = factory.SubFactory(LandParcelFactory)
    building = None
    area_mu = Decimal("10")
    area_m2 = None
    date = dt.date(2023, 5, 1)
    method = Revitalization.Method.RECOVER
