"""Report pages: choose and preview a report, download it (PDF as a background job), check a draft.

Thin: reports are built by build.py from the figure engine; drafts are checked by checker.py.
Briefings (and their Excel appendix ranking every firm) are for the roles that read every row of the
county (access.reads_county); the draft checker for those that read its figures (access.reads_figures).
"""
from __future__ import annotations

import base64

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from yuanqu.cockpit import selectors
from yuanqu.core.access import reads_county, reads_figures
from yuanqu.core.pages import allowed_only
from yuanqu.core.periods import Period
from yuanqu.figures.scope import Scope, ScopeError
from yuanqu.org.selectors import county_for

from . import jobs
from .charts import ChartFontError
from .checker import STATUS_LABELS, Draft, check_text, read_draft
from .forms import DraftForm, ReportForm
from .pdf import PdfError
from .render import FORMATS, Request, filename, render as render_output
from .wording import WordingError

ERRORS = (ValueError, ScopeError, WordingError, ChartFontError, PdfError)
briefing_reader = allowed_only(reads_county, "简报材料列示全县每户企业的数据，仅供县领导、园区工作人员和系统管理员下载")
figure_reader = allowed_only(reads_figures, "材料核对供政府部门用户使用")


def _choices(region, user):
    return {"periods": selectors.periods(user, region), "scopes": selectors.scope_choices(user, region)}


def _report_form(request, data):
    choices = _choices(county_for(request.user), request.user)
    initial = {"period": str(choices["periods"][0]) if choices["periods"] else "", "scope": "county"}
    return ReportForm(data, initial=initial, **choices)


def _request_of(request, form) -> Request:
    d = form.cleaned_data
    return Request(d["kind"], d["when"], d["scope"], d["fmt"], region=county_for(request.user),
                   date=d["date"].isoformat() if d.get("date") else "")


@briefing_reader
def index(request):
    bound = request.GET if "kind" in request.GET else None
    form = _report_form(request, bound)
    ctx = {"form": form}
    if bound is not None and form.is_valid():
        ctx["query"] = urlencode({k: v for k, v in request.GET.items()})
    return render(request, "reports/index.html", ctx)


@briefing_reader
def preview(request):
    form = _report_form(request, request.GET)
    if not form.is_valid():
        return render(request, "reports/index.html", {"form": form})
    try:
        report = _request_of(request, form).build()
        charts = {name: base64.b64encode(c.png).decode("ascii") for name, c in report.charts.items()}
    except ERRORS as exc:
        return render(request, "reports/index.html", {"form": form, "error": str(exc)})
    blocks = []
    chart_no = table_no = 0
    for block in report.blocks:
        item = {"kind": block.kind, "text": block.full_text}
        if block.kind == "chart" and block.ref in report.charts:
            chart_no += 1
            item.update(png=charts[block.ref], caption=f"图{chart_no}　{report.charts[block.ref].title}")
        elif block.kind == "table" and block.ref in report.tables:
            table_no += 1
            table = report.tables[block.ref]
            item.update(caption=f"表{table_no}　{table.title}", headers=[c.header for c in table.columns],
                        rows=table.display_rows(), note=table.note)
        elif block.kind in ("chart", "table"):
            continue
        blocks.append(item)
    query = urlencode({k: v for k, v in request.GET.items()})
    return render(request, "reports/preview.html", {"form": form, "report": report, "blocks": blocks, "query": query})


@briefing_reader
def download(request):
    """docx / xlsx / txt rendered in the request (a second or two); PDF goes through a job."""
    form = _report_form(request, request.GET)
    if not form.is_valid():
        return render(request, "reports/index.html", {"form": form})
    req = _request_of(request, form)
    if req.fmt == "pdf":
        return render(request, "reports/index.html", {"form": form, "error": "PDF 请点“生成 PDF”后台生成"})
    try:
        report = req.build()
        data = render_output(report, req.fmt)
    except ERRORS as exc:
        return render(request, "reports/index.html", {"form": form, "error": str(exc)})
    response = HttpResponse(data, content_type=FORMATS[req.fmt][0])
    response["Content-Disposition"] = _attachment(filename(report, req.fmt))
    return response


def _attachment(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename*=UTF-8''{quote(name)}"


@briefing_reader
@require_POST
def start_job(request):
    form = _report_form(request, request.POST)
    if not form.is_valid():
        return render(request, "reports/index.html", {"form": form})
    try:
        job_id = jobs.submit(_request_of(request, form), user_id=request.user.pk)
    except ERRORS as exc:
        return render(request, "reports/index.html", {"form": form, "error": str(exc)})
    return redirect("reports:job", job_id=job_id)


def _job_or_404(request, job_id):
    info = jobs.status(job_id)
    if info is None or (info.get("user") != request.user.pk and not request.user.is_superuser):
        raise Http404("没有这个生成任务，或任务已过期")
    return info


@briefing_reader
def job(request, job_id):
    info = _job_or_404(request, job_id)
    template = "reports/_job_status.html" if request.headers.get("HX-Request") else "reports/job.html"
    return render(request, template, {"job": info, "job_id": job_id})


@briefing_reader
def job_file(request, job_id):
    info = _job_or_404(request, job_id)
    path = jobs.output_path(job_id)
    if path is None:
        raise Http404("文件尚未生成")
    response = FileResponse(path.open("rb"), content_type=FORMATS[info["fmt"]][0])
    response["Content-Disposition"] = _attachment(info["filename"])
    return response


@figure_reader
def check(request):
    region = county_for(request.user)
    choices = _choices(region, request.user)
    form = DraftForm(request.POST or None, request.FILES or None, initial={"period": "", "scope": "county"},
                     **choices)
    ctx = {"form": form}
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            draft = read_draft(d["file"].name, d["file"].read()) if d.get("file") else Draft.of_text(d["text"])
            period = Period.parse(d["period"]) if d.get("period") else None
            result = check_text(draft, Scope.parse(d["scope"], region=region), period)
        except ERRORS as exc:
            ctx["error"] = str(exc)
        else:
            ctx.update(check=result, results=result.results,
                       summary=[(STATUS_LABELS[s], n, s) for s, n in result.summary().items() if n])
    return render(request, "reports/check.html", ctx)
