"""The list machinery (core.lists) on the demo county: every list answers, keeps to bad input,
answers htmx with the fragment, and requires login."""
import pytest
from django.urls import reverse

from yuanqu.core.lists import Column
from yuanqu.enterprises.models import Enterprise

from .pages import AUG, HTMX, login

pytestmark = pytest.mark.django_db

LISTS = ["enterprises:list", "chains:list", "projects:list", "projects:board", "land:parcels", "land:buildings",
         "service:list", "policies:list", "targets:list", "targets:actions", "targets:tasks"]


@pytest.mark.parametrize("name", LISTS)
def test_anonymous_users_are_sent_to_login(client, demo_county, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("name", LISTS)
def test_every_list_answers_in_chinese_with_its_export_link(client, demo_county, name):
    page = login(client).get(reverse(name), AUG).content.decode()
    assert "导出Excel" in page and "查询" in page and 'id="list-results"' in page
    assert 'lang="zh-Hans"' in page


@pytest.mark.parametrize("name", ["enterprises:list", "projects:list", "service:list", "targets:tasks"])
def test_menu_lists_the_working_pages(client, demo_county, name):
    page = login(client).get(reverse(name)).content.decode()
    for label in ["企业", "产业链", "项目", "土地厂房", "诉求", "政策", "目标与行动"]:
        assert f">{label}</a>" in page, label
    assert 'class="active"' in page


@pytest.mark.parametrize("username, imports", [("admin", True), ("park", False), ("dept", False),
                                                ("commissioner", False), ("leader", False), ("enterprise", False)])
def test_menu_shows_data_import_only_to_those_who_may_import(client, demo_county, username, imports):
    """A role that may not import is not shown a place that would answer it with 403 (数据导入)."""
    page = login(client, username).get(reverse("enterprises:list")).content.decode()
    assert ('>数据导入</a>' in page) is imports
    assert client.get(reverse("imports:upload")).status_code == (200 if imports else 403)


def test_menu_shows_data_maintenance_only_to_administrators(client, demo_county):
    from yuanqu.accounts.models import User
    page = login(client, "admin").get(reverse("enterprises:list")).content.decode()
    assert '>数据维护</a>' in page  # the admin site is the 系统管理员's
    leader = User.objects.get(username="leader")
    User.objects.filter(pk=leader.pk).update(is_staff=True)  # staff of another role: still not theirs
    page = login(client, "leader").get(reverse("enterprises:list")).content.decode()
    assert '>数据维护</a>' not in page and '>企业</a>' in page


def test_htmx_gets_only_the_results_fragment(client, demo_county):
    response = login(client).get(reverse("enterprises:list"), {"q": "电池"}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="list-results"') and "<html" not in html
    full = client.get(reverse("enterprises:list"), {"q": "电池"}, HTTP_HX_REQUEST="true",
                      HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in full.content.decode()


def test_unknown_sort_filter_values_and_pages_are_ignored(client, demo_county):
    login(client)
    url = reverse("enterprises:list")
    total = Enterprise.objects.filter(region=demo_county).count()
    response = client.get(url, {"sort": "-password", "park": "nowhere", "roster": "1999", "page": "999"})
    assert response.status_code == 200
    assert response.context["paginator"].count == total
    assert response.context["page_obj"].number == response.context["paginator"].num_pages
    assert response.context["sort"] == "name"


def test_pages_have_fifty_rows(client, demo_county):
    response = login(client).get(reverse("enterprises:list"), AUG)
    assert len(response.context["rows"]) == 50
    second = client.get(reverse("enterprises:list"), {**AUG, "page": 2})
    assert second.context["rows"][0]["cells"][0]["text"] not in {
        r["cells"][0]["text"] for r in response.context["rows"]}


def test_header_links_toggle_the_sort_and_keep_the_filters(client, demo_county):
    response = login(client).get(reverse("enterprises:list"), {"park": "990999-battery", "sort": "name"})
    name = next(h for h in response.context["headers"] if h["label"] == "企业名称")
    assert name["sort"] == "ascending" and "sort=-name" in name["url"] and "park=990999-battery" in name["url"]
    other = next(h for h in response.context["headers"] if h["label"] == "统一社会信用代码")
    assert "sort=credit_code" in other["url"] and other["sort"] == "none"


def test_export_headers_name_the_money_unit():
    assert Column("total", "总投资", kind="money").export_spec()["header"] == "总投资（万元）"
    assert Column("area", "面积（亩）", kind="number", unit="亩").export_spec()["header"] == "面积（亩）"
    assert Column("rate", "空置率", kind="pct").export_spec()["header"] == "空置率（%）"


@pytest.mark.parametrize("name", [n for n in LISTS if n != "projects:board"])
def test_every_sortable_header_sorts_both_ways(client, demo_county, name):
    login(client)
    headers = client.get(reverse(name), AUG).context["headers"]
    assert any(h["url"] for h in headers)
    for h in headers:
        if h["url"]:
            for url in (h["url"], h["url"].replace("sort=", "sort=-")):
                response = client.get(reverse(name) + url)
                assert response.status_code == 200, (name, url)
                assert response.context["paginator"].count > 0
