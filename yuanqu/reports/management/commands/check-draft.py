"""`yuanqu check-draft FILE [--period 2023-08] [--scope …] [--json]`: 材料数字核对."""
from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yuanqu.core.periods import Period
from yuanqu.figures.scope import Scope, ScopeError
from yuanqu.reports.checker import STATUS_LABELS, check_text, read_draft_file


class Command(BaseCommand):
    help = ("核对材料中的数字：逐条找出数字表述，判断对应指标，与平台计算值比对"
            "（一致 / 不一致 / 无该期数据 / 目标或计划 / 未找到）")

    def add_arguments(self, parser):
        parser.add_argument("file", help="材料文件（.txt 或 .docx）")
        parser.add_argument("--period", help="核对期别，如 2023-08（表示1—8月）；默认按材料自身所写期别")
        parser.add_argument("--scope", default="county", help="county | parks | park:园区代码 | chain:产业链代码")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        try:
            draft = read_draft_file(path)  # bounded before the figures are computed
            period = Period.parse(options["period"]) if options["period"] else None
            scope = Scope.parse(options["scope"])
            check = check_text(draft, scope, period)
        except (ValueError, ScopeError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            payload = {"file": str(path), "scope": scope.text, **check.to_json()}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        own = check.draft_period
        self.stdout.write(f"核对期别：{check.period.full_label}" + (f"（材料写作“{own.words}”）" if own.words else ""))
        for line in check.warnings:
            self.stdout.write(self.style.WARNING(f"注意：{line}"))
        for line in check.notes:
            self.stdout.write(f"说明：{line}")
        for i, r in enumerate(check, start=1):
            key = f" [{r.key}]" if r.key else ""
            self.stdout.write(f"{i:>3}. {r.claim.where} “{r.claim.text}” —— {r.status_label}{key}")
            self.stdout.write(f"     {r.full_explanation}" + (f"（来源数据{r.rows_total}行）" if r.rows else ""))
            if r.url:
                self.stdout.write(f"     指标说明：{r.url}")
        counts = check.summary()
        self.stdout.write("共{}处数字：{}".format(len(check), "，".join(
            f"{STATUS_LABELS[s]}{n}处" for s, n in counts.items() if n)))
