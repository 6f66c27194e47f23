"""Targets to 2025, the 2023 annual targets with the bureau's published indicators, and the
“七大攻坚行动” with their tasks."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from yuanqu.targets.models import Action, PublishedIndicator, Target, Task

from . import targets as T
from .context import Ctx, bulk
from .projects import LATE_STARTERS

SCOPES = {"parks": Target.ScopeKind.PARKS, "county": Target.ScopeKind.COUNTY}

# code, name, unit, {month: value} for 2023 (1—N月 cumulative growth, %)
PUBLISHED = (
    ("gdp_growth", "地区生产总值增速", "%", {3: "7.2", 6: "7.9", 9: "8.1", 12: "8.0"}),
    ("fai_growth", "全社会固定资产投资增速", "%",
     dict(zip(range(2, 13), ("8.5", "9.2", "9.8", "10.4", "10.9", "10.6", "10.8", "11.0", "10.7", "10.5", "10.3")))),
    ("value_added_growth", "规上工业增加值增速", "%",
     dict(zip(range(2, 13), ("9.6", "10.2", "10.8", "11.3", "11.6", "11.9", "12.1", "12.0", "11.8", "11.6", "11.5")))),
)

# name, 牵头领导, lead unit, goal, tasks: (title, owner unit, deadline, status, project pool or None)
ACTIONS = (
    ("产业项目落地促建攻坚行动", "周振华", "fgj", "年度计划开工项目全部开工，竣工投产项目14个以上", (
        ("推动年度计划开工项目全面开工", "fgj", date(2023, 6, 30), "overdue", "plan_waiting"),
        ("加快珍有缘二期、穆丹食品等项目开工建设", "gwh", date(2023, 11, 30), "active", "late_starters"),
        ("推动安吉纳、锦鑫泰等项目建成投产", "gwh", date(2023, 6, 30), "done", "completed"),
        ("领旗食品一期年底前建成投产", "gwh", date(2023, 12, 31), "active", None),
    )),
    ("招商引资提质增效攻坚行动", "赵明远", "tcj", "全年签约项目30个以上，承接成都、重庆产业转移", (
        ("赴成都、重庆开展产业链精准招商", "tcj", date(2023, 9, 30), "active", None),
        ("围绕新能源电池正极材料环节补链招商", "tcj", date(2023, 12, 31), "active", None),
        ("建立在谈项目周调度台账", "tcj", date(2023, 3, 31), "done", None),
    )),
    ("闲置低效用地清理盘活攻坚行动", "孙建平", "zrzy", "盘活低效用地120亩以上、闲置厂房4万平方米以上", (
        ("完成园区闲置土地全面摸排认定", "zrzy", date(2023, 4, 30), "done", None),
        ("依法处置青东片区闲置地块", "zrzy", date(2023, 7, 31), "overdue", None),
        ("推进闲置标准厂房招商入驻", "gwh", date(2023, 10, 31), "active", None),
    )),
    ("园区基础设施提标升级攻坚行动", "孙建平", "zjj", "完成道路黑化、园区亮化、公共绿化、环境美化项目23个", (
        ("园区一环路建成通车", "zjj", date(2023, 12, 31), "active", None),
        ("南北干道一号路二标段开工", "zjj", date(2023, 8, 15), "overdue", None),
        ("完成园区标识标牌更新", "gwh", date(2023, 5, 31), "done", None),
    )),
    ("企业培育壮大攻坚行动", "张志刚", "jxj", "新增规上工业企业10户，培育“镇园之宝”企业", (
        ("建立拟升规企业培育库", "jxj", date(2023, 3, 31), "done", None),
        ("开展“镇园之宝”企业评选", "jxj", date(2023, 10, 31), "active", None),
        ("推动2户企业进入上市辅导", "jrzx", date(2023, 12, 31), "planned", None),
    )),
    ("要素保障强化攻坚行动", "张志刚", "jrzx", "新增贷款80亿元以上，输送员工8000人以上", (
        ("开展银企对接会4场", "jrzx", date(2023, 9, 30), "active", None),
        ("组织园区专场招聘会", "rsj", date(2023, 6, 30), "done", None),
        ("新增专用变压器报装提速", "power", date(2023, 7, 31), "overdue", None),
    )),
    ("营商环境优化攻坚行动", "周振华", "spj", "下放27项行政审批事项，“园区事园区办”", (
        ("下放27项行政审批及管理职能到园区", "spj", date(2023, 5, 31), "done", None),
        ("全面推行“工作专员”制度", "gwh", date(2023, 3, 31), "done", None),
        ("诉求办理“5个工作日”办结率达90%", "gwh", date(2023, 12, 31), "active", None),
    )),
)


def build_targets(ctx: Ctx) -> None:
    bulk(Target, [Target(code=f"{ctx.region.code}-{t.slug}-{t.year}", name=t.name, region=ctx.region,
                         scope_kind=SCOPES[t.scope], indicator=t.indicator, year=t.year, value=t.value, unit=t.unit,
                         is_annual=t.is_annual, sort=i, note="“园区提质”“企业满园”行动目标")
                  for i, t in enumerate(T.TARGETS, start=1)])
    source = f"{ctx.region.name}统计局"
    bulk(PublishedIndicator, [PublishedIndicator(region=ctx.region, code=code, name=name, year=T.YEAR, month=m,
                                                 value=D(v), unit=unit, source=source)
                              for code, name, unit, values in PUBLISHED for m, v in values.items()])


def build_actions(ctx: Ctx) -> None:
    actions = bulk(Action, [
        Action(code=f"{ctx.region.code}-GJ{i}", name=name, region=ctx.region, leader_name=leader,
               lead_unit=ctx.depts[unit], start_date=date(2023, 3, 1), end_date=date(2025, 12, 31), goal=goal,
               sort=i)
        for i, (name, leader, unit, goal, _) in enumerate(ACTIONS, start=1)])
    tasks, links = [], []
    for action, spec in zip(actions, ACTIONS):
        for title, unit, deadline, status, pool in spec[4]:
            tasks.append(Task(action=action, title=title, owner_unit=ctx.depts[unit], leader_name=spec[1],
                              deadline=deadline, status=status,
                              completed_date=deadline if status == "done" else None,
                              progress_note=_note(status)))
            links.append(pool)
    tasks = bulk(Task, tasks)
    through = Task.projects.through
    bulk(through, [through(task_id=t.pk, project_id=ctx.projects[name].pk)
                   for t, pool in zip(tasks, links) if pool for name in _pool(ctx, pool)])


def _pool(ctx: Ctx, pool: str) -> list[str]:
    return list(LATE_STARTERS) if pool == "late_starters" else ctx.pools[pool]


def _note(status: str) -> str:
    return {"done": "已按期完成", "overdue": "未按期完成，已督办", "active": "正在有序推进",
            "planned": "尚未启动"}[status]
