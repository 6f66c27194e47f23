"""Browser test: a park officer uploads a statistics file in Debian's chromium, the preview is swapped
into the page by htmx, the warning is confirmed, and the import is written; the page fits a phone."""
from decimal import Decimal

import pytest

from yuanqu.accounts.factories import UserFactory
from yuanqu.accounts.models import User
from yuanqu.cockpit.tests.browser import chromium_session
from yuanqu.core.models import DataBatch
from yuanqu.enterprises.models import MonthlyStat

from . import helpers as h

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    h.county()
    user = UserFactory(username="yuanqu-staff", display_name="园区专员", role=User.Role.ADMIN)
    user.set_password("yuanqu2023")
    user.save()
    return user


def login(s):
    """Log in straight to the import page (the cockpit at / needs a whole county's statistics)."""
    s.goto("/accounts/login/?next=/imports/")
    s.page.fill("input[name=username]", "yuanqu-staff")
    s.page.fill("input[name=password]", "yuanqu2023")
    s.click("button[type=submit]")


def outlier_file(tmp_path):
    rows = h.stats_rows()
    rows[1]["output"] = ((90000, Decimal("9000")), (45000, Decimal("4500")))
    grid, merges = h.bureau_table(rows)
    return h.write_xlsx(tmp_path / "规上工业2023年1-8月.xlsx", grid, merges)


def test_upload_preview_confirm_in_a_browser(live_server, officer, tmp_path):
    path = outlier_file(tmp_path)
    with chromium_session(live_server.url) as s:
        page = s.page
        login(s)
        assert "数据导入" in page.inner_text("h1")
        s.shot("imports-01-form")
        page.select_option("select[name=kind]", "stats")
        page.set_input_files("input[name=file]", str(path))
        page.evaluate("window.notReloaded = true")
        page.click("form[hx-post] button[type=submit]")
        page.wait_for_selector("#preview")
        assert page.evaluate("window.notReloaded === true")  # swapped in by htmx, no page load
        assert "/imports/preview/" in page.url  # pushed: a reload shows the same preview
        body = page.inner_text("#preview")
        assert "预警" in body and "增长100.0%" in body and "第8行" in body
        assert MonthlyStat.objects.count() == 0
        s.shot("imports-02-preview-1366")

        with page.expect_download() as download:
            page.click("a[href*='/imports/report/']")
        assert download.value.suggested_filename.endswith("问题标注.xlsx")

        # the browser itself refuses to submit without the box ticked
        page.click(".confirm-form button[type=submit]")
        assert page.evaluate("document.querySelector('input[name=confirm]').validity.valueMissing")
        assert DataBatch.objects.count() == 0
        page.check("input[name=confirm]")
        s.click(".confirm-form button[type=submit]")
        assert "/imports/batches/" in page.url
        assert "已导入" in page.inner_text(".messages")
        s.shot("imports-03-result")
    assert MonthlyStat.objects.get(enterprise__credit_code=h.code(2)).output_cum == Decimal("9000")


def test_import_page_fits_a_phone(live_server, officer, tmp_path):
    path = outlier_file(tmp_path)
    with chromium_session(live_server.url, viewport=(390, 844)) as s:
        page = s.page
        login(s)
        page.set_input_files("input[name=file]", str(path))
        page.click("form[hx-post] button[type=submit]")
        page.wait_for_selector("#preview")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 400, f"页面在手机上出现横向滚动：{width}px"
        s.shot("imports-04-preview-phone")
