"""yuanqu import FILE --kind K [--region CODE] [--period YYYY-MM] [--dry-run] [--confirm-warnings] [--errors-xlsx PATH]

Exit 0 when imported (or, with --dry-run, when the file would import), 1 when refused; the
errors are listed in Chinese. Nothing is written when anything is wrong.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from yuanqu.imports import service
from yuanqu.imports.kinds import get_kind, names


class Progress:
    """A simple progress bar on stderr, shown for large files only."""

    WIDTH = 30
    MIN_ROWS = 2000

    def __init__(self, stream, enabled=True):
        self.stream = stream
        self.enabled = enabled
        self.last = 0.0
        self.shown = False
        self.large = False

    def __call__(self, stage, done, total):
        if total >= self.MIN_ROWS:
            self.large = True
        if not self.enabled or not self.large:
            return
        now = time.monotonic()
        if done < total and now - self.last < 0.2:
            return
        self.last = now
        frac = min(done / total, 1) if total else 1
        bar = "#" * int(frac * self.WIDTH)
        self.stream.write(f"\r{stage} [{bar:<{self.WIDTH}}] {done}/{total}")
        self.stream.flush()
        self.shown = True

    def end(self):
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


# what the command line adds to the messages of a code that say `marker` (the messages name no
# option: the web page shows them too)
HINTS = (
    ("period", "", "可用 --period YYYY-MM 指定期别（名录可写 YYYY）"),
    ("sheet", "", "可用 --sheet 指定要导入的工作表"),
    ("ref_unknown", "企业名录", "企业名录用 --kind roster 导入"),
)


class Command(BaseCommand):
    help = "导入 Excel/CSV 文件（.xlsx、.xls、.csv）：先校验全部数据，无错误才在一个事务中全部写入。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="要导入的文件")
        parser.add_argument("--kind", required=True, choices=names(), help="导入类别")
        parser.add_argument("--region", metavar="CODE",
                            help="数据所属县（市、区）的行政区划代码；平台中有多个县时必须指定")
        parser.add_argument("--period", help="期别 YYYY-MM（名录可写 YYYY）；不指定时从标题行读取")
        parser.add_argument("--dry-run", action="store_true", help="只校验并显示将要发生的变化，不写入")
        parser.add_argument("--confirm-warnings", action="store_true", help="确认全部警告（数据审核），照常导入")
        parser.add_argument("--errors-xlsx", metavar="PATH", help="有错误或警告时，输出标注了问题单元格的文件副本")
        parser.add_argument("--sheet", help="只导入该名称的工作表")
        parser.add_argument("--user", help="记录为操作人的用户名")
        parser.add_argument("--show", type=int, default=50, help="最多列出的变化行数（默认50）")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        user = None
        if opts["user"]:
            try:
                user = get_user_model().objects.get(username=opts["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"用户“{opts['user']}”不存在") from None
        try:
            region = service.county_of(opts["region"])
        except service.NoSuchCounty as exc:
            raise CommandError(str(exc)) from None
        try:
            period = service.period_of(opts["period"]) if opts["period"] else None
        except ValueError as exc:
            raise CommandError(f"期别有误：{exc}") from None
        progress = Progress(self.stderr._out if hasattr(self.stderr, "_out") else sys.stderr,
                            enabled=not opts["no_progress"])
        common = dict(period=period, region=region, user=user, sheet=opts["sheet"], progress=progress, file_name=path.name)
        if opts["dry_run"]:
            result = service.prepare(path, opts["kind"], **common)
        else:
            result = service.execute(path, opts["kind"], confirm_warnings=opts["confirm_warnings"], **common)
        progress.end()
        self.report(result, opts)
        if opts["errors_xlsx"] and (result.errors or result.warnings):
            out = Path(opts["errors_xlsx"])
            out.write_bytes(service.error_workbook(result))
            self.stdout.write(f"已输出问题标注文件：{out}")
        refused = result.status in (service.REFUSED, service.NEEDS_CONFIRMATION) or \
            (opts["dry_run"] and result.errors)
        if refused:
            if result.status == service.NEEDS_CONFIRMATION:
                raise CommandError(f"未导入：有{len(result.warnings)}条警告需要确认；核实无误后加 --confirm-warnings 再导入")
            raise CommandError(f"未导入：共{len(result.errors)}个错误，没有写入任何数据")

    def report(self, result, opts):
        run = result.run
        spec = get_kind(opts["kind"])
        w = self.stdout.write
        head = f"文件：{result.file_name}　类别：{spec.label}"
        if run.table:
            head += f"　工作表：{run.table.sheet.name}　表头：第{run.table.header_first + 1}"
            head += f"-{run.table.header_last + 1}行" if run.table.header_last != run.table.header_first else "行"
        if run.period:
            head += "　期别：" + (run.period.full_label if spec.period == "month" else f"{run.period.year}年")
        w(head)
        if run.rows:
            w(f"数据行：{len(run.rows)}行")
        for issue in result.infos:
            w(f"提示：{issue}")
        for issue in result.warnings:
            w(self.style.WARNING(f"警告：{issue}"))
        for issue in result.errors:
            w(self.style.ERROR(f"错误：{issue}"))
        for code, marker, hint in HINTS:
            if any(i.code == code and marker in i.text for i in result.issues):
                w(f"（{hint}）")
        if result.errors:
            return
        counts = result.counts
        for label, c in counts.items():
            w(f"{label}：新增{c['new']}，修改{c['changed']}，未变{c['unchanged']}")
        lines = result.diff_lines(opts["show"] + 1)
        for line in lines[: opts["show"]]:
            w("  " + line)
        if len(lines) > opts["show"]:
            w(f"  ……（仅列出前{opts['show']}行变化，可用 --show 调整）")
        if opts["dry_run"]:
            w("试运行（--dry-run）：未写入任何数据")
        elif result.status == service.IMPORTED:
            w(self.style.SUCCESS(f"已导入：数据批次 #{result.batch.pk}"))
        elif result.status == service.UNCHANGED:
            w(self.style.SUCCESS(f"文件内容与库中一致，未修改任何数据（已记录数据批次 #{result.batch.pk}）"))
