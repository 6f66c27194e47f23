"""The import service: what the CLI and the web page call.

    result = prepare(upload, "stats", user=request.user)          # read + validate + diff, no write
    show result.as_dict() (counts, diff lines, errors, warnings); keep the file and result.sha256
    result = execute(stored_file, "stats", user=request.user,
                     confirm_warnings=form.cleaned_data["confirm"], expected_sha256=sha)

`execute` validates again inside the write transaction (the database may have changed since
the preview), and writes only when there is no error and the warnings, if any, are confirmed:
one error → nothing written. `error_workbook(result)` gives the error report (.xlsx bytes).
"""
from __future__ import annotations

import contextlib
import gc
from dataclasses import dataclass

from django.apps import apps
from django.db import DatabaseError, transaction

from yuanqu.core.db import analyze
from yuanqu.core.periods import Period

from . import diff
from .kinds import get_kind
from .run import ERROR, Issue, Run, validate
from .write import write

# This many new rows refresh the planner's statistics of the tables they went into (a fresh table,
# or a new period, plans badly without them).
ANALYZE_AFTER_ROWS = 1000

IMPORTED = "imported"  # written (something new or changed)
UNCHANGED = "unchanged"  # written a batch record only: the file matched the database
REFUSED = "refused"  # errors: nothing written
NEEDS_CONFIRMATION = "needs_confirmation"  # warnings not confirmed: nothing written
PREVIEW = "preview"  # prepare / dry run: nothing written

STATUS_LABEL = {
    IMPORTED: "已导入",
    UNCHANGED: "已导入（数据无变化）",
    REFUSED: "未导入：有错误",
    NEEDS_CONFIRMATION: "未导入：有警告待确认",
    PREVIEW: "预览（未写入）",
}


@dataclass
class ImportResult:
    run: Run
    status: str

    @property
    def ok(self) -> bool:
        return self.status in (IMPORTED, UNCHANGED)

    @property
    def errors(self) -> list[Issue]:
        return self.run.errors

    @property
    def warnings(self) -> list[Issue]:
        return self.run.warnings

    @property
    def infos(self) -> list[Issue]:
        return self.run.infos

    @property
    def issues(self) -> list[Issue]:
        return self.run.issues

    @property
    def counts(self) -> dict:
        return diff.counts(self.run)

    @property
    def batch(self):
        return self.run.batch

    @property
    def sha256(self) -> str:
        return self.run.workbook.sha256 if self.run.workbook else ""

    @property
    def file_name(self) -> str:
        return self.run.workbook.file_name if self.run.workbook else ""

    @property
    def can_write(self) -> bool:
        """No error: a confirm step (with the warnings confirmed, if any) would write."""
        return not self.errors

    def diff_lines(self, limit=None) -> list[str]:
        return diff.diff_lines(self.run, limit)

    def summary(self) -> str:
        return diff.summary(self.counts)

    def as_dict(self, diff_limit: int = 200) -> dict:
        """A JSON-ready preview for a web page."""
        run, table = self.run, self.run.table
        return {
            "status": self.status, "status_label": STATUS_LABEL[self.status],
            "kind": run.kind.name, "kind_label": run.kind.label,
            "file_name": self.file_name, "sha256": self.sha256,
            "period": str(run.period) if run.period else None,
            "period_label": (run.period.full_label if run.kind.period == "month" else f"{run.period.year}年")
            if run.period else None,
            "sheet": run.sheet,
            "header_rows": [table.header_first + 1, table.header_last + 1] if table else None,
            "columns": [{"field": c.field, "header": c.header, "column": c.index}
                        for c in table.columns.values()] if table else [],
            "units": {k: u for k, (u, _) in run.units.items()},
            "rows": len(run.rows), "counts": self.counts,
            "errors": [i.as_dict() for i in self.errors],
            "warnings": [i.as_dict() for i in self.warnings],
            "infos": [i.as_dict() for i in self.infos],
            "diff": self.diff_lines(diff_limit),
            "batch_id": run.batch.pk if run.batch else None,
        }


