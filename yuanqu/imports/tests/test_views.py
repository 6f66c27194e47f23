"""The 数据导入 web page: upload → preview (nothing written) → confirm → all or nothing."""
import io
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from yuanqu.accounts.factories import UserFactory
from yuanqu.accounts.models import User
from yuanqu.core.models import DataBatch
from yuanqu.enterprises.models import MonthlyStat
from yuanqu.imports import pending
from yuanqu.imports.models import Revision
from yuanqu.imports.kinds import get_kind, names

from . import helpers as h

pytestmark = pytest.mark.django_db

UPLOAD = reverse("imports:upload")
CONFIRM = reverse("imports:confirm")
FIELDS = list(h.expected_stats()[h.code(1)])


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def login(client, role, username=""):
    client.force_login(UserFactory(username=username or f"u-{role}", role=role))
    return client


@pytest.fixture
def editor(client):
    """The county's administrator: who imports (yuanqu/imports/roles.py)."""
    return login(client, User.Role.ADMIN)


def upload(client, path, kind="stats", period="", **headers):
    f = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(UPLOAD, {"kind": kind, "period": period, "file": f}, headers=headers)


def confirm(client, preview, **extra):
    data = {"token": preview["entry"].token, "sha256": preview["entry"].sha256, **extra}
    return client.post(CONFIRM, data, follow=True)


def stored():
    return {s.enterprise.credit_code: {f: getattr(s, f) for f in FIELDS}
            for s in MonthlyStat.objects.filter(year=2023, month=8).select_related("enterprise")}


def good_file(tmp_path, rows=None, name="规上工业2023年1-8月.xlsx"):
    grid, merges = h.bureau_table(rows)
    return h.write_xlsx(tmp_path / name, grid, merges)


def bad_file(tmp_path, mutate, name="bad.xlsx", **kw):
    rows = h.stats_rows()
    mutate(rows)
    grid, merges = h.bureau_table(rows, **kw)
    return h.write_xlsx(tmp_path / name, grid, merges)


def text(response) -> str:
    return response.content.decode()


# --------------------------------------------------------------------------- the good path


def test_good_file_preview_writes_nothing_then_confirm_writes(editor, county, tmp_path, media):
    path = good_file(tmp_path)
    before = h.snapshot()
    response = upload(editor, path)
    assert response.status_code == 200
    p = response.context["preview"]
    assert p["counts"] == [{"label": "月度统计", "new": 2, "changed": 0, "unchanged": 0, "removed": 0}]
    assert p["to_write"] == 2 and not p["errors_total"] and not p["warnings_total"] and p["can_confirm"]
    page = text(response)
    for expected in ("校验通过", "2023年1-8月", "规上工业", "示例企业1", "新增月度统计", "这是预览", "确认导入",
                     p["entry"].sha256):
        assert expected in page, expected
    assert 'name="confirm"' not in page  # no warnings: no checkbox
    assert h.snapshot() == before  # nothing written by the preview
    kept = media / "imports" / f"{p['entry'].sha256}.xlsx"
    assert kept.read_bytes() == path.read_bytes()

    response = confirm(editor, p)
    batch = DataBatch.objects.get()
    assert response.redirect_chain[-1][0] == reverse("imports:batch", args=[batch.pk])
    page = text(response)
    assert f"数据批次 #{batch.pk}" in page and "已导入" in page and "新增2" in page and path.name in page
    assert (batch.source, batch.kind, batch.file_name, batch.user.username) == \
        (DataBatch.Source.IMPORT, "stats", path.name, "u-admin")
    assert (batch.period_year, batch.period_month, batch.row_count) == (2023, 8, 2)
    assert stored() == h.expected_stats()
    assert not kept.exists()  # imported: the stored upload is removed

    # the latest imports are listed with who / when / file / rows
    page = text(editor.get(UPLOAD))
    assert path.name in page and str(batch.user) in page and "2023年1-8月" in page
    assert reverse("imports:batch", args=[batch.pk]) in page
    assert 'href="/imports/"' in page and "数据导入" in page  # the navigation entry

    # the same preview cannot be confirmed twice
    response = confirm(editor, p)
    assert "预览已失效" in text(response) and DataBatch.objects.count() == 1


