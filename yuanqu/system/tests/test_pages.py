"""系统设置: administrators see and edit their county's parks, chains with segments, departments and
users; everyone else gets 403; a refused form says why in Chinese and writes nothing."""
from types import SimpleNamespace

import pytest
from django.urls import reverse

from yuanqu.accounts.factories import UserFactory
from yuanqu.accounts.models import User
from yuanqu.chains.factories import ChainFactory, ChainSegmentFactory
from yuanqu.chains.models import Chain, ChainSegment
from yuanqu.enterprises.factories import EnterpriseFactory
from yuanqu.org.factories import DepartmentFactory, ParkFactory, RegionFactory
from yuanqu.org.models import Department, Park, Region

pytestmark = pytest.mark.django_db

LISTS = ["system:parks", "system:chains", "system:departments", "system:users"]
NEW = ["system:park_new", "system:chain_new", "system:department_new", "system:user_new"]
PASSWORD = "a-long-pass"


@pytest.fixture
def w():
    county = RegionFactory(code="510104", name="锦江区")
    other = RegionFactory(code="510105", name="青羊区")
    return SimpleNamespace(
        county=county, other=other,
        park=ParkFactory(region=county, code="510104-P01", name="锦江工业园", short_name="锦江园"),
        their_park=ParkFactory(region=other, code="510105-P01", name="青羊工业园"),
        admin=UserFactory(username="jj-admin", role="admin", region=county),
        leader=UserFactory(username="jj-leader", role="leader", region=county),
        their_user=UserFactory(username="qy-leader", role="leader", region=other))


def as_user(client, user):
    client.force_login(user)
    return client


def test_anonymous_users_are_sent_to_login(client, w):
    for name in LISTS + NEW + ["system:regions"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), name


@pytest.mark.parametrize("role", ["leader", "park_staff", "department", "commissioner", "enterprise"])
def test_other_roles_get_403_and_no_menu_item(client, w, role):
    user = UserFactory(username=f"u-{role}", role=role, region=w.county)
    as_user(client, user)
    for name in LISTS + NEW + ["system:regions"]:
        response = client.get(reverse(name))
        assert response.status_code == 403, name
        assert "无权进入系统设置" in response.content.decode()
    assert client.post(reverse("system:park_new"), {"name": "偷建园区"}).status_code == 403
    assert not Park.objects.filter(name="偷建园区").exists()
    assert ">系统设置</a>" not in client.get(reverse("enterprises:list")).content.decode()


def test_administrators_see_the_pages_and_the_menu_item(client, w):
    root = User.objects.create_superuser("root", password=PASSWORD)
    for user in (w.admin, root):
        as_user(client, user)
        assert ">系统设置</a>" in client.get(reverse("enterprises:list")).content.decode()
        assert client.get(reverse("system:index")).url == reverse("system:parks")
        for name in LISTS + NEW:
            response = client.get(reverse(name))
            assert response.status_code == 200, (user, name)
            assert 'lang="zh-Hans"' in response.content.decode()
    assert client.get(reverse("system:regions")).status_code == 200  # superusers only
    as_user(client, w.admin)
    assert client.get(reverse("system:regions")).status_code == 403
    assert "行政区" not in [t["label"] for t in client.get(reverse("system:parks")).context["tabs"]]


def test_lists_hold_the_countys_rows_only(client, w):
    ChainFactory(region=w.other, name="青羊链")
    ChainFactory(region=w.county, name="锦江链")
    as_user(client, w.admin)
    page = client.get(reverse("system:parks")).content.decode()
    assert "锦江工业园" in page and "青羊工业园" not in page
    page = client.get(reverse("system:chains")).content.decode()
    assert "锦江链" in page and "青羊链" not in page
    users = client.get(reverse("system:users")).context["paginator"].count
    assert users == User.objects.filter(region=w.county).count()
    export = client.get(reverse("system:parks"), {"export": "xlsx"})
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]
    assert client.get(reverse("system:park", args=[w.their_park.pk])).status_code == 404
    assert client.get(reverse("system:user", args=[w.their_user.pk])).status_code == 404


