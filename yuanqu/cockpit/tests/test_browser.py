"""Browser tests: a leader's journey through the cockpit in Debian's chromium."""
import pytest

from .browser import chromium_session

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_demo(live_server, demo_county):
    """The demo county in the live server's database (a transactional test flushes it afterwards)."""
    from yuanqu.chains.models import Chain
    from yuanqu.demo.county import ensure_county
    from yuanqu.org.models import Park

    ensure_county()
    park = Park.objects.filter(region__code=demo_county.code).order_by("code").first()
    chain = Chain.objects.filter(region__code=demo_county.code, is_main=True).order_by("code").first()
    return {"url": live_server.url, "park": (park.code, park.name), "chain": (chain.code, chain.name)}


def test_leader_opens_the_cockpit_switches_period_and_scope_and_explains_a_kpi(live_demo):
    with chromium_session(live_demo["url"]) as s:
        page = s.page
        s.goto("/")
        assert "/accounts/login/" in page.url
        s.shot("01-login")
        s.login("leader")
        s.choose("select[name=period]", "2023-08")
        body = page.inner_text("body")
        for text in ["83.98亿元", "增长17.1%", "70.74亿元", "84.23%"]:
            assert text in body, text
        for chart in ["chart-trend", "chart-chains", "chart-funnel", "chart-keys"]:
            page.wait_for_selector(f"#{chart} canvas", state="attached")
        s.shot("02-cockpit-county-2023-08")

        park_code, park_name = live_demo["park"]
        s.choose("select[name=scope]", f"park:{park_code}")
        assert f"{park_name} · 2023年1-8月 驾驶舱" in page.inner_text("h1")
        page.wait_for_selector("#chart-trend canvas", state="attached")
        s.shot("03-cockpit-park")

        s.choose("select[name=scope]", "county")
        s.click("a.kpi[data-key='park.output_ytd']")
        text = page.inner_text("body")
        assert "计算公式" in text and "来源数据" in text and "70.74亿元" in text
        s.shot("04-explain-park-output")


def test_cockpit_fits_a_phone(live_demo):
    with chromium_session(live_demo["url"], viewport=(390, 844)) as s:
        s.login("leader")
        s.goto("/?period=2023-08")
        s.page.wait_for_selector("#chart-trend canvas", state="attached")
        width = s.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 400, f"页面在手机上出现横向滚动：{width}px"
        s.shot("05-cockpit-phone")


def _open_first_row(s, list_path: str, name: str) -> str:
    """Open a list, follow the first row's link to its detail page, return the detail's heading."""
    s.goto(list_path)
    s.page.wait_for_selector("table.data.list tbody tr td a")
    s.click("table.data.list tbody tr:first-child td a")
    heading = s.page.inner_text("h1")
    assert heading.strip(), f"{list_path} 的详情页没有标题"
    s.shot(name)
    return heading


def test_staff_open_an_enterprise_a_project_and_a_ticket_and_export_a_list(live_demo):
    with chromium_session(live_demo["url"]) as s:
        s.login("park")
        _open_first_row(s, "/enterprises/", "06-enterprise-detail")
        assert "统一社会信用代码" in s.page.inner_text("body")
        _open_first_row(s, "/projects/", "07-project-detail")
        assert "阶段" in s.page.inner_text("body")
        _open_first_row(s, "/service/", "08-ticket-detail")
        assert "办理" in s.page.inner_text("body")

        s.goto("/enterprises/")
        s.page.wait_for_selector("text=导出Excel")
        s.shot("09-enterprise-list")
        with s.page.expect_download() as info:
            s.page.click("text=导出Excel")
        download = info.value
        assert download.suggested_filename.endswith(".xlsx")
        import io
        from pathlib import Path

        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True).active
        rows = list(sheet.iter_rows(values_only=True))
        assert any("统一社会信用代码" in str(cell) for row in rows[:5] for cell in row if cell), rows[:3]
        assert len(rows) > 50  # the whole filtered list, not one page


def test_pages_run_under_the_content_security_policy(live_demo):
    """Every script and style comes from static files: chart tooltips, the self-submitting selectors and the
    admin work with the policy on, and nothing is refused (a refusal is a console error)."""
    with chromium_session(live_demo["url"]) as s:
        page = s.page
        response = s.goto("/admin/login/")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert page.evaluate("document.querySelector('link[rel=icon]').href").endswith("/static/core/favicon.ico")
        s.login("leader")
        s.goto("/?period=2023-08")
        page.wait_for_selector("#chart-trend canvas", state="attached")
        box = page.locator("#chart-trend").bounding_box()
        page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.5)
        page.wait_for_timeout(400)  # the tooltip is drawn
        s.shot("10-cockpit-tooltip-under-csp")
        s.choose("select[name=period]", "2023-07")
        assert "2023年1-7月" in page.inner_text("h1")
        s.goto("/reports/preview/?kind=monthly&period=2023-08&scope=county&fmt=docx")
        page.wait_for_selector(".paper figure img")  # the charts, as data: images
        assert page.evaluate("getComputedStyle(document.querySelector('.paper')).backgroundColor") == "rgb(255, 255, 255)"
        s.goto("/reports/check/")
        page.fill("textarea[name=text]", "园区90户规上企业实现工业总产值70.74亿元。")
        s.click("form.check-form button[type=submit]")
        assert page.locator("tr.agrees td.status").count() >= 1
        s.goto("/projects/")
        page.wait_for_selector("table.data.list tbody tr td a")
        s.click("table.data.list tbody tr:first-child td a")
        if page.locator("select[name=year]").count():
            years = page.eval_on_selector_all("select[name=year] option", "els => els.map(e => e.value)")
            if len(years) > 1:
                s.choose("select[name=year]", years[-1])
                assert f"year={years[-1]}" in page.url
