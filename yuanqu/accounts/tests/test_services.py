"""accounts.services: a county's users, created, changed, deactivated, given a new password."""
import pytest
from django.core.exceptions import ValidationError

from yuanqu.accounts.factories import UserFactory
from yuanqu.accounts.models import User
from yuanqu.accounts.services import password_reset, user_create, user_set_active, user_update
from yuanqu.enterprises.factories import EnterpriseFactory
from yuanqu.org.factories import DepartmentFactory, ParkFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    return RegionFactory(code="510104", name="锦江区")


def errors(call, **kwargs) -> dict:
    with pytest.raises(ValidationError) as info:
        call(**kwargs)
    return info.value.message_dict


def test_create_a_user_of_the_county(county):
    park = ParkFactory(region=county)
    user = user_create(county=county, username="wang", password="a-long-pass", role="park_staff", park=park,
                       display_name="王五", title="科员", phone="13800000000")
    assert user.region == county and user.park == park and user.check_password("a-long-pass") and user.is_active


def test_bad_users_are_refused_in_chinese(county):
    UserFactory(username="wang")
    other = RegionFactory(code="510105", name="青羊区")
    found = errors(user_create, county=county, username="Wang", password="short", role="department")
    assert found["username"] == ["用户名“Wang”已被使用"]
    assert found["password1"] == ["密码太短：至少8个字符"]
    assert found["department"] == ["角色为“部门”时须选择所属部门"]
    found = errors(user_create, county=county, username="li", password="a-long-pass", role="enterprise",
                   enterprise=EnterpriseFactory(region=other, name="青羊某公司"))
    assert found["enterprise"] == ["所属企业“青羊某公司”不属于锦江区"]
    assert not User.objects.filter(username="li").exists()


def test_change_role_and_attachment(county):
    user = user_create(county=county, username="li", password="a-long-pass", role="leader")
    dept = DepartmentFactory(region=county)
    user_update(user, county=county, role="department", department=dept, display_name="李四")
    user.refresh_from_db()
    assert (user.role, user.department, user.display_name) == ("department", dept, "李四")
    with pytest.raises(ValidationError, match="不属于锦江区"):
        user_update(UserFactory(region=RegionFactory(code="510105")), county=county, role="leader")


def test_deactivate_and_reset_password(county):
    admin = user_create(county=county, username="admin1", password="a-long-pass", role="admin")
    user = user_create(county=county, username="li", password="a-long-pass", role="leader")
    user_set_active(user, False, by=admin)
    assert not User.objects.get(pk=user.pk).is_active
    user_set_active(user, True, by=admin)
    assert User.objects.get(pk=user.pk).is_active
    with pytest.raises(ValidationError, match="不能停用自己的账号"):
        user_set_active(admin, False, by=admin)
    password_reset(user, "another-pass", by=admin)
    assert User.objects.get(pk=user.pk).check_password("another-pass")
    with pytest.raises(ValidationError):
        password_reset(user, "1234", by=admin)
    root = User.objects.create_superuser("root", password="root-pass-1", region=county)
    with pytest.raises(ValidationError, match="只有超级管理员可以重置密码超级管理员账号"):
        password_reset(root, "another-pass", by=admin)
