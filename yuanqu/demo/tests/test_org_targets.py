"""示例县 organisation, users, targets, published indicators and actions."""
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from yuanqu.accounts.models import User
from yuanqu.core.creditcode import is_valid
from yuanqu.enterprises.models import Enterprise
from yuanqu.org.models import Department, Park, Region
from yuanqu.targets.models import Action, PublishedIndicator, Target, Task

from .helpers import E

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_region_hierarchy(demo_county):
    assert (demo_county.name, demo_county.code, demo_county.level) == ("示例县", "990999", Region.Level.COUNTY)
    city = demo_county.parent
    assert city.level == Region.Level.CITY and city.parent.level == Region.Level.PROVINCE


def test_parks_zones_and_departments(demo_county):
    parks = Park.objects.filter(region=demo_county)
    assert {"示例县工业园区", "专用服装产业园", "新能源电池产业园"} <= set(parks.values_list("name", flat=True))
    assert all(p.zones.exists() for p in parks)
    shorts = set(Department.objects.filter(region=demo_county).values_list("short_name", flat=True))
    assert {"县发改局", "县经信局", "县自然资源局", "县人社局", "县住建局", "供电公司", "园区管委会"} <= shorts


def test_credit_codes_are_valid_and_local(demo_county):
    codes = list(Enterprise.objects.filter(region=demo_county).values_list("credit_code", flat=True))
    assert all(is_valid(c) and c.startswith("91990999") for c in codes)


def test_one_login_user_per_role(demo_county):
    """One login user per role of a county, in their role's group; only the administrator is staff."""
    from yuanqu.accounts.roles import group_names
    from yuanqu.demo.org import LOGIN_USERS

    users = User.objects.filter(username__in=[spec[0] for spec in LOGIN_USERS])
    county_roles = set(User.Role.values) - {User.Role.CITY, User.Role.PROVINCE}
    assert sorted(users.values_list("role", flat=True)) == sorted(county_roles)
    for user in users:
        assert user.region == demo_county
        request = RequestFactory().post("/accounts/login/")  # the login throttle reads the request
        assert authenticate(request, username=user.username, password="yuanqu2023") == user
        assert list(user.groups.values_list("name", flat=True)) == [group_names()[user.role]]
        if user.role == User.Role.ADMIN:
            assert user.is_superuser and user.is_staff
        else:
            assert not user.is_superuser and not user.is_staff
            assert not user.has_perm("enterprises.view_monthlystat")  # no model permissions: the rules decide
    assert users.get(username="enterprise").enterprise is not None
    assert users.get(username="park").park is not None and users.get(username="dept").department is not None


def test_targets_to_2025_and_for_2023(demo_county):
    targets = {t.indicator: t for t in Target.objects.filter(region=demo_county)}
    expected = {"park.output_ytd": ("4000000", 2025), "park.above_scale_count": ("130", 2025),
                "enterprises.billion_new_count": ("10", 2025), "enterprises.listed_count": ("2", 2025),
                "enterprises.treasure_count": ("11", 2025), "land.supplied_use_rate": ("90", 2025),
                "chains.hundred_billion_count": ("3", 2025), "published.fai_growth": ("10", 2023),
                "published.gdp_growth": ("7.8", 2023)}
    for indicator, (value, year) in expected.items():
        assert (targets[indicator].value, targets[indicator].year) == (Decimal(value), year), indicator
    assert targets["park.output_ytd"].unit == "万元"
    assert targets["published.gdp_growth"].is_annual


def test_published_indicators_for_2023(demo_county):
    published = PublishedIndicator.objects.filter(region=demo_county, year=2023)
    assert published.filter(code="fai_growth", month=8).exists()
    assert published.filter(code="gdp_growth").count() == 4
    assert not published.filter(month=1).exists()  # 1月 is not released alone


def test_seven_actions_with_owned_tasks(demo_county):
    actions = Action.objects.filter(region=demo_county)
    assert actions.count() == 7 and actions.filter(name__startswith="产业项目落地促建").exists()
    tasks = Task.objects.filter(action__region=demo_county)
    assert not tasks.filter(owner_unit__isnull=True).exists()
    assert set(tasks.values_list("owner_unit__region", flat=True)) == {demo_county.pk}
    overdue = tasks.filter(status=Task.Status.OVERDUE)
    assert overdue.exists() and not overdue.filter(deadline__gt=E).exists()
    assert tasks.filter(projects__isnull=False).exists()
