"""Roles as groups and the scoping layer's rules: every model has one; groups follow the role; the
object permissions of django-rules answer from the same rules as the pages; masking."""
from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from yuanqu.accounts import services
from yuanqu.accounts.factories import UserFactory
from yuanqu.accounts.models import User
from yuanqu.accounts.roles import ADMIN_APPS, group_names, seed_groups
from yuanqu.core import access
from yuanqu.org.factories import ParkFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_every_model_of_the_platform_has_a_scoping_rule():
    models = [m for m in apps.get_models() if m._meta.app_label in ADMIN_APPS]
    assert [m._meta.label for m in models if access.rule_for(m) is None] == []


def test_groups_are_seeded_and_follow_the_role():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "县领导", "园区工作人员", "部门", "工作专员", "企业用户", "系统管理员", "市州", "省级"}
    user = UserFactory(username="g1", role=User.Role.LEADER)
    assert list(user.groups.values_list("name", flat=True)) == ["县领导"]
    other = Group.objects.create(name="另设的组")
    user.groups.add(other)
    user.role = User.Role.PARK_STAFF
    user.save()
    assert sorted(user.groups.values_list("name", flat=True)) == ["另设的组", "园区工作人员"]  # other groups stay
    assert group_names()[User.Role.ENTERPRISE] == "企业用户"


def test_the_administrators_group_may_not_write_what_superusers_keep():
    perms = set(seed_groups()[User.Role.ADMIN].permissions.values_list("content_type__app_label", "codename"))
    assert ("enterprises", "change_enterprise") in perms and ("org", "view_region") in perms
    for app, model in (("org", "region"), ("service", "ticketcategory"), ("core", "databatch"),
                       ("imports", "revision")):
        assert (app, f"change_{model}") not in perms and (app, f"add_{model}") not in perms
    assert not any(app == "auth" for app, _ in perms)


def test_object_permissions_answer_from_the_rules():
    from yuanqu.enterprises.factories import EnterpriseFactory

    county = RegionFactory(code="520102", name="乙县", level="county")
    ours, theirs = ParkFactory(region=county, code="p1"), ParkFactory(region=county, code="p2")
    staff = UserFactory(username="s1", role=User.Role.PARK_STAFF, region=county, park=ours)
    leader = UserFactory(username="l1", role=User.Role.LEADER, region=county)
    mine = EnterpriseFactory(region=county, park=ours)
    other = EnterpriseFactory(region=county, park=theirs)
    assert staff.has_perm("enterprises.change_enterprise", mine)
    assert not staff.has_perm("enterprises.change_enterprise", other)
    assert staff.has_perm("enterprises.view_enterprise", other)
    assert leader.has_perm("enterprises.view_enterprise", other)
    assert not leader.has_perm("enterprises.change_enterprise", other)
    assert not leader.has_perm("enterprises.change_enterprise")  # no model permission: the admin is not theirs
    assert access.may_edit(staff, mine) and not access.may_edit(staff, other)
    firms = mine.__class__.objects.all()
    assert list(access.changeable(firms, staff)) == [mine] and access.visible(firms, staff).count() == 2


def test_a_department_user_without_a_department_sees_no_tickets():
    from yuanqu.service.factories import TicketFactory
    from yuanqu.service.models import Ticket

    county = RegionFactory(code="520102", name="乙县", level="county")
    TicketFactory(region=county, department=None)
    user = UserFactory(username="d1", role=User.Role.DEPARTMENT, region=county, department=None)
    assert access.visible(Ticket.objects.all(), user).count() == 0
    assert access.visible(Ticket.objects.all(), None).count() == 1  # a system context


def test_masked_fields_of_a_firm():
    from yuanqu.enterprises.factories import EnterpriseFactory
    from yuanqu.org.factories import DepartmentFactory
    from yuanqu.service.factories import TicketFactory

    county = RegionFactory(code="520102", name="乙县", level="county")
    unit = DepartmentFactory(region=county)
    firm = EnterpriseFactory(region=county, phone="13800000000", legal_representative="张三")
    TicketFactory(region=county, enterprise=firm, department=unit)
    dept = UserFactory(username="d2", role=User.Role.DEPARTMENT, region=county, department=unit)
    leader = UserFactory(username="l2", role=User.Role.LEADER, region=county)
    assert access.may_read(dept, firm)
    assert access.masked(dept, firm) == {"legal_representative", "phone"}
    assert access.masked(leader, firm) == frozenset()


def test_city_and_province_users_are_not_created_in_a_county():
    county = RegionFactory(code="520102", name="乙县", level="county")
    with pytest.raises(ValidationError) as exc:
        services.user_create(county=county, username="c1", password="good-pass-123", role=User.Role.CITY)
    assert "市州" in str(exc.value)


def test_staff_follows_the_administrator_role():
    county = RegionFactory(code="520102", name="乙县", level="county")
    user = services.user_create(county=county, username="a1", password="good-pass-123", role=User.Role.ADMIN)
    assert user.is_staff and not user.is_superuser
    services.user_update(user, county=county, role=User.Role.LEADER)
    user.refresh_from_db()
    assert not user.is_staff


def test_a_rule_following_its_parent_may_give_one_role_its_own_hook():
    """Ready for 企业直报: a firm's statistics follow the firm, but may let its own user submit them."""
    from django.db.models import Q

    from yuanqu.enterprises.factories import EnterpriseFactory, MonthlyStatFactory
    from yuanqu.enterprises.models import MonthlyStat
    from yuanqu.enterprises.rules import MonthlyStatRule

    class Submitting(MonthlyStatRule):
        def write_enterprise(self, user):
            return Q(enterprise_id=user.enterprise_id)

    county = RegionFactory(code="520102", name="乙县", level="county")
    firm = EnterpriseFactory(region=county)
    user = UserFactory(username="e1", role=User.Role.ENTERPRISE, region=county, enterprise=firm)
    rule, follows = Submitting(), access.rule_for(MonthlyStat)
    rule.model = MonthlyStat
    assert follows.write(user) == access.NOTHING  # the firm's own user changes nothing yet
    assert rule.write(user) == Q(enterprise_id=firm.pk)
    stat = MonthlyStatFactory(enterprise=firm, year=2023, month=8)
    MonthlyStatFactory(enterprise=EnterpriseFactory(region=county), year=2023, month=8)
    assert list(MonthlyStat.objects.filter(rule.read(user))) == [stat]  # reading still follows the firm
