"""The detail rows of a figure (Figure.detail) as people read them: Chinese column names and values.

The engine keeps English keys in its detail rows: the API, the CLI and the tests read those. A page
that shows them as a table names each column here. A key used by no group-specific entry takes its
common name; `test_detail.py` checks that every key the engine yields has one.
"""
from __future__ import annotations

import datetime as dt

LABELS = {
    "above_scale_count": "规上企业数",
    "action": "处置措施",
    "actual": "实际完成",
    "agreed_start_date": "约定开工日期",
    "ahead": "快于时间进度（百分点）",
    "amount": "金额（万元）",
    "approved_date": "批准日期",
    "area": "面积",
    "area_mu": "面积（亩）",
    "baseline": "基期值",
    "baseline_year": "基期年份",
    "category": "类别",
    "chain": "产业链",
    "class": "类别",
    "code": "编号",
    "completed_investment": "已完成投资（万元）",
    "completion": "完成率（%）",
    "count": "数量",
    "days_overdue": "逾期天数",
    "deadline": "办结时限",
    "denominator": "分母",
    "department": "责任部门",
    "deviation": "与时间进度之差（百分点）",
    "double_half": "双过半",
    "eligibility": "申报条件",
    "eligible": "符合条件企业数",
    "enterprise": "企业",
    "force_majeure": "不可抗力",
    "group": "分组",
    "growth": "增速（%）",
    "holder": "用地单位",
    "institution": "金融机构",
    "is_main": "主导产业链",
    "label": "期别",
    "leads": "招商线索数",
    "level": "等级",
    "light_label": "亮灯",
    "method": "方式",
    "month": "月份",
    "name": "名称",
    "numerator": "分子",
    "output_growth": "产值增速（%）",
    "output_share": "产值占全县比重（%）",
    "output_ytd": "累计工业总产值（万元）",
    "parcel": "地块编号",
    "park": "园区",
    "planned_investment": "计划投资（万元）",
    "policy": "政策",
    "position": "链上位置",
    "progress": "完成进度（%）",
    "project": "项目编号",
    "rank": "名次",
    "rate": "比率（%）",
    "reached": "是否达成",
    "reason": "原因",
    "document": "文件",
    "gap": "距目标差额",
    "is_annual": "是否年度目标",
    "is_project": "是否为项目",
    "issuer": "发布单位",
    "level_label": "层级",
    "published_date": "发布日期",
    "score": "得分",
    "segment": "产业链环节",
    "supplied_date": "供地日期",
    "target": "目标",
    "target_as_set": "目标（下达口径）",
    "time_progress": "时间进度（%）",
    "title": "事项",
    "year": "年度",
}

# (figure group — the first part of a figure key —, detail key): where a key means something else
BY_GROUP = {
    ("designations", "level"): "评定层级",
    ("designations", "name"): "评定对象",
    ("policies", "reached"): "已推送企业数",
    ("policies", "rate"): "触达率（%）",
    ("park", "park"): "园区代码",
    ("chains", "chain"): "产业链",
    ("mujun", "class"): "亩均评价类别",
    ("mujun", "enterprise"): "统一社会信用代码",
    ("service", "department"): "牵头单位",
    ("service", "received"): "受理条数",
    ("service", "resolved"): "其中已办结",
    ("service", "resolution_rate"): "办结率（%）",
    ("service", "closed"): "办结条数",
    ("service", "on_time"): "按期办结",
    ("service", "on_time_rate"): "按期办结率（%）",
    ("service", "rated"): "评价次数",
    ("service", "satisfied"): "满意及基本满意",
    ("service", "satisfaction_rate"): "满意率（%）",
    ("service", "median_workdays"): "办结用时中位数（工作日）",
}

# keys shown through another one: pk (an id), light (the code of light_label)
HIDDEN = {"pk", "light"}


def label(figure_key: str, key: str) -> str:
    """The Chinese name of one detail column of figure `figure_key`; the key itself if it has none."""
    group = figure_key.split(".", 1)[0]
    return BY_GROUP.get((group, key)) or LABELS.get(key, key)


def printable(value) -> str:
    """A detail value as the pages show values (core.pages.show): no value "—", 是/否, decimals to
    at most two places, dates as YYYY-MM-DD."""
    from yuanqu.core.pages import show

    kind = ("bool" if isinstance(value, bool) else "datetime" if isinstance(value, dt.datetime)
            else "date" if isinstance(value, dt.date) else "text")
    return show(value, kind)


def table(figure_key: str, detail: list[dict]) -> dict:
    """Figure.detail as a table: the union of its keys (but HIDDEN) as Chinese columns, in order of
    first appearance, and each row's values printable (a key a row lacks: "—")."""
    keys: list[str] = []
    for item in detail:
        for k in item:
            if k not in keys and k not in HIDDEN:
                keys.append(k)
    return {"columns": [label(figure_key, k) for k in keys],
            "rows": [[printable(item.get(k)) for k in keys] for item in detail]}


# --- what a user may read of a figure ---------------------------------------------------------------
# Aggregates of a scope the user may read are shown to them; an item of the detail that is one row
# (a project, a parcel, a ticket, a firm) only to those who may read that row — a firm: its figures.
# Figure group → (detail key naming the row, model label, the field that key holds).
SUBJECTS = {
    "projects": ("project", "projects.Project", "code"),
    "rankings": ("pk", "projects.Project", "pk"),
    "land": ("parcel", "land.LandParcel", "code"),
    "service": ("code", "service.Ticket", "code"),
    "enterprises": ("enterprise", "enterprises.Enterprise", "name"),
    "mujun": ("enterprise", "enterprises.Enterprise", "credit_code"),
}


def _rows_kind(model) -> str:
    from yuanqu.core.access import rule_for

    rule = rule_for(model)
    return "unmasked" if rule is not None and rule.confidential else "read"


def readable(figure_key: str, detail: list[dict], user) -> list[dict]:
    """The items of a figure's detail that `user` may read (items that are no single row: all)."""
    from django.apps import apps

    from yuanqu.core.access import EVERYTHING, NOTHING, scope_q

    subject = SUBJECTS.get(figure_key.split(".", 1)[0])
    key = subject[0] if subject else None
    values = {item[key] for item in detail if key in item}
    if not values:
        return list(detail)
    _, label, field = subject
    model = apps.get_model(label)
    q = scope_q(model, user, _rows_kind(model))
    if q == EVERYTHING:
        return list(detail)
    allowed = set() if q == NOTHING else set(
        model._default_manager.filter(q, **{f"{field}__in": values}).values_list(field, flat=True))
    return [item for item in detail if key not in item or item[key] in allowed]


def readable_anomalies(anomalies: list[str], user) -> list[str]:
    """The anomaly notes that name no firm whose figures `user` may not read."""
    from yuanqu.core.access import county_for, with_figures
    from yuanqu.enterprises.models import Enterprise

    if not anomalies:
        return []
    firms = Enterprise.objects.filter(county_for(user).within_q())
    hidden = set(firms.values_list("name", flat=True)) - set(with_figures(firms, user).values_list("name", flat=True))
    return [note for note in anomalies if not any(name in note for name in hidden)]


def for_user(fig, user):
    """The figure as `user` may read it: its value and formula, the detail items and anomaly notes
    about rows they may read. County readers read every row of their region (the scope's)."""
    from dataclasses import replace

    from yuanqu.core.access import reads_county

    if user is None or reads_county(user):
        return fig
    return replace(fig, detail=readable(fig.key, fig.detail, user), anomalies=readable_anomalies(fig.anomalies, user))
