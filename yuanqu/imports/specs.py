"""One declarative spec per import kind. No kind has code of its own beyond its checks.

A new kind is a new `Spec(...)` here plus its aliases in aliases.py; a new column is a `Col`
plus one alias line.
"""
from __future__ import annotations

import operator
from decimal import Decimal
from itertools import compress, repeat

import numpy as np
from django.apps import apps
from django.conf import settings

from yuanqu.core.creditcode import make_code
from yuanqu.core.periods import Period

from . import values as V
from .aliases import STATS_GROUPS, STATS_ROLES
from .framework import (SKIP, Col, Obj, Ref, RowProblem, Spec, Target, _compare_as_stored, _decimal_from_db,
                        _decimals_from_db, _fetch_columns, _fmt, period_month, period_year)

# =========================================================================== shared pieces

ENTERPRISE_HINT = "企业须先通过“企业名录”导入（--kind roster）建立"
SAMPLE_CODE = make_code("91510000", 1)  # a valid 统一社会信用代码 for template sample rows


def enterprise_ref(required=True, missing="error", code="credit_code", name="enterprise_name", ref="enterprise",
                   label="企业"):
    return Ref(ref, "enterprises.Enterprise", ((code, ("credit_code",)), (name, ("name",))), label,
               required=required, missing=missing, strict=True,
               hint=ENTERPRISE_HINT if missing == "error" else "")


PARK_REF = Ref("park", "org.Park", (("park", ("name", "short_name", "code")),), "园区",
               hint="园区名称应与系统中的园区名称、简称或代码一致")
REGION_REF = Ref("region", "org.Region", (("region", ("name", "code")),), "行政区")

CREDIT_CODE = Col("credit_code", "统一社会信用代码", V.CreditCode(), sample=SAMPLE_CODE)
ENTERPRISE_NAME = Col("enterprise_name", "企业名称", V.Key(128), sample="示例纺织有限公司")
PARK = Col("park", "所在园区", V.Key(128), sample="示例工业园区")
REGION = Col("region", "所属行政区", V.Key(64), template=False)
NOTE = Col("note", "备注", V.Text(128))


def _map(run, name, model_label, field):
    cache = run._cache.setdefault(("map", model_label, field), {})
    if not cache:
        cache.update(apps.get_model(model_label).objects.values_list("pk", field))
    return cache


def region_for_row(row, run):
    """The region of a new row: the region column, else the park's, else the enterprise's,
    else the platform's only county."""
    if row.refs.get("region"):
        return row.refs["region"]
    if row.refs.get("park"):
        return _map(run, "park", "org.Park", "region_id")[row.refs["park"]]
    for ref in ("enterprise", "owner"):
        if row.refs.get(ref):
            return _map(run, ref, "enterprises.Enterprise", "region_id")[row.refs[ref]]
    key = ("default_region",)
    if key not in run._cache:
        Region = apps.get_model("org.Region")
        counties = list(Region.objects.filter(level="county").values_list("pk", flat=True)[:2])
        run._cache[key] = counties
    counties = run._cache[key]
    if len(counties) == 1:
        return counties[0]
    if not counties:
        raise RowProblem("平台中还没有县（市、区）级行政区，无法新建；应先建立本县行政区", None, "region")
    raise RowProblem("平台中有多个县（市、区），无法确定所属行政区；应填写“所属行政区”或“所在园区”列", None, "region")


def final(ch, att):
    """The value a row will have after the import (the new one, else the stored one)."""
    if att in ch.values:
        return ch.values[att]
    return (ch.old or {}).get(att)


def target_of(run, model_label) -> int | None:
    """The position of the (active) target that writes `model_label`."""
    for ti in run.active_targets:
        if run.spec.targets[ti].model == model_label:
            return ti
    return None


def changes_of(run, model_label):
    ti = target_of(run, model_label)
    return [] if ti is None else run.changes[ti]


def check_not_greater(model_label, small, big, small_label, big_label, col_small):
    """A check: `small` ≤ `big` on the rows after the import (developed ≤ area, let ≤ floor)."""

    def check(run):
        for ch in changes_of(run, model_label):
            a, b = final(ch, small), final(ch, big)
            if a is not None and b is not None and a > b and ch.row.ok:
                run.error(f"{small_label}{_fmt(a)}大于{big_label}{_fmt(b)}，应不大于{big_label}", ch.row,
                          col_small if col_small in run.present else None, code="consistency")

    return check


def check_dates_ordered(model_label, first, second, first_label, second_label, col_second):
    def check(run):
        for ch in changes_of(run, model_label):
            a, b = final(ch, first), final(ch, second)
            if a and b and b < a and ch.row.ok:
                run.error(f"{second_label}{b.isoformat()}早于{first_label}{a.isoformat()}，应不早于{first_label}",
                          ch.row, col_second if col_second in run.present else None, code="consistency")

    return check


# =========================================================================== stats

def _indicators():
    from yuanqu.enterprises.indicators import INDICATORS
    return {ind.cur.removesuffix("_cum"): (ind.name, ind.unit) for ind in INDICATORS}


FAMILY = {"output": "money", "revenue": "money", "profit": "money", "tax": "money", "electricity": "energy",
          "employees": "people"}
STAT_SAMPLES = {"output": ("12345.6", "10234.5"), "revenue": ("11890.2", "9876.1"), "profit": ("456.7", "-12.3"),
                "tax": ("321.4", "298.0"), "electricity": ("234.56", "210.12"), "employees": ("312", "298")}
# indicators whose 1—N月 value cannot fall from one month to the next (profit can: losses)
MONOTONIC = ("output", "revenue", "tax", "electricity")
# indicators checked against the outlier rule (数据审核)
OUTLIER = ("output", "revenue", "electricity")


