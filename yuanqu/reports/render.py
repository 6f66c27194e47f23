"""One entry point for every output: build a report and render it as docx, pdf, xlsx, txt or html."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yuanqu.core.periods import Period
from yuanqu.figures.scope import Scope

from . import build, pdf, word, xlsx
from .periods import Quarter, Week, parse_date

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
    "pdf": ("application/pdf", "PDF"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel 附表"),
    "txt": ("text/plain; charset=utf-8", "纯文本"),
}


@dataclass(frozen=True)
class Request:
    """What to render: kind, the period (monthly), week or quarter, scope text, format, the region the
    scope is of (None: the installation's county) and 成文日期 ("2023-09-11"; empty: the default of
    periods.default_issue_date)."""

    kind: str
    when: str  # "2023-08" | "2023-W35" | "2023Q3"
    scope: str = "county"
    fmt: str = "docx"
    region: Any = None
    date: str = ""

    def parsed(self):
        """(kind, Scope, period/week/quarter) — raises ValueError / ScopeError with Chinese messages."""
        if self.kind not in build.KINDS:
            raise ValueError(f"材料类型应为 {'、'.join(build.KINDS)} 之一，实际为“{self.kind}”")
        if self.fmt not in FORMATS:
            raise ValueError(f"格式应为 {'、'.join(FORMATS)} 之一，实际为“{self.fmt}”")
        parse = {"monthly": Period.parse, "weekly": Week.parse, "quarterly": Quarter.parse}[self.kind]
        if self.date:
            parse_date(self.date)
        return parse(self.when), Scope.parse(self.scope, region=self.region)

    def build(self):
        when, scope = self.parsed()
        keyword = {"monthly": "period", "weekly": "week", "quarterly": "quarter"}[self.kind]
        issued = parse_date(self.date) if self.date else None
        return build.build(self.kind, scope, issued=issued, **{keyword: when})


def render(report, fmt: str, progress=None) -> bytes:
    """The report in `fmt`; `progress(percent, message)` is told about the slow steps."""
    step = progress or (lambda percent, message: None)
    if fmt == "txt":
        return report.text().encode("utf-8")
    if fmt == "xlsx":
        step(60, "生成 Excel 附表")
        return xlsx.render(report)
    step(40, "绘制图表、排版 Word 文档")
    data = word.render(report)
    if fmt == "docx":
        return data
    step(70, "LibreOffice 转换 PDF")
    return pdf.convert(data, "report")


def filename(report, fmt: str) -> str:
    return f"{report.filename}.{fmt}"
