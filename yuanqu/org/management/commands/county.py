"""`yuanqu county create CODE NAME [--parent CODE] [--level county|city|province]`, `yuanqu county list`."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from yuanqu.org.models import Region
from yuanqu.org.services import LEVEL_WORDS, region_create


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "；".join(m for ms in exc.message_dict.values() for m in ms)
    return "；".join(exc.messages)


class Command(BaseCommand):
    help = "建立行政区：县（市、区），或其上级市（州）、省"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{create,list}")
        create = actions.add_parser("create", help="建立一个行政区（已存在且相同则不作改动）")
        create.add_argument("code", help="6位行政区划代码，如 510104")
        create.add_argument("name", help="名称，如 锦江区")
        create.add_argument("--parent", default="", help="上级行政区的行政区划代码（须已存在）")
        create.add_argument("--level", default="county", help="county（县级，默认）、city（市级）或 province（省级）")
        actions.add_parser("list", help="列出已有的行政区")

    def handle(self, *args, action, **options):
        if action == "list":
            return self.list()
        try:
            region, created = region_create(code=options["code"], name=options["name"], level=options["level"],
                                            parent_code=options["parent"])
        except ValidationError as exc:
            hint = ""
            if hasattr(exc, "message_dict") and "parent" in exc.message_dict and options["parent"] and \
                    not Region.objects.filter(code=options["parent"].strip()).exists():
                hint = f"（如：yuanqu county create {options['parent'].strip()} 名称 --level city）"
            raise CommandError(_messages(exc) + hint) from exc
        word = LEVEL_WORDS[region.level]
        under = f"，上级：{region.parent.name}（{region.parent.code}）" if region.parent else ""
        if created:
            self.stdout.write(self.style.SUCCESS(f"已建立{word}行政区 {region.name}（{region.code}）{under}"))
        else:
            self.stdout.write(f"{word}行政区 {region.name}（{region.code}）已存在{under}，未作改动")

    def list(self):
        regions = list(Region.objects.select_related("parent").order_by("code"))
        if not regions:
            self.stdout.write("还没有行政区：yuanqu county create 行政区划代码 名称")
            return
        for r in regions:
            under = f"  上级：{r.parent.name}（{r.parent.code}）" if r.parent else ""
            self.stdout.write(f"{r.code}  {LEVEL_WORDS[r.level]}  {r.name}{under}")
