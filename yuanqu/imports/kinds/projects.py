"""重点项目调度: projects, their annual plan and the month's progress (本年1-本月完成投资)."""
from __future__ import annotations

from yuanqu.core import cumulative
from yuanqu.projects.models import Progress, Project

from .. import values as V
from ..check import to_check
from ..kind import Column, Kind, Obj, Ref, Target
from . import common

PLAN = ("planned_investment", "is_continuing", "plan_start", "plan_complete", "plan_production")
PROGRESS = ("completed_investment_cum", "image_progress", "problems")
KEY_LEVELS = {"省级": "province", "市级": "city", "县级": "county", "省级重点": "province", "市级重点": "city",
              "县级重点": "county", "一般": ""}


class Projects(Kind):
    name, label, order = "projects", "重点项目调度", 30
    title = "重点项目调度表"
    note = "项目基本信息、年度计划投资和本年1-本月完成投资、形象进度、存在问题"
    period = "month"
    columns = [
        Column("code", "项目编号", V.Key(32), sample="XM2023001", aliases=("项目代码", "项目编码", "编号")),
        Column("name", "项目名称", V.Text(128), sample="示例新能源电池项目"),
        common.PARK,
        Column("owner_code", "业主统一社会信用代码", V.CreditCode(), template=False, aliases=("项目业主统一社会信用代码",)),
        Column("owner_name", "项目业主", V.Key(128), sample=common.SAMPLE_FIRM,
               aliases=("业主单位", "建设单位", "项目单位", "实施主体", "项目业主企业")),
        Column("kind", "项目类别", V.Choice(Project.Kind.choices), sample="产业项目", aliases=("项目类型", "类别")),
        Column("key_level", "重点项目级别", V.Choice(Project.KeyLevel.choices, KEY_LEVELS), sample="省重点",
               aliases=("项目级别", "级别", "重点级别")),
        Column("total_investment", "总投资", V.Number("money"), sample="50000", aliases=("计划总投资", "项目总投资")),
        Column("planned_investment", "年度计划投资", V.Number("money"), sample="12000",
               aliases=("本年计划投资", "本年度计划投资", "计划投资", "年计划投资")),
        Column("is_continuing", "续建项目", V.Bool(true=("续建",), false=("新建", "新开工")), sample="否",
               aliases=("是否续建", "建设性质")),
        Column("plan_start", "计划年内开工", V.Bool(), sample="是", aliases=("计划新开工", "是否计划开工", "年内计划开工")),
        Column("plan_complete", "计划年内竣工", V.Bool(), sample="否", aliases=("是否计划竣工", "年内计划竣工")),
        Column("plan_production", "计划年内投产", V.Bool(), sample="否", aliases=("是否计划投产", "年内计划投产")),
        Column("completed_investment_cum", "本年1-本月完成投资", V.Number("money"), sample="8000", aliases=(
            "1-本月完成投资", "本年累计完成投资", "累计完成投资", "本年完成投资", "完成投资", "1-本月累计完成投资",
            "年度累计完成投资")),
        Column("image_progress", "形象进度", V.Text(), sample="主体厂房封顶",
               aliases=("工程形象进度", "项目进展", "进展情况", "建设进度")),
        Column("problems", "存在问题", V.Text(), sample="无", aliases=("存在的困难和问题", "困难和问题", "问题")),
        Column("planned_start", "计划开工日期", V.Date(), sample="2023-03-01", aliases=("计划开工时间",)),
        Column("planned_completion", "计划竣工日期", V.Date(), sample="2024-06-30", aliases=("计划竣工时间",)),
        Column("planned_production", "计划投产日期", V.Date(), sample="2024-09-30", aliases=("计划投产时间",)),
        Column("leader_name", "包抓领导", V.Text(32), sample="王五", aliases=("包联领导", "联系领导", "责任领导")),
        Column("content", "建设内容", V.Text(), sample="新建标准化厂房3万平方米及生产线",
               aliases=("建设内容及规模", "建设规模及内容", "主要建设内容")),
        Column("investor", "投资方", V.Text(128), template=False),
        Column("source_region", "投资方来源地", V.Text(64), template=False, aliases=("来源地",)),
    ]
    refs = [
        Ref("project", "projects.Project", (("code", ("code",)), ("name", ("name",))), "项目", missing="create"),
        common.PARK_REF,
        common.enterprise_ref(required=False, missing="keep", code="owner_code", name="owner_name", ref="owner",
                              label="业主企业"),
    ]
    targets = [
        Target("projects.Project", ("pk",), {
            "pk": "project", "code": "code", "name": "name", "park_id": "park", "enterprise_id": "owner",
            "kind": "kind", "key_level": "key_level", "total_investment": "total_investment",
            "leader_name": "leader_name", "content": "content", "planned_start": "planned_start",
            "planned_completion": "planned_completion", "planned_production": "planned_production",
            "investor": "investor", "source_region": "source_region",
        }, defaults={"region_id": common.region_for_row}, label="项目", require_on_create=("code", "name")),
        Target("projects.AnnualPlan", ("project_id", "year"), {
            "project_id": Obj(0), "year": common.period_year, **{c: c for c in PLAN},
        }, label="年度计划", when=PLAN),
        Target("projects.Progress", ("project_id", "year", "month"), {
            "project_id": Obj(0), "year": common.period_year, "month": common.period_month,
            **{c: c for c in PROGRESS},
        }, label="月度进度", when=PROGRESS),
    ]
    row_key, row_label = ("project",), ("name", "code")
    required_any = (("code", "name"),)

    def check(self, run) -> None:
        """完成投资 1—N月 never falls (against the nearest stored months); above the total investment: a warning."""
        p, field = run.period, "completed_investment_cum"
        changes = to_check(run, "projects.Progress")
        if not changes:
            return
        # a project stored already (a new one is Pending: no month of it is stored)
        projects = [c.values["project_id"] for c in changes if isinstance(c.values.get("project_id"), int)]
        before, after = cumulative.neighbours(Progress.objects.all(), key="project_id", fields=[field], year=p.year,
                                              month=p.month, keys=projects)
        totals = {c.row.n: c.final("total_investment") for c in run.changes_of("projects.Project")}
        for change in changes:
            value, project = change.values.get(field), change.values.get("project_id")
            if value is None:
                continue
            for _, why in cumulative.problems(change.values, {field: ("本年累计完成投资", "万元")}, year=p.year,
                                              month=p.month, before=before.get(project), after=after.get(project)):
                run.error(why, change.row, field, code="cumulative")
            total = totals.get(change.row.n)
            if total and value > total:
                run.warning(f"本年累计完成投资{V.shown(value)}万元超过项目总投资{V.shown(total)}万元；请核实",
                            change.row, field, code="outlier")
