"""yuanqu import-template --kind K -o PATH: a blank .xlsx template for an import kind."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yuanqu.imports.kinds import get_kind, names
from yuanqu.imports.templates import template_bytes


class Command(BaseCommand):
    help = "生成某一导入类别的空白导入模板（.xlsx：标题行、单位行、表头和一行示例）。"

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=names(), help="导入类别")
        parser.add_argument("-o", "--output", required=True, help="输出文件路径（.xlsx）")
        parser.add_argument("--county", default="", help="标题中的县名，如“示例县”")

    def handle(self, *args, **opts):
        out = Path(opts["output"])
        if out.is_dir():
            out = out / f"导入模板-{get_kind(opts['kind']).label}.xlsx"
        if out.suffix.lower() != ".xlsx":
            raise CommandError("模板文件应为 .xlsx")
        out.write_bytes(template_bytes(opts["kind"], opts["county"]))
        self.stdout.write(f"已生成“{get_kind(opts['kind']).label}”导入模板：{out}")
