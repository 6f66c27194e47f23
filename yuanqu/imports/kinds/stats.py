"""月度统计: the statistics bureau's monthly table 规模以上工业企业主要经济指标, one row per firm:
each indicator's 本年1-本月 and 上年同期1-本月 values (and, checked only, 本月 / 上年同月)."""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings

from yuanqu.core import cumulative
from yuanqu.enterprises.indicators import INDICATORS
from yuanqu.enterprises.models import MonthlyStat, RosterEntry

from .. import values as V
from ..check import to_check
from ..kind import Column, Kind, Target
from . import common

MONTHLY_STAT = "enterprises.MonthlyStat"
FAMILY = {"万元": "money", "万千瓦时": "energy", "人": "people"}
SAMPLES = {"output": ("12345.6", "10234.5"), "revenue": ("11890.2", "9876.1"), "profit": ("456.7", "-12.3"),
           "tax": ("321.4", "298.0"), "electricity": ("234.56", "210.12"), "employment": ("312", "298")}
OUTLIER = ("output", "revenue", "electricity")  # indicators whose growth beyond the rule is a warning (数据审核)
GROUPS = {
    "output": ("工业总产值", "总产值", "工业总产值当年价格", "规上工业总产值"),
    "revenue": ("营业收入", "主营业务收入", "营业收入主营业务收入", "销售收入"),
    "profit": ("利润总额", "利润", "实现利润"),
    "tax": ("税金总额", "税金", "应交税金", "应交税金总额", "税收", "实缴税金", "税金合计"),
    "electricity": ("工业用电量", "用电量", "工业用电", "用电"),
    "employment": ("从业人员平均人数", "从业人员", "从业人员平均数", "平均用工人数", "用工人数"),
}
ROLES = {
    "cum": ("本年1-本月", "1-本月", "本年累计", "本期累计", "累计", "本年", "本期", "今年1-本月", "本年1-本月累计",
            "1-本月累计", "本年实际"),
    "prev_cum": ("上年同期1-本月", "上年同期", "上年同期累计", "去年同期", "上年1-本月", "同期", "上年同期1-本月累计",
                 "上年"),
    "month": ("本月", "当月", "本年本月"),
    "prev_month": ("上年同月", "上年本月", "去年同月", "上年同期本月", "上年当月"),
}
WHAT = {"cum": "本年1-本月", "prev_cum": "上年同期1-本月", "month": "本月", "prev_month": "上年同月"}


def _columns() -> list[Column]:
    cols = [common.CREDIT_CODE, common.ENTERPRISE_NAME]
    for ind in INDICATORS:
        number = V.Number(FAMILY[ind.unit], signed=ind.signed, integer=ind.headcount)
        cur, prev = SAMPLES[ind.stem]
        if ind.headcount:
            cols += [Column(ind.cur, f"{ind.name}（本年）", number, group=ind.stem, role="cum", sample=cur),
                     Column(ind.prev, f"{ind.name}（上年同期）", number, group=ind.stem, role="prev_cum", sample=prev)]
            continue
        cols += [Column(ind.cur, f"{ind.name}（本年1-本月）", number, group=ind.stem, role="cum", sample=cur),
                 Column(ind.prev, f"{ind.name}（上年同期1-本月）", number, group=ind.stem, role="prev_cum", sample=prev)]
        cols += [Column(f"{ind.stem}_{role}", f"{ind.name}（{WHAT[role]}）", number, group=ind.stem, role=role,
                        template=False) for role in ("month", "prev_month")]
    return cols


class Stats(Kind):
    name, label, order = "stats", "月度统计", 20
    title = "规模以上工业企业主要经济指标"
    note = "统计局月报：每户企业本年1-本月、上年同期1-本月的产值、营收、利润、税金、用电、从业人员"
    period = "month"
    columns = _columns()
    groups, roles = GROUPS, ROLES
    refs = [common.enterprise_ref()]
    targets = [Target(MONTHLY_STAT, ("enterprise_id", "year", "month"), {
        "enterprise_id": "enterprise", "year": common.period_year, "month": common.period_month,
        **{f: f for ind in INDICATORS for f in (ind.cur, ind.prev)},
    }, label="月度统计")]
    row_key, row_label = ("enterprise",), ("enterprise_name", "credit_code")
    required_any = (("credit_code", "enterprise_name"), tuple(f for ind in INDICATORS for f in (ind.cur, ind.prev)))

    def check(self, run) -> None:
        changes = to_check(run, MONTHLY_STAT)
        p = run.period
        if changes or any(run.has(f"{ind.stem}_month") for ind in INDICATORS):
            fields = [f for ind in INDICATORS if ind.never_falls for f in (ind.cur, ind.prev)]
            firms = [r.refs["enterprise"] for r in run.rows if r.refs.get("enterprise")]
            before, after = cumulative.neighbours(MonthlyStat.objects.all(), key="enterprise_id", fields=fields,
                                                  year=p.year, month=p.month, keys=firms)
            check_cumulative(run, changes, before, after)
            check_month_columns(run, before)
        check_outliers(run, changes)
        check_coverage(run)


