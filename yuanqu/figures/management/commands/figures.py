"""`yuanqu figures --period 2023-08 [--scope county|parks|park:CODE|chain:CODE] [--json] [--explain KEY]`."""
from __future__ import annotations

import json
import unicodedata

from django.core.management.base import BaseCommand, CommandError

from yuanqu.core.periods import Period
from yuanqu.figures.base import jsonable
from yuanqu.figures.engine import UnknownFigure, compute, figure
from yuanqu.figures.scope import Scope, ScopeError

EXPLAIN_ROWS = 50


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, cells: int) -> str:
    return text + " " * max(0, cells - width(text))


class Command(BaseCommand):
    help = "按统计规则计算指标：默认输出中文表格，--json 输出 JSON，--explain 说明某一指标的公式与来源数据"

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="期别，如 2023-08（表示1—8月）")
        parser.add_argument("--scope", default="county", help="county | parks | park:园区代码 | chain:产业链代码")
        parser.add_argument("--region", default=None, help="行政区划代码（默认：唯一或第一个县）")
        parser.add_argument("--keys", nargs="*", default=None, help="只计算这些指标或前缀，如 industry. projects.signed")
        parser.add_argument("--json", action="store_true", help="输出 JSON 列表")
        parser.add_argument("--explain", metavar="KEY", default=None, help="说明一个指标：公式、分子分母、来源数据行")

    def handle(self, *args, **options):
        try:
            period = Period.parse(options["period"])
            region = None
            if options["region"]:
                from yuanqu.org.models import Region

                region = Region.objects.filter(code=options["region"]).first()
                if region is None:
                    raise CommandError(f"未找到行政区划代码“{options['region']}”")
            scope = Scope.parse(options["scope"], region=region)
        except (ValueError, ScopeError) as exc:
            raise CommandError(str(exc)) from exc
        try:
            if options["explain"]:
                return self.explain(figure(options["explain"], scope, period), scope, period, options["json"])
            figures = compute(scope, period, options["keys"]).figures()
        except UnknownFigure as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps([f.to_json() for f in figures], ensure_ascii=False, indent=2))
            return
        self.table(figures, scope, period)

    def table(self, figures, scope, period):
        self.stdout.write(f"{scope.label}  {period.full_label}  共{len(figures)}项指标")
        rows = [("指标代码", "指标", "数值", "单位")] + [
            (f.key, f.label, f.display() + (" ⚠" if f.anomalies else ""), f.unit) for f in figures]
        cols = [max(width(r[i]) for r in rows) for i in range(4)]
        for n, row in enumerate(rows):
            self.stdout.write("  ".join(pad(cell, cols[i]) for i, cell in enumerate(row)).rstrip())
            if n == 0:
                self.stdout.write("  ".join("-" * c for c in cols))
        flagged = [f for f in figures if f.anomalies]
        if flagged:
            self.stdout.write("\n⚠ 数据异常提示：")
            for f in flagged:
                for message in f.anomalies:
                    self.stdout.write(f"  {f.key}：{message}")

    def explain(self, fig, scope, period, as_json: bool):
        if as_json:
            self.stdout.write(json.dumps(fig.to_json(), ensure_ascii=False, indent=2))
            return
        w = self.stdout.write
        w(f"{fig.label}（{fig.key}）  {scope.label}  {period.full_label}")
        w(f"数值：{fig.display()}（未舍入值：{jsonable(fig.value)} {fig.unit}）")
        if fig.numerator is not None or fig.denominator is not None:
            w(f"分子：{jsonable(fig.numerator)}    分母：{jsonable(fig.denominator)}")
        w(f"公式：{fig.formula}")
        if fig.note:
            w(f"说明：{fig.note}")
        if fig.derived:
            w("性质：推算值（非统计部门发布数）")
        for message in fig.anomalies:
            w(f"⚠ {message}")
        for item in fig.detail[:EXPLAIN_ROWS]:
            w("  · " + "，".join(f"{k}={jsonable(v)}" for k, v in item.items() if not isinstance(v, dict)))
        for ref in fig.rows:
            ids = ref.ids
            w(f"来源数据：{ref.model._meta.verbose_name}（{ref.model_label}）{len(ids)}行")
            if len(ids) <= EXPLAIN_ROWS:
                objects = ref.model._default_manager.in_bulk(ids)
                for pk in ids:
                    w(f"  #{pk} {objects[pk]}" if pk in objects else f"  #{pk}（已删除）")
            else:
                w(f"  id：{', '.join(map(str, ids[:EXPLAIN_ROWS]))} …（共{len(ids)}行，仅列前{EXPLAIN_ROWS}个）")