def _stats_columns():
    cols = [
        Col("credit_code", "统一社会信用代码", V.CreditCode(), sample=SAMPLE_CODE),
        Col("enterprise_name", "企业名称", V.Key(128), sample="示例纺织有限公司"),
    ]
    for stem, (name, unit) in _indicators().items():
        fam = FAMILY[stem]
        signed = stem == "profit"
        if stem == "employees":
            cols.append(Col("employees", f"{name}（本年）", V.Number(fam, integer=True), group=stem, role="cum",
                            sample=STAT_SAMPLES[stem][0]))
            cols.append(Col("employees_prev", f"{name}（上年同期）", V.Number(fam, integer=True), group=stem,
                            role="prev_cum", sample=STAT_SAMPLES[stem][1]))
            continue
        cols.append(Col(f"{stem}_cum", f"{name}（本年1-本月）", V.Number(fam, signed=signed), group=stem, role="cum",
                        sample=STAT_SAMPLES[stem][0]))
        cols.append(Col(f"{stem}_prev_cum", f"{name}（上年同期1-本月）", V.Number(fam, signed=signed), group=stem,
                        role="prev_cum", sample=STAT_SAMPLES[stem][1]))
        cols.append(Col(f"{stem}_month", f"{name}（本月）", V.Number(fam, signed=signed), group=stem, role="month",
                        store=False, template=False))
        cols.append(Col(f"{stem}_prev_month", f"{name}（上年同月）", V.Number(fam, signed=signed), group=stem,
                        role="prev_month", store=False, template=False))
    return cols


def _stored_period(run, year, month) -> dict[str, dict]:
    """{field: {enterprise_id: value}} of the stored MonthlyStat rows of one period (one query; the
    decimals as the driver reads them: `_decimal_from_db` makes one exact); {} when it has no row."""
    key = ("stats_period", year, month)
    if key not in run._cache:
        from yuanqu.enterprises.models import MonthlyStat
        out = {}
        if 1 <= month <= 12:
            fields = [f"{s}_cum" for s in MONOTONIC] + [f"{s}_prev_cum" for s in MONOTONIC]
            eids, *columns = _fetch_columns(MonthlyStat.objects.filter(year=year, month=month).order_by(),
                                            ["enterprise_id", *fields], decimals=False)
            if eids:
                out = {f: dict(zip(eids, column)) for f, column in zip(fields, columns)}
        run._cache[key] = out
    return run._cache[key]


def prefetch_stats(run, read_done) -> None:
    """While the file is read (Spec.prefetch): the stored rows a statistics import of the likely
    period will ask for. That is the period given, or else one of two: the month after the newest
    stored one (the usual monthly import: its 1—(N−1)月 values, for the cumulative check) or the
    newest itself (a corrected or the same file: its rows, for the diff, and the month before).
    Each is kept for the run; a file of another period fetches what it needs as usual."""
    from yuanqu.enterprises.models import MonthlyStat

    if run.given_period:
        p = run.given_period
        plan = [("rows", p.year, p.month), ("period", p.year, p.month - 1), ("period", p.year, p.month + 1)]
    else:
        newest = MonthlyStat.objects.order_by("-year", "-month").values_list("year", "month").first()
        if newest is None:
            return
        year, month = newest
        plan = [("period", year, month), ("rows", year, month), ("period", year, month - 1)]
    for what, year, month in plan:
        if read_done():
            return
        if what == "rows":
            run.prefetch_stored("enterprises.MonthlyStat", year=year, month=month)
        else:
            _stored_period(run, year, month)


def _stats_to_check(run) -> list:
    """The monthly-statistics changes the checks look at: new or changed, of rows without error."""
    return [ch for ch in changes_of(run, "enterprises.MonthlyStat") if ch.status != "unchanged" and ch.row.ok]


def check_stats_cumulative(run):
    """1—N月 values cannot be lower than the stored 1—(N−1)月 ones, nor higher than 1—(N+1)月.
    Compared a column at a time (as doubles where that is exact, `_compare_as_stored`); only the rows that
    break the rule are looked at one by one."""
    from yuanqu.enterprises.models import MonthlyStat

    changes = _stats_to_check(run)
    if not changes:
        return
    p = run.period
    before = _stored_period(run, p.year, p.month - 1)
    after = _stored_period(run, p.year, p.month + 1)
    if not before and not after:
        return
    ti = target_of(run, "enterprises.MonthlyStat")
    eids = [ch.values.get("enterprise_id") for ch in changes]
    found = []  # (change position, stem, suffix, what, 'below' the month before or 'above' the month after)
    for stem in MONOTONIC:
        for suffix, what in (("_cum", "本年1-本月"), ("_prev_cum", "上年同期1-本月")):
            att = stem + suffix
            cur = run.values_for(ti, att, changes)
            below = set()
            field = MonthlyStat._meta.get_field(att)
            for side, stored, wrong in (("below", before, operator.lt), ("above", after, operator.gt)):
                if not stored:
                    continue
                olds = list(map(stored[att].get, eids))
                # wrong(new, old) is flipped(old, new): below the month before is old > new
                mask = _compare_as_stored(operator.gt if side == "below" else operator.lt, field, olds, cur)
                if mask is not None:
                    hits = compress(range(len(cur)), mask)
                else:
                    olds = _decimals_from_db(olds)
                    if set(map(type, cur)) | set(map(type, olds)) <= {Decimal}:
                        hits = compress(range(len(cur)), map(wrong, cur, olds))
                    else:  # gaps: a value or a stored one missing
                        hits = (i for i, (v, o) in enumerate(zip(cur, olds))
                                if v is not None and o is not None and wrong(v, o))
                for i in hits:
                    if side == "below":
                        below.add(i)
                    elif i in below:  # one message a value: lower than the month before
                        continue
                    found.append((i, stem, suffix, what, side))
    units = _indicators()
    # by row; within a row in the order found: indicator, 本年 before 上年同期, the month before first
    for i, stem, suffix, what, side in sorted(found, key=operator.itemgetter(0)):
        ch, att = changes[i], stem + suffix
        value = ch.values[att]
        name, unit = units[stem]
        stored, month, word, month_word, bound = (
            (before, p.month - 1, "低于", "上月", "不小于") if side == "below" else
            (after, p.month + 1, "高于", "下月", "不大于"))
        old = _decimal_from_db(stored[att][eids[i]])
        run.error(f"{name}{what}累计值{_fmt(value)}{unit}{word}库中{month_word}"
                  f"（{p.year}年{Period(p.year, month).label}）的累计值{_fmt(old)}{unit}；"
                  f"累计值不应减少，应{bound}{_fmt(old)}{unit}", ch.row, att, code="cumulative")


