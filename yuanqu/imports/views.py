"""数据导入 web page: upload → preview (nothing written) → confirm → all-or-nothing write.

Step 1 (POST /imports/) stores the uploaded bytes server-side (pending.py) and shows
service.prepare()'s preview; step 2 (POST /imports/confirm/) calls service.execute() on the stored
bytes with the sha256 the preview showed, and the warnings confirmed or not. Views stay thin: the
service validates and writes; this module only moves bytes and renders.
"""
from __future__ import annotations

from functools import wraps
from pathlib import Path

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yuanqu.core.access import visible
from yuanqu.core.models import DataBatch
from yuanqu.core.pages import in_county, page_region
from yuanqu.core.periods import Period

from . import pending as store
from . import service
from .forms import ConfirmForm, UploadForm
from .models import Revision
from .kinds import get_kind, names
from .roles import kinds_for, may_import
from .templates import template_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DIFF_SHOWN = 100  # rows of the per-row diff shown in the preview
ISSUES_SHOWN = 1000  # errors / warnings listed on the page; the error report lists every one
BATCHES_SHOWN = 20
REVISIONS_SHOWN = 500
EXPIRED = "这次预览已失效（文件已导入、已过期，或不是在本次登录中上传的），请重新上传文件并预览。"


def _htmx(request) -> bool:
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


