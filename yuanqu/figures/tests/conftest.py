"""Fixtures for the figure-engine tests: a small county built with the factories."""
import pytest

from yuanqu.core.periods import Period
from yuanqu.org.factories import ParkFactory, RegionFactory

AUG = Period(2023, 8)


@pytest.fixture
def region(db):
    return RegionFactory(code="519001", name="测试县")


@pytest.fixture
def parks(region):
    return [ParkFactory(region=region, code="PA", name="甲园区", sort=1),
            ParkFactory(region=region, code="PB", name="乙园区", sort=2)]