def test_create_and_edit_a_park(client, w):
    as_user(client, w.admin)
    response = client.post(reverse("system:park_new"), {"name": "锦江物流园", "short_name": "物流园", "level": "city",
                                                        "planned_area_mu": "1500.5", "built_area_mu": "0",
                                                        "leading_industry": "现代物流", "is_active": "on"})
    assert response.status_code == 302 and response.url == reverse("system:parks")
    park = Park.objects.get(name="锦江物流园")
    assert (park.code, park.region, park.level, str(park.planned_area_mu), park.sort) == (
        "510104-P02", w.county, "city", "1500.50", w.park.sort + 1)
    page = client.get(reverse("system:parks")).content.decode()
    assert "已保存园区：锦江物流园" in page
    response = client.post(reverse("system:park", args=[park.pk]), {"name": "锦江现代物流园", "level": "county",
                                                                    "planned_area_mu": "1500.5", "built_area_mu": "0",
                                                                    "sort": "9", "is_active": "on"})
    assert response.status_code == 302
    park.refresh_from_db()
    assert (park.name, park.sort, park.code) == ("锦江现代物流园", 9, "510104-P02")


def test_a_refused_park_says_why_and_writes_nothing(client, w):
    as_user(client, w.admin)
    count = Park.objects.count()
    areas = {"planned_area_mu": "0", "built_area_mu": "0"}
    response = client.post(reverse("system:park_new"), {"name": "锦江工业园", "level": "county", **areas})
    assert response.status_code == 400 and "锦江区已有名为“锦江工业园”的园区" in response.content.decode()
    response = client.post(reverse("system:park_new"), {"name": "新园", "level": "county", "code": "510105-P01",
                                                        **areas})
    assert "园区代码“510105-P01”已被“青羊工业园”使用" in response.content.decode()
    response = client.post(reverse("system:park_new"), {"name": "", "level": "nowhere", "planned_area_mu": "很多"})
    page = response.content.decode()
    assert response.status_code == 400 and "这个字段是必填项" in page and "输入一个数字" in page
    assert Park.objects.count() == count


def test_create_a_chain_with_segments_then_edit_them(client, w):
    as_user(client, w.admin)
    data = {"name": "电子信息", "is_main": "on", "leader_name": "李四", "leader_title": "区委副书记",
            "segments-TOTAL_FORMS": "3", "segments-INITIAL_FORMS": "0",
            "segments-0-position": "up", "segments-0-name": "芯片设计",
            "segments-1-position": "mid", "segments-1-name": "封装测试",
            "segments-2-position": "", "segments-2-name": ""}
    response = client.post(reverse("system:chain_new"), data)
    assert response.status_code == 302, response.content.decode()
    chain = Chain.objects.get(name="电子信息")
    assert (chain.code, chain.region, chain.is_main, chain.leader_title) == ("510104-C01", w.county, True, "区委副书记")
    up, mid = chain.segments.order_by("sort")
    page = client.get(reverse("system:chain", args=[chain.pk])).content.decode()
    assert "芯片设计" in page and "环节（上游 / 中游 / 下游）" in page
    data = {"name": "电子信息", "leader_name": "王五", "segments-TOTAL_FORMS": "3", "segments-INITIAL_FORMS": "2",
            "segments-0-id": up.pk, "segments-0-position": "up", "segments-0-name": "集成电路设计",
            "segments-1-id": mid.pk, "segments-1-position": "mid", "segments-1-name": "封装测试",
            "segments-1-DELETE": "on", "segments-2-position": "down", "segments-2-name": "整机制造"}
    assert client.post(reverse("system:chain", args=[chain.pk]), data).status_code == 302
    chain.refresh_from_db()
    assert (chain.leader_name, chain.is_main) == ("王五", False)
    assert list(chain.segments.order_by("sort").values_list("position", "name")) == [
        ("up", "集成电路设计"), ("down", "整机制造")]


def test_a_segment_firms_hang_on_is_not_deleted(client, w):
    chain = ChainFactory(region=w.county, name="锦江链")
    segment = ChainSegmentFactory(chain=chain, name="电芯制造")
    EnterpriseFactory(region=w.county).segments.add(segment)
    as_user(client, w.admin)
    data = {"name": "锦江链改名", "segments-TOTAL_FORMS": "1", "segments-INITIAL_FORMS": "1",
            "segments-0-id": segment.pk, "segments-0-position": segment.position, "segments-0-name": segment.name,
            "segments-0-DELETE": "on"}
    response = client.post(reverse("system:chain", args=[chain.pk]), data)
    assert response.status_code == 400
    assert "环节“电芯制造”挂接了1户企业，不能删除" in response.content.decode()
    chain.refresh_from_db()
    assert chain.name == "锦江链" and ChainSegment.objects.filter(pk=segment.pk).exists()