def check_stats_outliers(run):
    """Growth beyond ±import_outlier_growth: a warning to confirm (数据审核)."""
    limit = Decimal(str(settings.YUANQU_RULES.get("import_outlier_growth", "0.50")))
    shown_limit = _fmt((limit * 100).normalize())
    units = _indicators()
    changes = _stats_to_check(run)
    # the rows that may be beyond the limit, found a column at a time; only these are looked at below
    candidates = set()
    ti = target_of(run, "enterprises.MonthlyStat")
    for stem in OUTLIER:
        cur = run.values_for(ti, f"{stem}_cum", changes)
        base = run.values_for(ti, f"{stem}_prev_cum", changes)
        if isinstance(cur, V.Decimals) and isinstance(base, V.Decimals):
            # as doubles, with room for their rounding (a row that may be beyond is a candidate;
            # a gap is NaN, never one: the check below skips it)
            c, b = cur.floats(), base.floats()
            beyond = np.abs(c - b) > float(limit) * b - 1e-9 * (np.abs(c) + np.abs(b))
            candidates.update(np.flatnonzero(beyond).tolist())
        elif set(map(type, cur)) | set(map(type, base)) <= {Decimal}:
            beyond = map(operator.gt, map(abs, map(operator.sub, cur, base)), map(operator.mul, base, repeat(limit)))
            candidates.update(compress(range(len(changes)), beyond))
        else:  # gaps in the column: look at every row
            candidates.update(range(len(changes)))
    for ch in (changes[i] for i in sorted(candidates)):
        for stem in OUTLIER:
            cur, base = ch.values.get(f"{stem}_cum"), ch.values.get(f"{stem}_prev_cum")
            if cur is None or base is None or base <= 0:
                continue
            if ch.status == "changed" and f"{stem}_cum" not in ch.changed and f"{stem}_prev_cum" not in ch.changed:
                continue
            if abs(cur - base) <= limit * base:  # |cur / base − 1| ≤ limit, without dividing (exact)
                continue
            growth = cur / base - 1
            if abs(growth) > limit:
                name, unit = units[stem]
                pct = _fmt((abs(growth) * 100).quantize(Decimal("0.1")))
                word = "增长" if growth > 0 else "下降"
                run.warning(f"{name}同比{word}{pct}%（本年1-本月{_fmt(cur)}{unit}，上年同期{_fmt(base)}{unit}），"
                            f"超出±{shown_limit}%的审核范围；应核实数据，确认无误后在导入页面勾选"
                            "“我已核对以上预警数据，确认导入”"
                            f"（命令行加 --confirm-warnings）再导入", ch.row, f"{stem}_cum", code="outlier")


def check_stats_month_columns(run):
    """本月 / 上年同月 columns, when present: not above 1—本月, and 1—本月 − stored 1—(N−1)月 = 本月."""
    units = _indicators()
    if not any(f"{stem}_{kind}" in run.present for stem in units for kind in ("month", "prev_month")):
        return
    p = run.period
    before = _stored_period(run, p.year, p.month - 1) if p.month > 1 else {}
    for stem in units:
        for mcol, ccol, what in ((f"{stem}_month", f"{stem}_cum", "本月"),
                                 (f"{stem}_prev_month", f"{stem}_prev_cum", "上年同月")):
            if mcol not in run.present:
                continue
            name, unit = units[stem]
            fac = run.units.get(mcol, (None, Decimal(1)))[1]
            for row in run.rows:
                if not row.ok:
                    continue
                m, c = row.v.get(mcol), row.v.get(ccol)
                if m is None or c is None:
                    continue
                if stem != "profit" and m > c:
                    run.error(f"{name}{what}值{_fmt(m)}{unit}大于1-本月累计值{_fmt(c)}{unit}，应不大于累计值",
                              row, mcol, code="month_value")
                    continue
                if what != "本月" or stem not in MONOTONIC:
                    continue
                if p.month == 1:
                    derived = c
                else:
                    prev = _decimal_from_db(before.get(ccol, {}).get(row.refs.get("enterprise")))
                    if prev is None:
                        continue
                    derived = c - prev
                if abs(derived - m) > fac:
                    run.warning(f"{name}本月值{_fmt(m)}{unit}与推算值{_fmt(derived)}{unit}"
                                f"（本年1-本月减去库中上月累计）不一致，应相等；请核实", row, mcol, code="month_value")


def check_stats_coverage(run):
    """Notices: firms with stored data for the period that are not in the file; firms not on the roster."""
    from yuanqu.enterprises.models import MonthlyStat, RosterEntry

    p = run.period
    in_file = {r.refs.get("enterprise") for r in run.rows} - {None}
    stored = set(_fetch_columns(MonthlyStat.objects.filter(year=p.year, month=p.month), ["enterprise_id"])[0])
    missing = stored - in_file
    if missing:
        run.info(f"库中另有{len(missing)}户企业有{p.full_label}的数据但不在本文件中，其数据保持不变", code="coverage")
    roster = set(_fetch_columns(RosterEntry.objects.filter(year=p.year), ["enterprise_id"])[0])
    if roster:
        off = in_file - roster
        if off:
            run.info(f"文件中有{len(off)}户企业不在{p.year}年规上企业名录中：数据照常导入，但不计入规上口径",
                     code="coverage")


