"""Enterprise pages on the demo county: list (filters, sort, export, bounded queries), profile, edit."""
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yuanqu.core.tests.pages import AUG, export, first_cells, login, staff, staff_of  # noqa: F401 (fixture)
from yuanqu.enterprises.models import Enterprise, MonthlyStat, RosterEntry
from yuanqu.figures import format as fmt

pytestmark = pytest.mark.django_db

LIST = reverse("enterprises:list")



def county(demo_county):
    return Enterprise.objects.filter(region=demo_county)


def test_list_shows_every_firm_of_the_county(staff, demo_county):
    response = staff.get(LIST, AUG)
    assert response.status_code == 200
    page = response.content.decode()
    assert "企业名称" in page and "工业总产值（1-8月累计）" in page and "规上（2023年名录）" in page
    assert response.context["paginator"].count == county(demo_county).count()


@pytest.mark.parametrize("params,expected", [
    ({"park": "none"}, lambda qs: qs.filter(park__isnull=True)),
    ({"park": "990999-battery"}, lambda qs: qs.filter(park__code="990999-battery")),
    ({"roster": "2023"}, lambda qs: qs.filter(roster_entries__year=2023)),
    ({"chain": "990999-food"}, lambda qs: qs.filter(segments__chain__code="990999-food").distinct()),
    ({"flag": "is_treasure"}, lambda qs: qs.filter(is_treasure=True)),
    ({"flag": "is_listing_reserve", "park": "990999-battery"},
     lambda qs: qs.filter(is_listing_reserve=True, park__code="990999-battery")),
    ({"active": "1"}, lambda qs: qs.filter(is_active=True)),
])
def test_filters(staff, demo_county, params, expected):
    response = staff.get(LIST, {**AUG, **params})
    wanted = expected(county(demo_county)).count()
    assert response.context["paginator"].count == wanted
    assert wanted > 0


def test_search_by_name_or_credit_code(staff, demo_county):
    firm = county(demo_county).order_by("name")[10]
    for text in (firm.credit_code.lower(), firm.name[3:8]):
        names = first_cells(staff.get(LIST, {"q": text}))
        assert firm.name in names


def test_park_column_says_outside_the_parks(staff, demo_county):
    response = staff.get(LIST, {"park": "none"})
    assert set(first_cells(response, 2)) == {"园区外"}


def test_sort_by_output_descending_puts_the_largest_firm_first(staff, demo_county):
    top = MonthlyStat.objects.filter(enterprise__region=demo_county, year=2023, month=8,
                                     output_cum__isnull=False).order_by("-output_cum").select_related("enterprise")
    response = staff.get(LIST, {**AUG, "sort": "-output"})
    assert first_cells(response)[:2] == [top[0].enterprise.name, top[1].enterprise.name]
    assert response.context["rows"][0]["cells"][7]["text"] == fmt.money(top[0].output_cum)
    ascending = first_cells(staff.get(LIST, {**AUG, "sort": "output"}))
    assert ascending[0] == top.reverse()[0].enterprise.name


def test_sort_by_name(staff, demo_county):
    names = first_cells(staff.get(LIST, {"sort": "-name"}))
    assert names == sorted(names, reverse=True)


def test_export_is_the_filtered_list(staff, demo_county):
    headers, rows, count = export(staff, LIST, {**AUG, "roster": "2023", "park": "990999-clothing"})
    assert headers[:3] == ["企业名称", "统一社会信用代码", "所在园区"]
    assert "工业总产值（1-8月累计）（万元）" in headers
    assert len(rows) == count == county(demo_county).filter(
        roster_entries__year=2023, park__code="990999-clothing").count()
    output = headers.index("工业总产值（1-8月累计）（万元）")
    firm = Enterprise.objects.get(name=rows[0][0])
    stat = MonthlyStat.objects.get(enterprise=firm, year=2023, month=8)
    assert Decimal(str(rows[0][output])).quantize(Decimal("0.01")) == stat.output_cum


def test_list_detail_and_export_show_the_industry_with_its_name(staff, demo_county):
    first = county(demo_county).exclude(industry_code="").order_by("industry_code", "pk").first()
    assert first_cells(staff.get(LIST, {"sort": "industry_label"}), 3)[0] == first.industry_label
    firm = county(demo_county).filter(industry_code="C3841").first()
    assert first_cells(staff.get(LIST, {"q": firm.credit_code}), 3) == ["C3841 锂离子电池制造"]
    headers, rows, _ = export(staff, LIST, {"q": firm.credit_code})
    assert rows[0][headers.index("国民经济行业")] == "C3841 锂离子电池制造"
    page = staff.get(reverse("enterprises:detail", args=[firm.pk])).content.decode()
    assert "国民经济行业" in page and "C3841 锂离子电池制造" in page