def _download(data: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    response["Cache-Control"] = "no-store"
    return response


def importer_required(view):
    """Login required; then only users who may import some kind (roles.py) (others: 403 in Chinese)."""
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_import(request.user):
            return render(request, "imports/forbidden.html", {"role": request.user.get_role_display()},
                          status=403)
        return view(request, *args, **kwargs)
    return wrapper


# --------------------------------------------------------------------------- page parts

def _templates() -> list[dict]:
    out = []
    for kind in names():
        spec = get_kind(kind)
        out.append({"kind": kind, "label": spec.label, "title": spec.title, "note": spec.note,
                    "period": {"month": "按月（YYYY-MM）", "year": "按年度"}.get(spec.period, "不分期别"),
                    "url": reverse("imports:template", args=[kind])})
    return out


def _kind_label(kind: str) -> str:
    try:
        return get_kind(kind).label
    except KeyError:
        return kind or "—"


def _label(batch: DataBatch) -> DataBatch:
    """Adds kind_label and period_label (2023年1-8月 / 2023年) for display."""
    batch.kind_label = _kind_label(batch.kind)
    batch.period_label = ""
    if batch.period_year and batch.period_month:
        batch.period_label = Period(batch.period_year, batch.period_month).full_label
    elif batch.period_year:
        batch.period_label = f"{batch.period_year}年"
    return batch


def _imports(user):
    """The import batches of the user's county that they may see."""
    return visible(in_county(DataBatch.objects.filter(source=DataBatch.Source.IMPORT), page_region(user), "region"),
                   user)


def _batches(user) -> list[DataBatch]:
    return [_label(b) for b in _imports(user).select_related("user").order_by("-created_at", "-pk")[:BATCHES_SHOWN]]


def _preview(result: service.ImportResult, entry: store.Pending, confirm_error: str = "") -> dict:
    """What the preview template shows, from a prepare() (or a refused execute()) result."""
    data = result.as_dict(diff_limit=DIFF_SHOWN)
    counts = [{"label": label, **c} for label, c in data["counts"].items()]
    to_write = sum(c["new"] + c["changed"] + c["removed"] for c in counts)
    has_issues = bool(data["errors"] or data["warnings"])
    return {
        "data": data, "entry": entry, "counts": counts, "to_write": to_write,
        "diff_more": to_write > len(data["diff"]),
        "errors": data["errors"][:ISSUES_SHOWN], "errors_total": len(data["errors"]),
        "warnings": data["warnings"][:ISSUES_SHOWN], "warnings_total": len(data["warnings"]),
        "infos": data["infos"], "issues_cut": max(len(data["errors"]), len(data["warnings"])) > ISSUES_SHOWN,
        "report_url": reverse("imports:report", args=[entry.token]) if has_issues else "",
        "can_confirm": result.can_write, "confirm_error": confirm_error,
        "confirm_form": ConfirmForm(initial={"token": entry.token, "sha256": entry.sha256}),
        "preview_url": reverse("imports:preview", args=[entry.token]) if result.can_write else "",
    }


def _page(request, form: UploadForm, preview: dict | None = None, status: int = 200):
    _own_kinds(form, request.user)
    if _htmx(request):
        response = render(request, "imports/_work.html", {"form": form, "preview": preview}, status=status)
        if preview and preview["preview_url"]:
            response["HX-Push-Url"] = preview["preview_url"]
        return response
    context = {"form": form, "preview": preview, "templates": _templates(), "batches": _batches(request.user)}
    return render(request, "imports/upload.html", context, status=status)


def _prepare(request, entry: store.Pending, data: bytes) -> service.ImportResult:
    return service.prepare(data, entry.kind, period=entry.period or None, file_name=entry.file_name,
                           user=request.user, region=page_region(request.user))


def _own_kinds(form: UploadForm, user) -> UploadForm:
    """The kinds `user` may import, and no other (a posted kind outside them is an invalid choice)."""
    allowed = set(kinds_for(user, names()))
    form.fields["kind"].choices = [c for c in form.fields["kind"].choices if c[0] in allowed]
    return form


def _form_for(entry: store.Pending) -> UploadForm:
    return UploadForm(initial={"kind": entry.kind, "period": entry.period})


def _stored(request, token) -> tuple[store.Pending | None, bytes | None]:
    """The preview `token` of this session and its stored bytes (None when refused, or gone: then
    forgotten too)."""
    entry = store.get(request, token)
    if entry is not None and not may_import(request.user, entry.kind):
        raise PermissionDenied("您的角色不能导入这一类数据")
    data = entry.read() if entry else None
    if entry and data is None and not entry.errors:
        store.forget(request, entry)
    return entry, data


def _expired(request):
    messages.error(request, EXPIRED)
    return redirect("imports:upload")


# --------------------------------------------------------------------------- views

@require_http_methods(["GET", "POST"])
@importer_required
def upload(request):
    """Step 1: the form; on POST the file is stored, validated (nothing written) and previewed."""
    if request.method == "GET":
        return _page(request, UploadForm(initial={"kind": request.GET.get("kind", "stats")}))
    form = _own_kinds(UploadForm(request.POST, request.FILES), request.user)
    if not form.is_valid():
        return _page(request, form)
    upload_file = form.cleaned_data["file"]
    data = upload_file.read()
    entry = store.save(request, data, upload_file.name, form.cleaned_data["kind"], form.cleaned_data["period"])
    result = _prepare(request, entry, data)
    if result.errors:  # it cannot be imported: not kept, only its error report is
        store.refuse(request, entry, len(result.errors), service.error_workbook(result))
    return _page(request, _form_for(entry), _preview(result, entry))


@require_GET
@importer_required
def preview(request, token):
    """The preview of a file uploaded in this session, validated again (the database may have changed)."""
    entry, data = _stored(request, token)
    if data is None:
        return _expired(request)
    return _page(request, _form_for(entry), _preview(_prepare(request, entry, data), entry))


@require_POST
@importer_required
def confirm(request):
    """Step 2: write all or nothing, with the sha256 the preview showed and the warnings confirmed or not."""
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        problems = "；".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, f"确认请求无效（{problems}），没有写入任何数据；请重新上传文件并预览。")
        return redirect("imports:upload")
    entry, data = _stored(request, form.cleaned_data["token"])
    if entry and entry.errors:  # refused at the preview: the file is gone
        store.forget(request, entry)
        messages.error(request, f"未导入：有{entry.errors}个错误，没有写入任何数据；请改正后重新上传。")
        return redirect("imports:upload")
    if data is None:
        return _expired(request)
    result = service.execute(data, entry.kind, period=entry.period or None, file_name=entry.file_name,
                             user=request.user, region=page_region(request.user),
                             confirm_warnings=form.cleaned_data["confirm"], expected_sha256=form.cleaned_data["sha256"])
    if result.ok:
        store.forget(request, entry)
        batch = result.batch
        if result.status == service.IMPORTED:
            messages.success(request, f"已导入“{entry.file_name}”（{get_kind(entry.kind).label}）：{result.summary()}。"
                                      f"数据批次 #{batch.pk}")
        else:
            messages.info(request, f"“{entry.file_name}”的内容与库中数据一致，未修改任何数据（已记录数据批次 #{batch.pk}）。")
        return redirect("imports:batch", batch.pk)
    file_errors = [i for i in result.errors if i.code == "file"]
    if file_errors:  # the bytes are not those previewed (or the sha256 was altered): start again
        store.forget(request, entry)
        messages.error(request, f"未导入：{file_errors[0]}。没有写入任何数据。")
        return redirect("imports:upload")
    confirm_error = ""
    if result.status == service.NEEDS_CONFIRMATION:
        confirm_error = f"有{len(result.warnings)}条预警，请逐条核对后勾选“我已核对以上预警数据，确认导入”。"
        messages.error(request, "未导入：预警数据尚未确认，没有写入任何数据。")
    else:
        messages.error(request, f"未导入：有{len(result.errors)}个错误，没有写入任何数据。")
    return _page(request, _form_for(entry), _preview(result, entry, confirm_error))


