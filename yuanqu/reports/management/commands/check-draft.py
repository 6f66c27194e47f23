"""`yuanqu check-draft FILE --period 2023-08 [--scope …] [--json]`: 材料数字核对."""
from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yuanqu.core.periods import Period
from yuanqu.figures.scope import Scope, ScopeError
from yuanqu.reports.checker import STATUS_LABELS, check_text, read_draft_file, summary


class Command(BaseCommand):
    help = "核对材料中的数字：逐条找出数字表述，判断对应指标，与平台计算值比对（一致 / 不一致 / 未找到）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="材料文件（.txt 或 .docx）")
        parser.add_argument("--period", required=True, help="材料所述期别，如 2023-08（表示1—8月）")
        parser.add_argument("--scope", default="county", help="county | parks | park:园区代码 | chain:产业链代码")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        try:
            text = read_draft_file(path)  # bounded before the figures are computed
            period = Period.parse(options["period"])
            scope = Scope.parse(options["scope"])
            results = check_text(text, scope, period)
        except (ValueError, ScopeError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            payload = {"file": str(path), "period": str(period), "scope": scope.text, "summary": summary(results),
                       "claims": [r.to_json() for r in results]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for i, r in enumerate(results, start=1):
            key = f" [{r.key}]" if r.key else ""
            self.stdout.write(f"{i:>3}. 第{r.claim.paragraph}段 “{r.claim.text}” —— {r.status_label}{key}")
            self.stdout.write(f"     {r.explanation}" + (f"（来源数据{r.rows_total}行）" if r.rows else ""))
        counts = summary(results)
        self.stdout.write("共{}处数字：{}".format(len(results), "，".join(
            f"{STATUS_LABELS[s]}{n}处" for s, n in counts.items())))