def _stats_spec():
    cols = _stats_columns()
    stored = {c.name: c.name for c in cols if c.group and c.store}
    return Spec(
        kind="stats", label="月度统计", title="规模以上工业企业主要经济指标",
        note="统计局月报：每户企业本年1-本月、上年同期1-本月的产值、营收、利润、税金、用电、从业人员",
        columns=cols,
        refs=[enterprise_ref()],
        targets=[Target("enterprises.MonthlyStat", ("enterprise_id", "year", "month"),
                        {"enterprise_id": "enterprise", "year": period_year, "month": period_month, **stored},
                        label="月度统计", update=True)],
        row_key=("enterprise",), row_label=("enterprise_name", "credit_code"),
        required_any=(("credit_code", "enterprise_name"), tuple(stored)),
        period="month", groups=STATS_GROUPS, roles=STATS_ROLES,
        checks=[check_stats_cumulative, check_stats_month_columns, check_stats_outliers, check_stats_coverage],
        prefetch=prefetch_stats,
    )


# =========================================================================== roster

def roster_year(row, run):
    year = row.v.get("roster_year") or run.year
    if not year:
        raise RowProblem("未能确定规上年度：应填写“规上年度”列，或在标题写明年度、或指定期别", "roster_year", "period")
    if year > run.today.year:
        raise RowProblem(f"规上年度{year}年在未来，应为今年或以前的年度", "roster_year", "period")
    return year


def check_roster_coverage(run):
    from yuanqu.enterprises.models import RosterEntry
    years = {ch.values.get("year") for ch in changes_of(run, "enterprises.RosterEntry")}
    in_file = {r.refs.get("enterprise") for r in run.rows if r.refs.get("enterprise")}
    for year in sorted(y for y in years if y):
        stored = set(RosterEntry.objects.filter(year=year).values_list("enterprise_id", flat=True))
        gone = stored - in_file
        if gone:
            run.info(f"库中{year}年规上名录另有{len(gone)}户企业不在本文件中：本次不删除，如需移出请在系统中处理",
                     code="coverage")


def _roster_spec():
    from yuanqu.enterprises.models import industry_code_validator
    E = "enterprises.Enterprise"
    return Spec(
        kind="roster", label="企业名录", title="规模以上工业企业名录",
        note="企业基本信息和某一年度的规上企业名录；唯一可以新建企业的导入类别",
        columns=[
            Col("credit_code", "统一社会信用代码", V.CreditCode(), required=True, needed=True,
                sample=SAMPLE_CODE),
            Col("enterprise_name", "企业名称", V.Key(128), required=True, sample="示例纺织有限公司"),
            Col("short_name", "简称", V.Text(32), sample="示例纺织"),
            PARK, REGION,
            Col("industry_code", "国民经济行业代码", V.Pattern(industry_code_validator.regex.pattern,
                                                          "国民经济行业代码（GB/T 4754），如 C18 或 C1811", 5),
                sample="C18"),
            Col("industry_name", "行业名称", V.Text(64), sample="纺织服装、服饰业"),
            Col("land_area_mu", "用地面积", V.Number("area_mu"), sample="56.5"),
            Col("legal_representative", "法定代表人", V.Text(32), sample="张三"),
            Col("contact", "联系人", V.Text(32), sample="李四"),
            Col("phone", "联系电话", V.Text(32), sample="0839-1234567"),
            Col("address", "地址", V.Text(255), sample="示例县工业园区纺织路8号"),
            Col("established", "成立日期", V.Date(), sample="2015-03-18", past=True),
            Col("registered_capital", "注册资本", V.Number("money"), sample="5000"),
            Col("is_treasure", "镇园之宝", V.Bool(), sample="否"),
            Col("is_listed", "上市企业", V.Bool(), sample="否"),
            Col("is_listing_reserve", "上市后备企业", V.Bool(), sample="否"),
            Col("roster_year", "规上年度", V.Year(), sample="2023"),
            Col("joined_month", "纳入月份", V.Month(), sample="1"),
            NOTE,
        ],
        refs=[
            Ref("enterprise", E, (("credit_code", ("credit_code",)), ("enterprise_name", ("name",))), "企业",
                missing="create", strict=True),
            PARK_REF, REGION_REF,
        ],
        targets=[
            Target(E, ("pk",), {
                "pk": "enterprise", "credit_code": "credit_code", "name": "enterprise_name",
                "short_name": "short_name", "park_id": "park", "region_id": "region",
                "industry_code": "industry_code", "industry_name": "industry_name", "land_area_mu": "land_area_mu",
                "legal_representative": "legal_representative", "contact": "contact", "phone": "phone",
                "address": "address", "established": "established", "registered_capital": "registered_capital",
                "is_treasure": "is_treasure", "is_listed": "is_listed", "is_listing_reserve": "is_listing_reserve",
            }, defaults={"region_id": region_for_row}, label="企业", require_on_create=("enterprise_name",)),
            Target("enterprises.RosterEntry", ("enterprise_id", "year"), {
                "enterprise_id": Obj(0), "year": roster_year, "joined_month": "joined_month", "note": "note",
            }, label="规上企业名录"),
        ],
        row_key=("enterprise",), row_label=("enterprise_name", "credit_code"),
        period="year", period_optional_if=("roster_year",),
        checks=[check_roster_coverage],
        creates_enterprises=True,
    )


# =========================================================================== projects