def check_cumulative(run, changes, before: dict, after: dict) -> None:
    """1—N月 values never fall: not below the nearest stored month before, nor above the one after."""
    p = run.period
    labels = {att: (f"{ind.name}{WHAT[role]}累计值", ind.unit) for ind in INDICATORS if ind.never_falls
              for att, role in ((ind.cur, "cum"), (ind.prev, "prev_cum"))}
    for change in changes:
        firm = change.values["enterprise_id"]
        if firm in before or firm in after:
            for att, why in cumulative.problems(change.values, labels, year=p.year, month=p.month,
                                                before=before.get(firm), after=after.get(firm)):
                run.error(why, change.row, att, code="cumulative")


def check_month_columns(run, before: dict) -> None:
    """本月 / 上年同月 columns, when present: not above 1—本月, and 本月 = 1—本月 − the stored 1—(N−1)月."""
    for ind in INDICATORS:
        for role, cum, what in (("month", ind.cur, "本月"), ("prev_month", ind.prev, "上年同月")):
            col = f"{ind.stem}_{role}"
            for row in run.rows if run.has(col) else ():
                m, c = row.v.get(col), row.v.get(cum)
                if not row.ok or m is None or c is None:
                    continue
                if not ind.signed and m > c:
                    run.error(f"{ind.name}{what}值{V.shown(m)}{ind.unit}大于1-本月累计值{V.shown(c)}{ind.unit}，"
                              "应不大于累计值", row, col, code="month_value")
                elif role == "month" and ind.never_falls:
                    _check_month_value(run, row, ind, col, before.get(row.refs.get("enterprise")))


def _check_month_value(run, row, ind, col: str, last) -> None:
    """本月 = 1—本月 − the stored 1—(N−1)月 (January: 1—本月 itself), within one unit of the file."""
    month, cum = row.v[col], row.v[ind.cur]
    if run.period.month == 1:
        derived = cum
    elif last and last.month == run.period.month - 1 and last.values[ind.cur] is not None:
        derived = cum - last.values[ind.cur]
    else:
        return
    if abs(derived - month) > run.unit_factor(col):
        run.warning(f"{ind.name}本月值{V.shown(month)}{ind.unit}与推算值{V.shown(derived)}{ind.unit}"
                    "（本年1-本月减去库中上月累计）不一致，应相等；请核实", row, col, code="month_value")


def check_outliers(run, changes) -> None:
    """Growth beyond ±import_outlier_growth: a warning to confirm (数据审核)."""
    limit = Decimal(str(settings.YUANQU_RULES.get("import_outlier_growth", "0.50")))
    for change in changes:
        for ind in INDICATORS:
            if ind.stem not in OUTLIER:
                continue
            cur, base = change.values.get(ind.cur), change.values.get(ind.prev)
            if cur is None or base is None or base <= 0 or abs(cur - base) <= limit * base:
                continue
            if change.status == "changed" and ind.cur not in change.changed and ind.prev not in change.changed:
                continue
            growth = cur / base - 1
            pct = V.shown((abs(growth) * 100).quantize(Decimal("0.1")))
            run.warning(f"{ind.name}同比{'增长' if growth > 0 else '下降'}{pct}%（本年1-本月{V.shown(cur)}{ind.unit}，"
                        f"上年同期{V.shown(base)}{ind.unit}），超出±{V.shown((limit * 100).normalize())}%的审核范围；"
                        "应核实数据，确认无误后再确认导入", change.row, ind.cur, code="outlier")


def check_coverage(run) -> None:
    """Notices: firms with stored data for the period not in the file; firms not on the roster."""
    p = run.period
    in_file = {r.refs.get("enterprise") for r in run.rows} - {None}
    missing = set(MonthlyStat.objects.filter(year=p.year, month=p.month).values_list("enterprise_id", flat=True)) - in_file
    if missing:
        run.info(f"库中另有{len(missing)}户企业有{p.full_label}的数据但不在本文件中，其数据保持不变", code="coverage")
    roster = set(RosterEntry.objects.filter(year=p.year).values_list("enterprise_id", flat=True))
    if roster and in_file - roster:
        run.info(f"文件中有{len(in_file - roster)}户企业不在{p.year}年规上企业名录中：数据照常导入，但不计入规上口径",
                 code="coverage")
