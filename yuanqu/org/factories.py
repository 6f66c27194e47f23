"""factory_boy factories for org: region (a county by default), park, zone, department."""
import factory
from factory.django import DjangoModelFactory

from .models import Department, Park, ParkZone, Region


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"51{n:04d}")
    name = factory.Sequence(lambda n: f"测试{n}县")
    level = Region.Level.COUNTY


class ParkFactory(DjangoModelFactory):
    class Meta:
        model = Park

    code = factory.Sequence(lambda n: f"P{n:03d}")
    name = factory.Sequence(lambda n: f"第{n}工业园区")
    region = factory.SubFactory(RegionFactory)
    sort = factory.Sequence(lambda n: n)


class ParkZoneFactory(DjangoModelFactory):
    class Meta:
        model = ParkZone

    park = factory.SubFactory(ParkFactory)
    code = factory.Sequence(lambda n: f"Z{n:03d}")
    name = factory.Sequence(lambda n: f"{n}号片区")


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"D{n:03d}")
    name = factory.Sequence(lambda n: f"测试局{n}")
    region = factory.SubFactory(RegionFactory)
