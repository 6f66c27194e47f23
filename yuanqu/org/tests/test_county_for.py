"""county_for(user): the one rule for the county a request is about."""
import pytest

from yuanqu.accounts.factories import UserFactory
from yuanqu.core.access import NoCounty, county_for as core_county_for
from yuanqu.core.pages import page_region
from yuanqu.org.factories import RegionFactory
from yuanqu.org.selectors import county_for, installation_county

pytestmark = pytest.mark.django_db


def test_no_county_yet():
    with pytest.raises(NoCounty, match="yuanqu county create"):
        county_for(None)
    assert page_region(None) is None


def test_the_users_county_else_the_setting_else_the_first(settings):
    first, second = RegionFactory(code="510104"), RegionFactory(code="520102")
    assert county_for(None) == first
    settings.YUANQU_REGION = "520102"
    assert county_for(None) == second == installation_county()
    mine = UserFactory(region=first)
    assert county_for(mine) == first and core_county_for(mine) == first  # core calls through to org's rule
    assert county_for(UserFactory(region=None)) == second
    settings.YUANQU_REGION = "999999"
    with pytest.raises(NoCounty, match="YUANQU_REGION"):
        county_for(None)


def test_a_city_user_keeps_the_city():
    city = RegionFactory(code="510100", level="city")
    RegionFactory(code="510104", parent=city)
    assert county_for(UserFactory(region=city)) == city
