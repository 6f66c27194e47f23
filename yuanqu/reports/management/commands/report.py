"""`yuanqu report monthly --period 2023-08 [--scope …] --format docx|pdf|xlsx|txt -o PATH`,
`yuanqu report weekly --week 2023-W35 …`, `yuanqu report quarterly --quarter 2023Q3 …`."""
from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yuanqu.figures.scope import ScopeError
from yuanqu.reports.charts import ChartFontError
from yuanqu.reports.pdf import PdfError
from yuanqu.reports.render import FORMATS, Request, filename, render
from yuanqu.reports.wording import WordingError

WHEN = {"monthly": ("--period", "期别，如 2023-08（表示1—8月）"), "weekly": ("--week", "周，如 2023-W35"),
        "quarterly": ("--quarter", "季度，如 2023Q3")}


class Command(BaseCommand):
    help = "生成月调度、周监测、季盘点材料（Word 公文、PDF、Excel 附表或纯文本）"

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="{monthly,weekly,quarterly}")
        for kind, (flag, text) in WHEN.items():
            sub = kinds.add_parser(kind, help={"monthly": "月调度通报", "weekly": "周监测", "quarterly": "季盘点"}[kind])
            sub.add_argument(flag, dest="when", required=True, help=text)
            sub.add_argument("--scope", default="county", help="county | parks | park:园区代码 | chain:产业链代码")
            sub.add_argument("--format", dest="fmt", default="docx", choices=list(FORMATS), help="输出格式")
            sub.add_argument("--date", default="", help="成文日期 YYYY-MM-DD（默认：按 YUANQU_RULES[\"report_issue\"] 取期后印发日，遇周末顺延）")
            sub.add_argument("-o", "--output", default=None, help="输出文件路径（默认：当前目录下按材料名命名；txt 默认输出到屏幕）")

    def handle(self, *args, **options):
        request = Request(options["kind"], options["when"], options["scope"], options["fmt"], date=options["date"])
        try:
            report = request.build()
            data = render(report, request.fmt)
        except (ValueError, ScopeError, WordingError, ChartFontError, PdfError) as exc:
            raise CommandError(str(exc)) from exc
        output = options["output"]
        if request.fmt == "txt" and not output:
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        path = Path(output or filename(report, request.fmt))
        if path.is_dir() or (output and output.endswith(("/", "\\"))):
            path = path / filename(report, request.fmt)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.stdout.write(f"已生成 {path}（{len(data) / 1024:.0f} KB）")