def test_create_and_edit_a_department(client, w):
    as_user(client, w.admin)
    response = client.post(reverse("system:department_new"), {
        "name": "锦江区经济和信息化局", "short_name": "区经信局", "kind": "government", "contact": "王科长",
        "phone": "028-12345678", "park": w.park.pk})
    assert response.status_code == 302
    dept = Department.objects.get(name="锦江区经济和信息化局")
    assert (dept.code, dept.region, dept.park, dept.phone) == ("510104-D01", w.county, w.park, "028-12345678")
    page = client.get(reverse("system:department", args=[dept.pk])).content.decode()
    assert "青羊工业园" not in page  # the park choices are the county's
    response = client.post(reverse("system:department", args=[dept.pk]), {
        "name": "锦江区经信局", "kind": "soe", "park": w.their_park.pk})
    assert response.status_code == 400 and "选择一个有效的选项" in response.content.decode()
    assert client.post(reverse("system:department", args=[dept.pk]), {"name": "锦江区经信局", "kind": "soe"}).status_code == 302
    dept.refresh_from_db()
    assert (dept.name, dept.kind, dept.park) == ("锦江区经信局", "soe", None)


def test_create_edit_deactivate_and_reset_a_user(client, w):
    as_user(client, w.admin)
    dept = DepartmentFactory(region=w.county)
    new = {"username": "zhang", "display_name": "张三", "role": "department", "department": dept.pk,
           "password1": PASSWORD, "password2": PASSWORD}
    assert client.post(reverse("system:user_new"), new).status_code == 302
    user = User.objects.get(username="zhang")
    assert (user.region, user.department, user.role) == (w.county, dept, "department")
    assert user.check_password(PASSWORD)
    page = client.post(reverse("system:user_new"), {**new, "username": "jj-leader", "password2": "other-pass"})
    text = page.content.decode()
    assert page.status_code == 400 and "用户名“jj-leader”已被使用" in text and "两次输入的密码不一致" in text
    page = client.post(reverse("system:user_new"), {**new, "username": "li", "password1": "short", "password2": "short",
                                                    "department": ""})
    text = page.content.decode()
    assert "密码太短：至少8个字符" in text and "角色为“部门”时须选择所属部门" in text
    assert not User.objects.filter(username="li").exists()
    url = reverse("system:user", args=[user.pk])
    assert client.post(url, {"do": "save", "role": "park_staff", "park": w.park.pk, "display_name": "张三"}).status_code == 302
    user.refresh_from_db()
    assert (user.role, user.park) == ("park_staff", w.park)
    assert client.post(url, {"do": "deactivate"}).status_code == 302
    assert not User.objects.get(pk=user.pk).is_active
    assert "已停用" in client.get(url).content.decode()
    assert client.post(url, {"do": "activate"}).status_code == 302 and User.objects.get(pk=user.pk).is_active
    bad = client.post(url, {"do": "password", "password1": "new-pass-123", "password2": "new-pass-12"})
    assert bad.status_code == 400 and "两次输入的密码不一致" in bad.content.decode()
    assert client.post(url, {"do": "password", "password1": "new-pass-123", "password2": "new-pass-123"}).status_code == 302
    assert User.objects.get(pk=user.pk).check_password("new-pass-123")


def test_an_administrator_cannot_deactivate_themselves(client, w):
    as_user(client, w.admin)
    url = reverse("system:user", args=[w.admin.pk])
    response = client.post(url, {"do": "deactivate"}, follow=True)
    assert "不能停用自己的账号" in response.content.decode()
    assert User.objects.get(pk=w.admin.pk).is_active


def test_a_superuser_creates_a_county(client, w):
    as_user(client, User.objects.create_superuser("root", password=PASSWORD))
    response = client.post(reverse("system:regions"), {"code": "510106", "name": "金牛区", "level": "county"})
    assert response.status_code == 302
    assert Region.objects.get(code="510106").name == "金牛区"
    response = client.post(reverse("system:regions"), {"code": "510106", "name": "武侯区", "level": "county"})
    assert response.status_code == 400 and "行政区划代码“510106”已被“金牛区”（县级）使用" in response.content.decode()
    response = client.post(reverse("system:regions"), {"code": "5101", "name": "某区", "level": "county"})
    assert "行政区划代码应为6位数字" in response.content.decode()