@contextlib.contextmanager
def _no_cyclic_gc():
    """No cyclic garbage collection during an import: it allocates a few hundred thousand long-lived
    objects (cells, values, rows) that each collection would rescan — measured, a sixth of a
    20,000-row import (bench/import.py). Reference counting still frees what is dropped."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def period_of(period) -> Period | None:
    """A period as given (a Period, "2023-08", or a year "2023" meaning that year)."""
    if period is None or isinstance(period, Period):
        return period
    text = str(period).strip()
    return Period(int(text), 12) if text.isdigit() and len(text) == 4 else Period.parse(text)


class NoSuchCounty(ValueError):
    """The county an import was asked for is missing or cannot be chosen (a Chinese message)."""


def county_of(code: str | None = None):
    """The county an import is about: the county of 行政区划代码 `code`, else the installation's only
    county (None when there is none). NoSuchCounty when `code` is no county, or when several counties
    exist and none is named."""
    from yuanqu.org.models import Region

    counties = Region.objects.counties()
    if code:
        region = counties.filter(code=code.strip()).first()
        if region is None:
            known = "、".join(f"{c.code} {c.name}" for c in counties.order_by("code")[:20]) or "（无）"
            raise NoSuchCounty(f"县级行政区“{code}”不存在；平台中的县（市、区）：{known}")
        return region
    found = list(counties.order_by("code")[:21])
    if len(found) <= 1:  # none yet: the rows that need one say so
        return found[0] if found else None
    known = "、".join(f"{c.code} {c.name}" for c in found[:20])
    raise NoSuchCounty(f"平台中有{len(found) if len(found) <= 20 else '20个以上'}个县（市、区），应指定导入哪个县的数据"
                       f"（--region 行政区划代码）：{known}")


def _run(kind, period, region, user, sheet, today, progress) -> Run:
    return Run(get_kind(kind), period=period_of(period), region=region, user=user, sheet=sheet, today=today,
               progress=progress)


def prepare(source, kind: str, *, period=None, region=None, file_name=None, user=None, sheet=None, today=None,
            progress=None) -> ImportResult:
    """Read, validate and diff against the database. Writes nothing (the preview, or --dry-run)."""
    run = _run(kind, period, region, user, sheet, today, progress)
    with _no_cyclic_gc():
        validate(run, source, file_name)
    run.sort_issues()
    return ImportResult(run, REFUSED if run.errors else PREVIEW)


def execute(source, kind: str, *, period=None, region=None, file_name=None, user=None, sheet=None, today=None,
            confirm_warnings: bool = False, expected_sha256: str | None = None, progress=None) -> ImportResult:
    """Read, validate and — only with no error and every warning confirmed — write, all or nothing."""
    run = _run(kind, period, region, user, sheet, today, progress)
    with _no_cyclic_gc():
        status = _execute(run, source, file_name, confirm_warnings, expected_sha256)
    run.sort_issues()
    return ImportResult(run, status)


def _execute(run: Run, source, file_name, confirm_warnings, expected_sha256) -> str:
    try:
        with transaction.atomic():  # validated inside the transaction: what the write sees
            valid = validate(run, source, file_name)
            if expected_sha256 and run.workbook and run.workbook.sha256 != expected_sha256:
                run.error("文件与预览时的文件不一致（内容已改变），请重新上传并预览", code="file")
                return REFUSED
            if not valid or run.errors:
                return REFUSED
            if run.warnings and not confirm_warnings:
                return NEEDS_CONFIRMATION
            write(run)
    except DatabaseError as exc:
        run.batch = None
        run.issues.append(Issue(ERROR, f"写入数据库时出错，已全部撤销，未写入任何数据。技术信息：{exc}", code="database"))
        return REFUSED
    done = diff.counts(run).values()
    if sum(v["new"] for v in done) >= ANALYZE_AFTER_ROWS:
        analyze(_tables_with_new_rows(run))
    return IMPORTED if any(v["new"] or v["changed"] or v["removed"] for v in done) else UNCHANGED


def _tables_with_new_rows(run: Run) -> list[str]:
    return list(dict.fromkeys(apps.get_model(run.kind.targets[ti].model)._meta.db_table
                              for ti, changes in run.changes.items() if any(c.status == "new" for c in changes)))


def error_workbook(result: ImportResult) -> bytes:
    """The uploaded file as .xlsx with the bad cells red and a comment on each, plus a 问题清单 sheet."""
    from .report import error_workbook as build
    return build(result.run)