def check_progress(run):
    """Completed investment 1—N月 not below the stored 1—(N−1)月; above total investment → warning."""
    from yuanqu.projects.models import Progress
    p = run.period
    changes = changes_of(run, "projects.Progress")
    if not changes:
        return
    before = dict(Progress.objects.filter(year=p.year, month=p.month - 1)
                  .values_list("project_id", "completed_investment_cum")) if p.month > 1 else {}
    totals = {ch.row.n: final(ch, "total_investment") for ch in changes_of(run, "projects.Project")}
    for ch in changes:
        if ch.status == "unchanged" or not ch.row.ok:
            continue
        value = ch.values.get("completed_investment_cum")
        if value is None:
            continue
        pid = ch.values.get("project_id")
        prev = before.get(pid) if isinstance(pid, int) else None
        if prev is not None and value < prev:
            run.error(f"本年累计完成投资{_fmt(value)}万元低于库中上月（{Period(p.year, p.month - 1).full_label}）的"
                      f"{_fmt(prev)}万元；累计值不应减少，应不小于{_fmt(prev)}万元", ch.row,
                      "completed_investment_cum", code="cumulative")
        total = totals.get(ch.row.n)
        if total and value > total:
            run.warning(f"本年累计完成投资{_fmt(value)}万元超过项目总投资{_fmt(total)}万元；请核实",
                        ch.row, "completed_investment_cum", code="outlier")


def _projects_spec():
    from yuanqu.projects.models import Project
    P = "projects.Project"
    plan_cols = ("planned_investment", "is_continuing", "plan_start", "plan_complete", "plan_production")
    progress_cols = ("completed_investment_cum", "image_progress", "problems")
    continuing = V.Bool()
    continuing.TRUE = V.Bool.TRUE | {"续建"}
    continuing.FALSE = V.Bool.FALSE | {"新建", "新开工"}
    return Spec(
        kind="projects", label="重点项目调度", title="重点项目调度表",
        note="项目基本信息、年度计划投资和本年1-本月完成投资、形象进度、存在问题",
        columns=[
            Col("code", "项目编号", V.Key(32), sample="XM2023001"),
            Col("name", "项目名称", V.Text(128), sample="示例新能源电池项目"),
            PARK,
            Col("owner_code", "业主统一社会信用代码", V.CreditCode(), template=False),
            Col("owner_name", "项目业主", V.Key(128), sample="示例纺织有限公司"),
            Col("kind", "项目类别", V.Choice(Project.Kind.choices), sample="产业项目"),
            Col("key_level", "重点项目级别", V.Choice(Project.KeyLevel.choices,
                                                   {"省级": "province", "市级": "city", "县级": "county",
                                                    "省级重点": "province", "市级重点": "city", "县级重点": "county",
                                                    "一般": ""}), sample="省重点"),
            Col("total_investment", "总投资", V.Number("money"), sample="50000"),
            Col("planned_investment", "年度计划投资", V.Number("money"), sample="12000"),
            Col("is_continuing", "续建项目", continuing, sample="否"),
            Col("plan_start", "计划年内开工", V.Bool(), sample="是"),
            Col("plan_complete", "计划年内竣工", V.Bool(), sample="否"),
            Col("plan_production", "计划年内投产", V.Bool(), sample="否"),
            Col("completed_investment_cum", "本年1-本月完成投资", V.Number("money"), sample="8000"),
            Col("image_progress", "形象进度", V.Text(), sample="主体厂房封顶"),
            Col("problems", "存在问题", V.Text(), sample="无"),
            Col("planned_start", "计划开工日期", V.Date(), sample="2023-03-01"),
            Col("planned_completion", "计划竣工日期", V.Date(), sample="2024-06-30"),
            Col("planned_production", "计划投产日期", V.Date(), sample="2024-09-30"),
            Col("leader_name", "包抓领导", V.Text(32), sample="王五"),
            Col("content", "建设内容", V.Text(), sample="新建标准化厂房3万平方米及生产线"),
            Col("investor", "投资方", V.Text(128), template=False),
            Col("source_region", "投资方来源地", V.Text(64), template=False),
        ],
        refs=[
            Ref("project", P, (("code", ("code",)), ("name", ("name",))), "项目", missing="create", strict=True),
            PARK_REF,
            enterprise_ref(required=False, missing="keep", code="owner_code", name="owner_name", ref="owner",
                           label="业主企业"),
        ],
        targets=[
            Target(P, ("pk",), {
                "pk": "project", "code": "code", "name": "name", "park_id": "park", "enterprise_id": "owner",
                "kind": "kind", "key_level": "key_level", "total_investment": "total_investment",
                "leader_name": "leader_name", "content": "content", "planned_start": "planned_start",
                "planned_completion": "planned_completion", "planned_production": "planned_production",
                "investor": "investor", "source_region": "source_region",
            }, defaults={"region_id": region_for_row}, label="项目", require_on_create=("code", "name")),
            Target("projects.AnnualPlan", ("project_id", "year"), {
                "project_id": Obj(0), "year": period_year, **{c: c for c in plan_cols},
            }, label="年度计划", when=plan_cols),
            Target("projects.Progress", ("project_id", "year", "month"), {
                "project_id": Obj(0), "year": period_year, "month": period_month, **{c: c for c in progress_cols},
            }, label="月度进度", when=progress_cols),
        ],
        row_key=("project",), row_label=("name", "code"),
        required_any=(("code", "name"),),
        period="month",
        checks=[check_progress],
    )


# =========================================================================== land and buildings

def holder_name(row, run):
    if "holder_name" not in run.present:
        return SKIP
    return "" if row.refs.get("holder") else (row.v.get("holder_name") or "")


