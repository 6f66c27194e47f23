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