@require_GET
@importer_required
def report(request, token):
    """The error report: the uploaded file as .xlsx with the bad cells marked and a 问题清单 sheet
    (kept when the file was refused; made again from the upload of a file with warnings)."""
    entry, data = _stored(request, token)
    report = entry.report() if entry else None
    if report is None and data is not None:
        result = _prepare(request, entry, data)
        if not (result.errors or result.warnings):
            raise Http404("这个文件没有错误或预警，不需要问题标注文件")
        report = service.error_workbook(result)
    if report is None:
        raise Http404(EXPIRED)
    return _download(report, f"{Path(entry.file_name).stem}-问题标注.xlsx")


@require_GET
@login_required
def template(request, kind):
    """The blank template of one import kind (header rows, a sample row, a 填写说明 sheet)."""
    if kind not in names():
        raise Http404("没有这个导入类别")
    content = template_bytes(kind, region=page_region(request.user), user=request.user)
    return _download(content, f"{get_kind(kind).label}导入模板.xlsx")


def _labels(model_label: str) -> tuple[str, dict[str, str]]:
    """A model label → (its verbose name, {field attname or name: verbose name})."""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        return model_label, {}
    fields = {}
    for f in model._meta.concrete_fields:
        fields[f.attname] = fields[f.name] = str(f.verbose_name)
    return str(model._meta.verbose_name), fields


@require_GET
@importer_required
def batch(request, pk):
    """One import: who, when, which file, what it wrote, and every record it changed (values before → after)."""
    obj = get_object_or_404(_imports(request.user).select_related("user"), pk=pk)
    _label(obj)
    revisions = visible(Revision.objects.filter(batch=obj), request.user).order_by("id")
    total = revisions.count()
    rows, labels = [], {}
    for r in revisions[:REVISIONS_SHOWN]:
        if r.model not in labels:
            labels[r.model] = _labels(r.model)
        model, fields = labels[r.model]
        rows.append({"rev": r, "model": model,
                     "changes": [(fields.get(f, f), old, new) for f, old, new in r.items()]})
    return render(request, "imports/batch.html", {
        "batch": obj, "revisions": rows, "revisions_total": total, "revisions_cut": total > REVISIONS_SHOWN,
    })
