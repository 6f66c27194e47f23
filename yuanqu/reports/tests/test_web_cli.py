"""The pages (preview, download, PDF job, draft check) and the commands."""
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from yuanqu.reports import jobs, pdf

from .conftest import sample_path

pytestmark = pytest.mark.django_db

MONTHLY = {"kind": "monthly", "period": "2023-08", "scope": "county", "fmt": "docx"}


@pytest.fixture
def client_in(client, demo_county):
    from yuanqu.accounts.models import User

    client.force_login(User.objects.get(username="leader"))
    return client


def test_pages_need_login(client, demo_county):
    assert client.get(reverse("reports:index")).status_code == 302


def test_index_and_preview(client_in):
    assert "材料生成" in client_in.get(reverse("reports:index")).content.decode()
    page = client_in.get(reverse("reports:preview"), MONTHLY).content.decode()
    assert "全县实现规上工业总产值83.98亿元、增长17.1%" in page
    assert "data:image/png;base64," in page


def test_preview_refuses_bad_input(client_in):
    page = client_in.get(reverse("reports:preview"), {**MONTHLY, "kind": "weekly", "week": "2023-35"}).content.decode()
    assert "周的格式应为" in page


def test_download_docx(client_in):
    response = client_in.get(reverse("reports:download"), MONTHLY)
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert "filename*=UTF-8''" in response["Content-Disposition"]