def _land_spec():
    from yuanqu.land.models import LandParcel
    L = "land.LandParcel"
    return Spec(
        kind="land", label="土地台账", title="园区土地台账",
        note="地块：面积、状态、供地和开工日期、用地单位、开发面积和投资",
        columns=[
            Col("code", "地块编号", V.Key(32), required=True, needed=True, sample="DK-2023-01"),
            Col("name", "地块名称", V.Text(128), sample="纺织路东侧地块"),
            PARK,
            Col("area_mu", "面积", V.Number("area_mu"), sample="120.5"),
            Col("land_use", "用途", V.Text(32), sample="工业用地"),
            Col("status", "状态", V.Choice(LandParcel.Status.choices, {"已供": "supplied", "建成": "built",
                                                                      "收回": "recovered"}), sample="在建"),
            Col("approved_date", "批准日期", V.Date(), sample="2021-05-10", past=True),
            Col("supplied_date", "供地日期", V.Date(), sample="2021-09-01", past=True),
            Col("supply_method", "供地方式", V.Choice(LandParcel.SupplyMethod.choices), sample="出让"),
            Col("agreed_start_date", "约定开工日期", V.Date(), sample="2022-03-01"),
            Col("actual_start_date", "实际开工日期", V.Date(), sample="2022-04-15", past=True),
            Col("built_date", "建成日期", V.Date(), past=True),
            Col("stopped_date", "停工日期", V.Date(), past=True),
            Col("holder_code", "用地单位统一社会信用代码", V.CreditCode(), template=False),
            Col("holder_name", "用地单位", V.Key(128), sample="示例纺织有限公司"),
            Col("plot_ratio", "容积率", V.Number(), sample="1.2"),
            Col("developed_area_mu", "已开发面积", V.Number("area_mu"), sample="80"),
            Col("agreed_investment", "约定投资总额", V.Number("money"), sample="30000"),
            Col("invested_amount", "已完成投资", V.Number("money"), sample="18000"),
            Col("land_price", "土地价款", V.Number("money"), sample="2400"),
            Col("is_low_efficiency", "低效用地", V.Bool(), sample="否"),
        ],
        refs=[
            Ref("parcel", L, (("code", ("code",)),), "地块", missing="create"),
            PARK_REF,
            enterprise_ref(required=False, missing="keep", code="holder_code", name="holder_name", ref="holder",
                           label="用地单位"),
        ],
        targets=[Target(L, ("pk",), {
            "pk": "parcel", "code": "code", "name": "name", "park_id": "park", "area_mu": "area_mu",
            "land_use": "land_use", "status": "status", "approved_date": "approved_date",
            "supplied_date": "supplied_date", "supply_method": "supply_method",
            "agreed_start_date": "agreed_start_date", "actual_start_date": "actual_start_date",
            "built_date": "built_date", "stopped_date": "stopped_date", "holder_id": "holder",
            "holder_name": holder_name, "plot_ratio": "plot_ratio", "developed_area_mu": "developed_area_mu",
            "agreed_investment": "agreed_investment", "invested_amount": "invested_amount",
            "land_price": "land_price", "is_low_efficiency": "is_low_efficiency",
        }, label="地块", require_on_create=("code", "park"))],
        row_key=("parcel",), row_label=("code", "name"),
        checks=[check_not_greater(L, "developed_area_mu", "area_mu", "已开发面积", "地块面积", "developed_area_mu"),
                check_dates_ordered(L, "approved_date", "supplied_date", "批准日期", "供地日期", "supplied_date")],
    )


def _buildings_spec():
    B = "land.FactoryBuilding"
    return Spec(
        kind="buildings", label="标准厂房", title="标准厂房台账",
        note="厂房：建筑面积、已出租（入驻）面积、建成日期、产权单位、租金",
        columns=[
            Col("code", "厂房编号", V.Key(32), required=True, needed=True, sample="CF-01"),
            Col("name", "厂房名称", V.Text(128), sample="标准厂房一期1号楼"),
            PARK,
            Col("parcel_code", "地块编号", V.Key(32), template=False),
            Col("is_standard", "标准厂房", V.Bool(), sample="是"),
            Col("floors", "层数", V.Number(integer=True, max_value=200), sample="4"),
            Col("floor_area_m2", "建筑面积", V.Number("area_m2"), sample="12000"),
            Col("let_area_m2", "已出租面积", V.Number("area_m2"), sample="9000"),
            Col("completed_date", "建成日期", V.Date(), sample="2021-12-20", past=True),
            Col("owner_name", "产权单位", V.Text(128), sample="示例县园区投资公司"),
            Col("monthly_rent", "月租金", V.Number("rent"), sample="8.5"),
        ],
        refs=[
            Ref("building", B, (("code", ("code",)),), "厂房", missing="create"),
            PARK_REF,
            Ref("parcel", "land.LandParcel", (("parcel_code", ("code",)),), "地块",
                hint="地块须先通过“土地台账”导入"),
        ],
        targets=[Target(B, ("pk",), {
            "pk": "building", "code": "code", "name": "name", "park_id": "park", "parcel_id": "parcel",
            "is_standard": "is_standard", "floors": "floors", "floor_area_m2": "floor_area_m2",
            "let_area_m2": "let_area_m2", "completed_date": "completed_date", "owner_name": "owner_name",
            "monthly_rent": "monthly_rent",
        }, label="厂房", require_on_create=("code", "name", "park"))],
        row_key=("building",), row_label=("name", "code"),
        checks=[check_not_greater(B, "let_area_m2", "floor_area_m2", "已出租面积", "建筑面积", "let_area_m2")],
    )


def check_revitalization(run):
    for ch in changes_of(run, "land.Revitalization"):
        if not ch.row.ok:
            continue
        parcel, building = ch.values.get("parcel_id"), ch.values.get("building_id")
        if bool(parcel) == bool(building):
            run.error("应填写“地块编号”或“厂房编号”其中之一（盘活的是土地或厂房）", ch.row,
                      "parcel_code" if "parcel_code" in run.present else None, code="consistency")
        elif parcel and not final(ch, "area_mu"):
            run.error("盘活土地应填写盘活土地面积（亩）", ch.row, "area_mu" if "area_mu" in run.present else None,
                      code="required")
        elif building and not final(ch, "area_m2"):
            run.error("盘活厂房应填写盘活厂房面积（平方米）", ch.row, "area_m2" if "area_m2" in run.present else None,
                      code="required")


