"""yuanqu workdays DATE N  — the date N working days after DATE (DATE itself not counted).
yuanqu workdays --year YYYY — what is known of that year: its holidays and make-up working days."""
import argparse
import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from yuanqu.workdays import calendar
from yuanqu.workdays.calendar import UnknownYear


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”无法识别，应写作 YYYY-MM-DD，如 2023-09-28") from None


def count(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"工作日数“{text}”应为不小于0的整数")
    return n


def year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1900 <= value <= 2100:
        raise argparse.ArgumentTypeError(f"年度“{text}”应为四位年份，如 2027")
    return value


SOURCES = {calendar.PACKAGE: "包", calendar.TABLE: "表"}


class Command(BaseCommand):
    help = "工作日：DATE 之后第 N 个工作日（不含 DATE 当天）；或 --year 列出某年已知的节假日安排"

    def add_arguments(self, parser):
        parser.add_argument("date", nargs="?", type=iso_date, help="起算日期 YYYY-MM-DD（当天不计）")
        parser.add_argument("n", nargs="?", type=count, help="工作日数（≥0）")
        parser.add_argument("--year", type=year, help="列出该年已知的放假与调休上班安排")

    def handle(self, *args, date=None, n=None, year=None, **options):
        try:
            if year is not None:
                if date is not None:
                    raise CommandError("--year 与 DATE N 只能选其一")
                self.list_year(year)
            elif date is None or n is None:
                raise CommandError("用法：yuanqu workdays DATE N（如 2023-09-28 5），或 yuanqu workdays --year 2027")
            else:
                self.stdout.write(f"{calendar.add_workdays(date, n):%Y-%m-%d}")
        except UnknownYear as exc:
            raise CommandError(str(exc)) from None

    def list_year(self, year: int) -> None:
        known = calendar.year_calendar(year)
        sources = [f"chinese-calendar {calendar.package_version()}"] if known.package else []
        if known.notice is not None:
            sources.append(f"节假日安排（{known.notice or '管理员补充'}）")
        write = self.stdout.write
        write(f"{year}年节假日安排：已知（来源：{'；'.join(sources)}）")
        write("放假：")
        for b in known.breaks:
            span = f"{b.start:%m-%d}" if b.days == 1 else f"{b.start:%m-%d} 至 {b.end:%m-%d}"
            tag = "、".join(SOURCES[s] for s in sorted(b.sources))
            write(f"  {'、'.join(b.names)}  {span}  共{b.days}天  [{tag}]")
        if not known.breaks:
            write("  （无）")
        write("调休上班：")
        for d in known.make_up_days:
            write(f"  {d.date:%m-%d}（{calendar.weekday_label(d.date)}）  {d.name}  [{SOURCES[d.source]}]")
        if not known.make_up_days:
            write("  （无）")
        write(f"全年工作日：{known.workdays}天")
        write("[包] chinese-calendar 数据；[表] 管理员在“节假日安排”中录入，覆盖包中同日的安排")