def test_job_runs_and_serves_the_file(client_in, monkeypatch, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    monkeypatch.setattr(jobs, "INLINE", True)
    response = client_in.post(reverse("reports:start_job"), {**MONTHLY, "fmt": "xlsx"})
    assert response.status_code == 302
    job_page = client_in.get(response["Location"]).content.decode()
    assert "已完成" in job_page
    job_id = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    data = b"".join(client_in.get(reverse("reports:job_file", args=[job_id])).streaming_content)
    assert data.startswith(b"PK")
    partial = client_in.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial  # finished: polling stops


def test_job_failure_is_reported(client_in, monkeypatch, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    monkeypatch.setattr(jobs, "INLINE", True)
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    response = client_in.post(reverse("reports:start_job"), {**MONTHLY, "fmt": "pdf"})
    assert "未找到 LibreOffice" in client_in.get(response["Location"]).content.decode()


def test_other_users_jobs_are_hidden(client_in, monkeypatch, settings, tmp_path):
    from yuanqu.reports.render import Request

    settings.VAR_DIR = tmp_path
    monkeypatch.setattr(jobs, "INLINE", True)
    job_id = jobs.submit(Request("monthly", "2023-08", fmt="txt"), user_id=-1)
    assert client_in.get(reverse("reports:job", args=[job_id])).status_code == 404
    assert client_in.get("/reports/jobs/..%2F..%2Fetc/").status_code == 404
    assert client_in.get(reverse("reports:job", args=["not-a-job"])).status_code == 404


def test_check_page_with_text_and_upload(client_in):
    text = sample_path().read_text(encoding="utf-8")
    page = client_in.post(reverse("reports:check"), {"text": text, "period": "", "scope": "county"}).content.decode()
    assert 'class="differs"' in page and "84.23%" in page and "按投资额" in page
    assert "核对期别：<strong>2023年1-8月</strong>（材料写作“1-8月”）" in page
    assert 'href="/figures/park.output_share/?period=2023-08&amp;scope=county"' in page
    upload = io.BytesIO("园区90户规上企业实现工业总产值70.74亿元。".encode("gb18030"))
    upload.name = "draft.txt"
    page = client_in.post(reverse("reports:check"), {"file": upload, "period": "2023-08", "scope": "county"})
    assert 'class="agrees"' in page.content.decode()


def test_check_page_warns_of_a_period_without_data(client_in):
    text = "2024年1-8月，全县实现规上工业总产值83.98亿元。"
    page = client_in.post(reverse("reports:check"), {"text": text, "period": "2023-08", "scope": "county"})
    page = page.content.decode()
    assert 'class="no_data"' in page and "平台无该期数据" in page and "平台无2024年1-8月的统计数据" in page
    assert "材料所述期别为2024年1-8月" in page


def test_report_command(demo_county, tmp_path):
    out = io.StringIO()
    call_command("report", "monthly", "--period", "2023-08", "--format", "docx", "-o", str(tmp_path) + "/", stdout=out)
    assert (tmp_path / "示例县-月调度-2023-08.docx").exists()
    out = io.StringIO()
    call_command("report", "quarterly", "--quarter", "2023Q3", "--format", "txt", stdout=out)
    assert "2023年第三季度盘点情况" in out.getvalue()


def test_check_draft_command_json(demo_county):
    out = io.StringIO()
    call_command("check-draft", str(sample_path()), "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["period"] == "2023-08" and payload["draft_period"]["words"] == "1-8月"
    by_text = {c["text"]: c for c in payload["claims"]}
    assert by_text["84.26%"]["status"] == "differs" and by_text["84.26%"]["display"] == "84.23%"
    assert "70.74亿元 ÷ 83.98亿元" in " ".join(by_text["84.26%"]["hints"])
    assert by_text["98%"]["key"] == "projects.start_rate.by_amount"
    assert by_text["83.98亿元"]["url"] == "/figures/industry.output_ytd/?period=2023-08&scope=county"
    assert payload["summary"]["differs"] == 1  # only the parks' share (84.26%)


def test_check_draft_command_text(demo_county, tmp_path):
    path = tmp_path / "材料.txt"
    path.write_text("2024年1-8月，全县实现规上工业总产值83.98亿元。", encoding="utf-8")
    out = io.StringIO()
    call_command("check-draft", str(path), "--period", "2023-08", stdout=out)
    text = out.getvalue()
    assert "核对期别：2024年1-8月" in text and "注意：材料所述期别为2024年1-8月" in text
    assert "无该期数据" in text and "该数与2023年1-8月的平台数值一致" in text


def test_report_date_from_the_command_and_the_page(client_in, demo_county, tmp_path):
    out = io.StringIO()
    call_command("report", "monthly", "--period", "2023-08", "--format", "txt", "--date", "2023-09-12", stdout=out)
    assert out.getvalue().rstrip().endswith("2023年9月12日")
    with pytest.raises(Exception, match="成文日期的格式应为 YYYY-MM-DD"):
        call_command("report", "monthly", "--period", "2023-08", "--format", "txt", "--date", "9月12日")
    assert 'name="date"' in client_in.get(reverse("reports:index")).content.decode()
    page = client_in.get(reverse("reports:preview"), {**MONTHLY, "date": "2023-09-15"}).content.decode()
    assert "2023年9月15日" in page
    response = client_in.get(reverse("reports:download"), {**MONTHLY, "fmt": "txt"})
    assert response.content.decode().rstrip().endswith("2023年9月11日")  # default: the reporting date


@pytest.mark.parametrize("kind, when, expected", [
    ("monthly", "2023-08", "2023-09-11"),  # 10 September 2023 is a Sunday: the Monday after
    ("monthly", "2023-12", "2024-01-10"),
    ("quarterly", "2023Q3", "2023-10-16"),  # 15 October is a Sunday
    ("weekly", "2023-W35", "2023-09-04"),  # the Monday after the week
])
def test_default_issue_date(kind, when, expected, settings):
    import datetime as dt

    from yuanqu.core.periods import Period
    from yuanqu.reports.periods import Quarter, Week, default_issue_date

    parsed = {"monthly": Period.parse, "weekly": Week.parse, "quarterly": Quarter.parse}[kind](when)
    assert default_issue_date(kind, parsed) == dt.date.fromisoformat(expected)
    settings.YUANQU_RULES = {**settings.YUANQU_RULES, "report_issue": {"monthly_day": 5, "quarterly_day": 5,
                                                                       "weekly_weekday": 1}}
    assert default_issue_date("monthly", Period(2023, 8)) == dt.date(2023, 9, 5)