def _revitalization_spec():
    from yuanqu.land.models import Revitalization
    return Spec(
        kind="revitalization", label="盘活处置", title="闲置低效用地和厂房盘活台账",
        note="每一次盘活：地块或厂房、面积、日期、方式、承接企业",
        columns=[
            Col("parcel_code", "地块编号", V.Key(32), sample="DK-2023-01"),
            Col("building_code", "厂房编号", V.Key(32), sample=""),
            Col("area_mu", "盘活土地面积", V.Number("area_mu"), sample="30"),
            Col("area_m2", "盘活厂房面积", V.Number("area_m2"), sample=""),
            Col("date", "盘活日期", V.Date(), required=True, needed=True, sample="2023-06-15", past=True),
            Col("method", "盘活方式", V.Choice(Revitalization.Method.choices), required=True, needed=True,
                sample="招商入驻"),
            Col("credit_code", "承接企业统一社会信用代码", V.CreditCode(), template=False),
            Col("enterprise_name", "承接企业", V.Key(128), sample="示例纺织有限公司"),
            Col("note", "说明", V.Text(255)),
        ],
        refs=[
            Ref("parcel", "land.LandParcel", (("parcel_code", ("code",)),), "地块", hint="地块须先通过“土地台账”导入"),
            Ref("building", "land.FactoryBuilding", (("building_code", ("code",)),), "厂房",
                hint="厂房须先通过“标准厂房”导入"),
            enterprise_ref(required=False),
        ],
        targets=[Target("land.Revitalization", ("parcel_id", "building_id", "date", "method"), {
            "parcel_id": "parcel", "building_id": "building", "date": "date", "method": "method",
            "area_mu": "area_mu", "area_m2": "area_m2", "enterprise_id": "enterprise", "note": "note",
        }, label="盘活处置")],
        row_key=("parcel", "building", "date", "method"), row_label=("parcel_code", "building_code"),
        required_any=(("parcel_code", "building_code"),),
        checks=[check_revitalization],
    )


# =========================================================================== service, policies, factors

def check_ticket(run):
    from yuanqu.service.models import TicketStatus
    done = {TicketStatus.RESOLVED, TicketStatus.CLOSED}
    for ch in changes_of(run, "service.Ticket"):
        if ch.row.ok and final(ch, "status") in done and not final(ch, "resolved_date"):
            run.error("状态为办结或销号，应填写办结日期", ch.row, "resolved_date" if "resolved_date" in run.present
                      else "status", code="consistency")


def _tickets_spec():
    from yuanqu.service.models import Ticket, TicketStatus
    T = "service.Ticket"
    return Spec(
        kind="tickets", label="企业诉求", title="企业诉求办理台账",
        note="诉求：编号、类别、企业、承办单位、受理和办结日期、状态、满意度",
        columns=[
            Col("code", "诉求编号", V.Key(32), required=True, needed=True, sample="SQ2023-001"),
            Col("title", "诉求标题", V.Text(128), sample="用电增容"),
            Col("description", "诉求内容", V.Text(), sample="新增生产线需增容800千伏安"),
            Col("category", "诉求类别", V.Key(32), sample="要素保障"),
            Col("source", "来源", V.Choice(Ticket.Source.choices), sample="走访收集"),
            Col("credit_code", "统一社会信用代码", V.CreditCode(), template=False),
            Col("enterprise_name", "企业名称", V.Key(128), sample="示例纺织有限公司"),
            Col("department", "承办单位", V.Key(128), sample="县供电公司"),
            Col("received_date", "受理日期", V.Date(), sample="2023-05-06", past=True),
            Col("deadline", "办理时限", V.Date(), sample="2023-05-20"),
            Col("status", "办理状态", V.Choice(TicketStatus.choices, {"已办结": "resolved", "办理中": "handling",
                                                                   "已销号": "closed", "已交办": "assigned"}),
                sample="办结"),
            Col("resolution", "办理结果", V.Text(), sample="已完成增容"),
            Col("resolved_date", "办结日期", V.Date(), sample="2023-05-18", past=True),
            Col("satisfaction", "满意度", V.Choice(Ticket.Satisfaction.choices, {"3": 3, "2": 2, "1": 1}),
                sample="满意"),
        ],
        refs=[
            Ref("ticket", T, (("code", ("code",)),), "诉求", missing="create"),
            Ref("category_ref", "service.TicketCategory", (("category", ("name", "code")),), "诉求类别",
                hint="诉求类别须先在系统中设置"),
            enterprise_ref(required=False),
            Ref("department_ref", "org.Department", (("department", ("name", "short_name", "code")),), "承办单位",
                hint="承办单位须先在系统中设置"),
        ],
        targets=[Target(T, ("pk",), {
            "pk": "ticket", "code": "code", "title": "title", "description": "description",
            "category_id": "category_ref", "source": "source", "enterprise_id": "enterprise",
            "department_id": "department_ref", "received_date": "received_date", "deadline": "deadline",
            "status": "status", "resolution": "resolution", "resolved_date": "resolved_date",
            "satisfaction": "satisfaction",
        }, defaults={"region_id": region_for_row}, label="诉求",
            require_on_create=("code", "title", "category", "received_date"))],
        row_key=("ticket",), row_label=("code", "title"),
        checks=[check_dates_ordered(T, "received_date", "resolved_date", "受理日期", "办结日期", "resolved_date"),
                check_ticket],
    )


