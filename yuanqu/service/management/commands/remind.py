"""yuanqu remind [--at "YYYY-MM-DD HH:MM"] [--dry-run] [--json]: the ticket reminder ladder once; prints
what fired (a second run at the same moment fires nothing: each rung fires once per ticket)."""
import argparse
import datetime as dt
import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from yuanqu.service import services


def moment(text: str) -> dt.datetime:
    try:
        value = dt.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise argparse.ArgumentTypeError(f"时刻“{text}”无法识别，应写作 \"YYYY-MM-DD HH:MM\"，如 \"2023-10-10 09:00\"") from None
    return timezone.make_aware(value)


class Command(BaseCommand):
    help = "运行一次诉求提醒阶梯（交办后按工作日提醒承办人、部门负责人、县领导督办、标记长期未办结），列出本次发出的提醒"

    def add_arguments(self, parser):
        parser.add_argument("--at", type=moment, help="按此时刻运行（当地时间，默认现在），如 \"2023-10-10 09:00\"")
        parser.add_argument("--dry-run", action="store_true", help="只列出将发出的提醒，不记录、不通知")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *, at, dry_run, json: bool = False, **options):
        run = services.fire_reminders(at=at or timezone.now(), dry_run=dry_run)
        if json:
            self.stdout.write(dumps(run.to_json()))
            return
        verb = "将发出" if dry_run else "已发出"
        when = f"{timezone.localtime(run.at):%Y-%m-%d %H:%M}"
        if not run.fired:
            self.stdout.write(f"{when} 没有到期未发的提醒")
        for item in run.fired:
            who = "、".join(str(u) for u in item.recipients) or "（无接收人）"
            self.stdout.write(f"{verb} {item.due.due_date:%Y-%m-%d} {item.ticket.code} "
                              f"{item.to_json()['label']}（交办后第{item.due.workdays}个工作日）→ {who}")
        if run.fired:
            self.stdout.write(f"{when} 共{verb}{len(run.fired)}条提醒")
        for line in run.skipped:
            self.stderr.write(f"未能计算：{line}")


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