def test_reimport_and_correction_show_revisions(editor, county, tmp_path):
    first = upload(editor, good_file(tmp_path)).context["preview"]
    confirm(editor, first)
    again = upload(editor, good_file(tmp_path)).context["preview"]
    assert again["counts"][0] == {"label": "月度统计", "new": 0, "changed": 0, "unchanged": 2, "removed": 0}
    response = confirm(editor, again)
    assert "未修改任何数据" in text(response)

    rows = h.stats_rows()
    rows[1]["output"] = ((52000, Decimal("5200")), (45000, Decimal("4500")))
    corrected = upload(editor, good_file(tmp_path, rows, name="更正.xlsx")).context["preview"]
    assert corrected["counts"][0]["changed"] == 1
    assert any("工业总产值" in line and "5000.00 → 5200.00" in line for line in corrected["data"]["diff"])
    response = confirm(editor, corrected)
    page = text(response)
    assert "修改1" in page and "修订记录（1条）" in page and "5000.00" in page and "5200.00" in page
    assert Revision.objects.get().changes == {"output_cum": ["5000.00", "5200.00"]}
    assert "工业总产值（本年1—本月）：5000.00 → 5200.00" in page
    assert stored() == h.expected_stats(rows)


def test_htmx_upload_swaps_the_preview_in(editor, county, tmp_path):
    response = upload(editor, good_file(tmp_path), HX_Request="true")
    page = text(response)
    assert response.status_code == 200 and "<html" not in page and 'id="preview"' in page
    assert [t.name for t in response.templates][0] == "imports/_work.html"
    url = response["HX-Push-Url"]
    assert url == response.context["preview"]["preview_url"]
    # the pushed URL shows the same preview as a whole page (validated again, nothing written)
    again = editor.get(url)
    assert again.status_code == 200 and "<html" in text(again)
    assert again.context["preview"]["counts"] == response.context["preview"]["counts"]
    assert MonthlyStat.objects.count() == 0


def test_page_shows_form_and_templates(editor):
    page = text(editor.get(UPLOAD))
    assert 'enctype="multipart/form-data"' in page and 'hx-post="/imports/"' in page
    for kind in names():
        assert f'<option value="{kind}"' in page and get_kind(kind).label in page
        assert reverse("imports:template", args=[kind]) in page
    assert "还没有导入过文件" in page


# --------------------------------------------------------------------------- bad input