def _policies_spec():
    from yuanqu.policies.models import Policy
    P = "policies.Policy"
    return Spec(
        kind="policies", label="惠企政策", title="惠企政策清单",
        note="政策：名称、发文单位、层级、文号、有效期、类别、兑现方式、适用对象",
        columns=[
            Col("title", "政策名称", V.Text(255), required=True, needed=True, sample="示例县支持工业企业稳增长十条措施"),
            Col("issuer", "发文单位", V.Text(128), sample="示例县人民政府办公室"),
            Col("level", "层级", V.Choice(Policy.Level.choices, {"国家级": "national", "省级": "province",
                                                               "市级": "city", "县级": "county"}), sample="县"),
            Col("doc_number", "文号", V.Text(64), sample="示府办发〔2023〕12号"),
            Col("issued_date", "发布日期", V.Date(), sample="2023-03-01", past=True),
            Col("valid_from", "有效期起", V.Date(), sample="2023-03-01"),
            Col("valid_to", "有效期止", V.Date(), sample="2025-12-31"),
            Col("category", "政策类别", V.Text(32), sample="财政奖补"),
            Col("delivery_mode", "兑现方式", V.Choice(Policy.Delivery.choices), sample="免申即享"),
            Col("audience", "适用对象", V.Text(255), sample="规上工业企业"),
            Col("summary", "政策要点", V.Text(), sample="新入规企业一次性奖励10万元"),
        ],
        refs=[Ref("policy", P, (("doc_number", ("doc_number",)), ("title", ("title",))), "政策",
                  missing="create", strict=False)],
        targets=[Target(P, ("pk",), {
            "pk": "policy", "title": "title", "issuer": "issuer", "level": "level", "doc_number": "doc_number",
            "issued_date": "issued_date", "valid_from": "valid_from", "valid_to": "valid_to",
            "category": "category", "delivery_mode": "delivery_mode", "audience": "audience", "summary": "summary",
        }, defaults={"region_id": region_for_row}, label="政策",
            require_on_create=("title", "issuer", "level", "category"))],
        row_key=("policy",), row_label=("title",),
        checks=[check_dates_ordered(P, "valid_from", "valid_to", "有效期起", "有效期止", "valid_to")],
    )


def _loans_spec():
    return Spec(
        kind="loans", label="金融支持", title="企业贷款投放台账",
        note="每笔贷款：企业、金融机构、金额、放款日期、期限、用途",
        columns=[
            Col("credit_code", "统一社会信用代码", V.CreditCode(), sample=SAMPLE_CODE),
            Col("enterprise_name", "企业名称", V.Key(128), sample="示例纺织有限公司"),
            Col("institution", "金融机构", V.Key(128), required=True, needed=True, sample="农发行示例县支行"),
            Col("amount", "贷款金额", V.Number("money"), required=True, needed=True, sample="3000"),
            Col("date", "放款日期", V.Date(), required=True, needed=True, sample="2023-04-20", past=True),
            Col("term_months", "期限（月）", V.Number(integer=True, max_value=600), sample="36"),
            Col("purpose", "用途", V.Text(64), sample="流动资金"),
        ],
        refs=[enterprise_ref(),
              Ref("institution_ref", "factors.Institution", (("institution", ("name", "short_name")),), "金融机构",
                  required=True, hint="金融机构须先在系统中设置")],
        targets=[Target("factors.Loan", ("enterprise_id", "institution_id", "date"), {
            "enterprise_id": "enterprise", "institution_id": "institution_ref", "date": "date",
            "amount": "amount", "term_months": "term_months", "purpose": "purpose",
        }, label="贷款")],
        row_key=("enterprise", "institution_ref", "date"), row_label=("enterprise_name", "credit_code"),
        required_any=(("credit_code", "enterprise_name"),),
    )


def labour_channel(row, run):
    from yuanqu.factors.models import LabourSupply
    return row.v.get("channel") or LabourSupply.Channel.JOB_FAIR


def _labour_spec():
    from yuanqu.factors.models import LabourSupply
    return Spec(
        kind="labour", label="用工输送", title="企业用工输送台账",
        note="每次输送：企业、日期、人数、渠道",
        columns=[
            Col("credit_code", "统一社会信用代码", V.CreditCode(), sample=SAMPLE_CODE),
            Col("enterprise_name", "企业名称", V.Key(128), sample="示例纺织有限公司"),
            Col("date", "输送日期", V.Date(), required=True, needed=True, sample="2023-03-10", past=True),
            Col("workers", "输送人数", V.Number("people", integer=True), required=True, needed=True, sample="35"),
            Col("channel", "渠道", V.Choice(LabourSupply.Channel.choices), sample="招聘会"),
        ],
        refs=[enterprise_ref()],
        targets=[Target("factors.LabourSupply", ("enterprise_id", "date", "channel"), {
            "enterprise_id": "enterprise", "date": "date", "channel": labour_channel, "workers": "workers",
        }, label="用工输送")],
        row_key=("enterprise", "date", "channel"), row_label=("enterprise_name", "credit_code"),
        required_any=(("credit_code", "enterprise_name"),),
    )


# =========================================================================== registry

_BUILDERS = {
    "roster": _roster_spec,
    "stats": _stats_spec,
    "projects": _projects_spec,
    "land": _land_spec,
    "buildings": _buildings_spec,
    "revitalization": _revitalization_spec,
    "tickets": _tickets_spec,
    "policies": _policies_spec,
    "loans": _loans_spec,
    "labour": _labour_spec,
}
KINDS = tuple(_BUILDERS)
_SPECS: dict[str, Spec] = {}


def get_spec(kind: str) -> Spec:
    if kind not in _BUILDERS:
        raise KeyError(f"未知的导入类别“{kind}”，应为以下之一：{'、'.join(KINDS)}")
    if kind not in _SPECS:
        _SPECS[kind] = _BUILDERS[kind]()
    return _SPECS[kind]


def kind_choices() -> list[tuple[str, str]]:
    return [(k, get_spec(k).label) for k in KINDS]
