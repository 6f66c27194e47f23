"""The cockpit on the demo county: the figures a leader reads, their explanations, the selectors."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

AUG = {"period": "2023-08"}


@pytest.fixture
def leader(client, demo_county):
    from yuanqu.accounts.models import User

    client.force_login(User.objects.get(username="leader"))
    return client


def test_anonymous_users_go_to_the_chinese_login(client, demo_county):
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    page = client.get(response.url).content.decode()
    assert "登录" in page and "用户名" in page and "密码" in page


def test_demo_users_log_in_with_the_printed_password(client, demo_county):
    response = client.post("/accounts/login/", {"username": "park", "password": "yuanqu2023"})
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/", AUG).status_code == 200


def test_cockpit_shows_the_briefing_figures_for_august_2023(leader):
    page = leader.get("/", AUG).content.decode()
    for text in ["83.98亿元", "增长17.1%", "70.74亿元", "84.23%", "42.80亿元", "98.0%",
                 "+28.83个百分点", "+8.84个百分点", "120亩", "81条", "87.88亿元"]:
        assert text in page, text
    assert 'id="cockpit-charts"' in page and "echarts-6.1.0.min.js" in page
    assert "示例县 · 2023年1-8月 驾驶舱" in page


def test_cockpit_chart_data_comes_from_the_engine(leader):
    charts = leader.get("/", AUG).context["charts"]
    assert charts["trend"]["months"][0] == "1月" and charts["trend"]["months"][1] == "1-2月"
    assert charts["trend"]["this_year"][-1] == "83.98"
    assert [f["value"] for f in charts["funnel"]] == [23, 20, 19, 8, 8]
    assert charts["key_groups"]["time_progress"] == "66.67"
    assert len(charts["chains"]["names"]) >= 3


def test_cards_stand_against_their_targets_and_alerts_name_overdue_tickets(leader):
    response = leader.get("/", AUG)
    cards = {c["key"]: c for c in response.context["cards"]}
    assert cards["park.output_ytd"]["target"] == "2025年目标400.00亿元，已完成17.69%"
    assert cards["land.supplied_use_rate"]["target"].endswith("已达到")
    kinds = {a["kind"] for a in response.context["alerts"]}
    assert {"闲置土地", "超期诉求"} <= kinds


def test_every_kpi_card_links_to_its_explanation(leader):
    cards = leader.get("/", AUG).context["cards"]
    assert len(cards) >= 12
    for card in cards:
        response = leader.get(card["url"])
        assert response.status_code == 200, card["key"]
        assert "计算公式" in response.content.decode()


def test_explanation_shows_formula_numerator_denominator_and_rows(leader):
    url = reverse("cockpit:explain", args=["park.output_share"])
    page = leader.get(url, {**AUG, "scope": "county"}).content.decode()
    assert "84.23%" in page and "分子" in page and "分母" in page and "来源数据" in page
    partial = leader.get(url, AUG, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "84.23%" in partial


def test_explanation_detail_table_speaks_chinese(leader):
    """The detail rows' columns are named in Chinese and an empty value shows as "—", not None."""
    page = leader.get(reverse("cockpit:explain", args=["land.approved_unsupplied"]),
                      {"period": "2023-12", "scope": "county"}).content.decode()
    assert "<th>地块编号</th>" in page and "<th>供地日期</th>" in page and "<th>面积（亩）</th>" in page
    assert "<th>parcel</th>" not in page and "<td>None</td>" not in page and "<td>—</td>" in page


def test_switching_scope_to_a_park_and_a_chain(leader):
    from yuanqu.chains.models import Chain
    from yuanqu.org.models import Park

    park = Park.objects.order_by("code").first()
    page = leader.get("/", {**AUG, "scope": f"park:{park.code}"}).content.decode()
    assert f"{park.name} · 2023年1-8月 驾驶舱" in page
    chain = Chain.objects.filter(is_main=True).order_by("code").first()
    page = leader.get("/", {**AUG, "scope": f"chain:{chain.code}"}).content.decode()
    assert f"{chain.name} · 2023年1-8月 驾驶舱" in page


def test_bad_period_or_scope_is_a_404_not_a_crash(leader):
    assert leader.get("/", {"period": "2023-13"}).status_code == 404
    assert leader.get("/", {**AUG, "scope": "park:NOPE"}).status_code == 404
    assert leader.get(reverse("cockpit:explain", args=["no.such.key"]), AUG).status_code == 404


def test_figures_index_lists_every_figure(leader):
    page = leader.get(reverse("cockpit:figures"), AUG).content.decode()
    assert "industry.output_growth" in page and "projects.start_rate.by_amount" in page