def test_bad_file_shows_errors_and_report_and_changes_nothing(editor, county, tmp_path):
    path = bad_file(tmp_path, lambda rows: rows[0].update(revenue=(("12O0", None), (1, 1))), total=False)
    before = h.snapshot()
    response = upload(editor, path)
    p = response.context["preview"]
    assert p["errors_total"] >= 1 and not p["can_confirm"]
    error = next(e for e in p["errors"] if e["row"] == 6 and e["column"] == "F")
    assert "12O0" in error["text"] and "数字" in error["text"] and error["sheet"] == "规上工业"
    page = text(response)
    for expected in ("有1个错误，不能导入", "第6行", "F列", "12O0", "营业收入", "下载问题标注文件", "未写入任何数据"):
        assert expected in page, expected
    assert CONFIRM not in page  # no confirm form

    report = editor.get(p["report_url"])
    assert report.status_code == 200
    assert report["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "bad-问题标注.xlsx" in unquote(report["Content-Disposition"])
    wb = load_workbook(io.BytesIO(report.content))
    cell = wb["规上工业"]["F6"]
    assert cell.value == "12O0" and "应为" in cell.comment.text
    assert "问题清单" in wb.sheetnames

    # a confirm forced by hand is refused by the service too
    response = confirm(editor, p)
    assert "未导入：有1个错误，没有写入任何数据" in text(response)
    assert h.snapshot() == before


@pytest.mark.parametrize("name, content, expected", [
    ("stats.xlsx", b"this is not a workbook", "不是 Excel 工作簿"),
    ("stats.csv", b"\r\n", "空文件"),
])
def test_unreadable_file_gets_a_clear_message(editor, county, tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    before = h.snapshot()
    response = upload(editor, path)
    assert response.status_code == 200
    assert expected in text(response) and not response.context["preview"]["can_confirm"]
    report = editor.get(response.context["preview"]["report_url"])
    assert "问题清单" in load_workbook(io.BytesIO(report.content)).sheetnames
    assert h.snapshot() == before


def test_form_refuses_other_file_types_and_bad_periods(editor, county, tmp_path):
    pdf = tmp_path / "stats.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    response = upload(editor, pdf)
    assert response.context["preview"] is None
    assert "应为 .xlsx、.xls 或 .csv 文件" in text(response)
    assert "不按期别导入" in text(upload(editor, good_file(tmp_path), kind="land", period="2023-08"))
    assert "应写到月份" in text(upload(editor, good_file(tmp_path), period="2023"))
    assert "格式不对" in text(upload(editor, good_file(tmp_path), period="八月"))
    # a period given on the form is checked against the title line by the service
    response = upload(editor, good_file(tmp_path), period="2023-7")
    assert "不一致" in text(response) and not response.context["preview"]["can_confirm"]
    assert MonthlyStat.objects.count() == 0 and DataBatch.objects.count() == 0


def test_warnings_require_the_checkbox(editor, county, tmp_path):
    path = bad_file(tmp_path, lambda rows: rows[1].update(output=((90000, Decimal("9000")),
                                                                 (45000, Decimal("4500")))))
    before = h.snapshot()
    response = upload(editor, path)
    p = response.context["preview"]
    assert p["warnings_total"] >= 1 and not p["errors_total"] and p["can_confirm"]
    page = text(response)
    assert "我已核对以上预警数据，确认导入" in page and 'name="confirm"' in page
    assert "第8行" in page and "增长100.0%" in page and "下载问题标注文件" in page

    response = confirm(editor, p)  # without the box ticked
    page = text(response)
    assert "预警数据尚未确认" in page and "请逐条核对后勾选" in page
    assert h.snapshot() == before

    response = confirm(editor, p, confirm="on")
    assert "已导入" in text(response)
    assert MonthlyStat.objects.get(enterprise__credit_code=h.code(2)).output_cum == Decimal("9000")


def test_tampered_sha256_is_refused(editor, county, tmp_path, media):
    p = upload(editor, good_file(tmp_path)).context["preview"]
    before = h.snapshot()
    token, sha = p["entry"].token, p["entry"].sha256

    response = editor.post(CONFIRM, {"token": token, "sha256": "0" * 64}, follow=True)
    assert "文件与预览时的文件不一致" in text(response) and "没有写入任何数据" in text(response)
    # a refused hash ends that preview: the right hash does not revive it
    assert "预览已失效" in text(editor.post(CONFIRM, {"token": token, "sha256": sha}, follow=True))
    assert not (media / "imports" / f"{sha}.xlsx").exists()

    p = upload(editor, good_file(tmp_path)).context["preview"]
    response = editor.post(CONFIRM, {"token": p["entry"].token, "sha256": "../../etc/passwd"}, follow=True)
    assert "确认请求无效" in text(response)
    response = editor.post(CONFIRM, {"token": "nosuchtoken", "sha256": p["entry"].sha256}, follow=True)
    assert "预览已失效" in text(response)
    # the stored bytes changed behind the preview's back: the service's hash check refuses them
    stored_file = media / "imports" / f"{p['entry'].sha256}.xlsx"
    stored_file.write_bytes(good_file(tmp_path, name="other.xlsx", rows=h.stats_rows()[:1]).read_bytes())
    response = confirm(editor, p)
    assert "文件与预览时的文件不一致" in text(response)
    assert h.snapshot() == before


def test_another_users_preview_cannot_be_confirmed_or_downloaded(editor, county, tmp_path):
    p = upload(editor, good_file(tmp_path)).context["preview"]
    other = login(Client(), User.Role.ADMIN, "another-admin")
    response = confirm(other, p)
    assert "预览已失效" in text(response)
    assert other.get(reverse("imports:report", args=[p["entry"].token])).status_code == 404
    assert MonthlyStat.objects.count() == 0


def test_pending_uploads_expire(editor, county, tmp_path, media):
    p = upload(editor, good_file(tmp_path)).context["preview"]
    kept = media / "imports" / f"{p['entry'].sha256}.xlsx"
    pending.prune(now=kept.stat().st_mtime + pending.KEEP_SECONDS + 1)
    assert not kept.exists()
    assert "预览已失效" in text(confirm(editor, p))
    assert MonthlyStat.objects.count() == 0


# --------------------------------------------------------------------------- templates and access


@pytest.mark.parametrize("kind", names())
def test_template_downloads_for_each_kind(editor, kind):
    response = editor.get(reverse("imports:template", args=[kind]))
    assert response.status_code == 200
    assert f"{get_kind(kind).label}导入模板.xlsx" in unquote(response["Content-Disposition"])
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames[-1] == "填写说明"


def test_unknown_template_is_404(editor):
    assert editor.get(reverse("imports:template", args=["nothing"])).status_code == 404


def test_leader_gets_403(client, county, tmp_path):
    leader = login(client, User.Role.LEADER)
    response = leader.get(UPLOAD)
    assert response.status_code == 403 and "无权导入数据" in text(response) and "县领导" in text(response)
    assert upload(leader, good_file(tmp_path)).status_code == 403
    assert leader.post(CONFIRM, {"token": "x", "sha256": "0" * 64}).status_code == 403
    assert leader.get(reverse("imports:report", args=["x"])).status_code == 403
    assert leader.get(reverse("imports:batch", args=[1])).status_code == 403
    assert leader.get(reverse("imports:template", args=["stats"])).status_code == 200  # a blank form is no data
    assert MonthlyStat.objects.count() == 0 and DataBatch.objects.count() == 0


@pytest.mark.parametrize("url", [UPLOAD, reverse("imports:template", args=["stats"]),
                                 reverse("imports:batch", args=[1]), reverse("imports:preview", args=["x"])])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login")) and "next=" in response["Location"]


def test_anonymous_post_is_sent_to_login(client, county, tmp_path):
    response = upload(client, good_file(tmp_path))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert MonthlyStat.objects.count() == 0


def test_a_refused_upload_is_not_kept(editor, county, tmp_path, media):
    """A file with errors is deleted at once; its error report is what is kept (and downloadable)."""
    path = bad_file(tmp_path, lambda rows: rows[0].update(revenue=(("12O0", None), (1, 1))), total=False)
    p = upload(editor, path).context["preview"]
    assert p["errors_total"] and not p["can_confirm"]
    folder = media / "imports"
    assert not (folder / f"{p['entry'].sha256}.xlsx").exists()
    assert [f.name for f in folder.iterdir()] == [f"report-{p['entry'].token}.xlsx"]
    wb = load_workbook(io.BytesIO(editor.get(p["report_url"]).content))
    assert "应为" in wb["规上工业"]["F6"].comment.text
    assert "预览已失效" in text(editor.get(reverse("imports:preview", args=[p["entry"].token]), follow=True))
    assert "未导入：有1个错误" in text(confirm(editor, p))
    assert not list(folder.iterdir())  # forgotten with its report once refused at the confirm step too


def test_a_huge_sheet_is_refused_through_the_page_and_not_kept(editor, county, media):
    from .test_bad_input import FAR_CELL, sparse_xlsx

    f = SimpleUploadedFile("小文件.xlsx", sparse_xlsx(FAR_CELL))
    response = editor.post(UPLOAD, {"kind": "stats", "period": "2023-08", "file": f})
    assert "超过导入上限" in text(response) and not response.context["preview"]["can_confirm"]
    assert not any(p.suffix == ".xlsx" and not p.name.startswith("report-") for p in (media / "imports").iterdir())


def test_web_messages_name_no_command_line_option(editor, county, tmp_path):
    """What the page shows says what to do on the page: no --period, --sheet, --kind or --confirm-warnings."""
    files = [
        bad_file(tmp_path, lambda rows: None, title="规模以上工业企业主要经济指标", name="无期别.xlsx"),
        bad_file(tmp_path, lambda rows: rows[1].update(code=h.code(77), name="不存在的企业"), name="无此企业.xlsx"),
        bad_file(tmp_path, lambda rows: rows[1].update(output=((90000, Decimal("9000")), (45000, Decimal("4500")))),
                 name="预警.xlsx"),
    ]
    for path in files:
        data = upload(editor, path).context["preview"]["data"]
        shown = [i["message"] for i in data["errors"] + data["warnings"] + data["infos"]]
        assert shown and not [m for m in shown if "--" in m], shown