def test_list_queries_do_not_grow_with_the_rows(staff, demo_county):
    with CaptureQueriesContext(connection) as full:
        assert len(staff.get(LIST, AUG).context["rows"]) == 50
    with CaptureQueriesContext(connection) as few:
        assert len(staff.get(LIST, {**AUG, "park": "990999-battery", "flag": "is_listing_reserve"})
                   .context["rows"]) < 10
    assert len(full) == len(few) <= 15


def test_detail_shows_profile_series_roster_mujun_and_links(staff, demo_county):
    firm = (county(demo_county).filter(roster_entries__year=2022).filter(roster_entries__year=2023)
            .exclude(tickets=None).exclude(loans=None).order_by("name").first())
    response = staff.get(reverse("enterprises:detail", args=[firm.pk]), AUG)
    assert response.status_code == 200
    page = response.content.decode()
    for text in [firm.name, firm.credit_code, "月度统计（2023年", "1—N月累计", "推算", "1-2月", "1-8月",
                 "2023年", "2022年", "亩均效益评价", "企业诉求", "可享受的惠企政策", "金融支持", "工作专员"]:
        assert text in page, text
    stat = MonthlyStat.objects.get(enterprise=firm, year=2023, month=8)
    assert fmt.money(stat.output_cum) in page
    assert firm.tickets.first().code in page
    assert response.context["mujun"]["item"] is not None


def test_detail_derives_the_month_from_the_firms_own_cumulative_values(staff, demo_county):
    firm = county(demo_county).filter(monthly_stats__year=2023, monthly_stats__month=8).first()
    series = staff.get(reverse("enterprises:detail", args=[firm.pk]), {**AUG, "year": 2023}).context["series"]
    by_label = {row["label"]: row for row in series}
    aug = MonthlyStat.objects.get(enterprise=firm, year=2023, month=8)
    jul = MonthlyStat.objects.get(enterprise=firm, year=2023, month=7)
    output = by_label["1-8月"]["cells"][0]
    assert output["cum"] == fmt.money(aug.output_cum)
    assert output["month"] == fmt.money(aug.output_cum - jul.output_cum)
    assert by_label["1-2月"]["derivable"] is False


def test_detail_lists_the_roster_years(staff, demo_county):
    entry = RosterEntry.objects.filter(enterprise__region=demo_county, year=2023).first()
    response = staff.get(reverse("enterprises:detail", args=[entry.enterprise_id]))
    assert [r.year for r in response.context["roster"]][:1] in ([2023], [2022])
    assert "2023年" in response.content.decode()


def test_staff_edit_the_profile(client, demo_county):
    firm = county(demo_county).filter(park__isnull=False).first()
    staff = staff_of(client, firm.park)
    url = reverse("enterprises:edit", args=[firm.pk])
    form = staff.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "segments"}
    data.update(contact="王新", phone="13800000000", is_treasure="on", segments=[s.pk for s in firm.segments.all()])
    for key in ("is_listed", "is_listing_reserve", "is_active", "is_treasure"):
        if data.get(key) is False:
            data.pop(key)
    data["is_active"] = "on"
    response = staff.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    firm.refresh_from_db()
    assert firm.contact == "王新" and firm.is_treasure


def test_staff_edit_the_industry_code_as_the_bureau_writes_it(client, demo_county):
    firm = county(demo_county).filter(park__isnull=False, industry_code="C1819").first()
    staff = staff_of(client, firm.park)
    url = reverse("enterprises:edit", args=[firm.pk])
    form = staff.get(url).context["form"]
    assert "industry_name" not in form.fields
    data = {k: v for k, v in form.initial.items() if v not in (None, False) and k != "segments"}
    data["segments"] = [s.pk for s in firm.segments.all()]
    response = staff.post(url, {**data, "industry_code": "1810"})
    assert response.status_code == 400 and "C1811 运动机织服装制造" in response.content.decode()
    response = staff.post(url, {**data, "industry_code": "1811"})
    assert response.status_code == 302
    firm.refresh_from_db()
    assert (firm.industry_code, firm.industry_name) == ("C1811", "运动机织服装制造")


def test_leaders_and_enterprises_read_but_do_not_edit(client, demo_county):
    from yuanqu.accounts.models import User

    own = User.objects.get(username="enterprise").enterprise
    for username in ("leader", "enterprise"):
        login(client, username)
        assert client.get(reverse("enterprises:detail", args=[own.pk])).status_code == 200
        assert "修改企业信息" not in client.get(reverse("enterprises:detail", args=[own.pk])).content.decode()
        assert client.get(reverse("enterprises:edit", args=[own.pk])).status_code == 403


def test_anonymous_detail_goes_to_login(client, demo_county):
    firm = county(demo_county).first()
    response = client.get(reverse("enterprises:detail", args=[firm.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url
