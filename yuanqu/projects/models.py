"""Projects and investment attraction (DOMAIN §4—§6, §11).

A project's stage is kept with a dated history; figures as of a date read the history,
never only the current stage. Signing is counted once, at the first 签约 event; a later
signing event on the same project carries only the increment (增资) in `amount`.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from yuanqu.core.models import (
    DateField, DecimalJSONDecoder, MoneyField, TimeStamped, WrittenBy, YearField, month_constraint, nonneg_constraint,
)


class Stage(models.TextChoices):
    LEAD = "lead", "线索"
    NEGOTIATING = "negotiating", "洽谈"
    SIGNED = "signed", "签约"
    STARTED = "started", "开工"
    BUILDING = "building", "在建"
    COMPLETED = "completed", "竣工"
    PRODUCTION = "production", "投产"
    TERMINATED = "terminated", "终止"


STAGE_ORDER = [s.value for s in Stage if s != Stage.TERMINATED]
STAGE_RANK = {stage: rank for rank, stage in enumerate([*STAGE_ORDER, Stage.TERMINATED.value])}


def _day(value) -> str:
    return f"{value:%Y-%m-%d}"


def dates_out_of_order(obj, fields) -> dict[str, str]:
    """{field: message} for the first of `fields` (dates in their order, blanks skipped) dated before the one
    it follows; empty when they are in order."""
    known = [(name, getattr(obj, name)) for name in fields if getattr(obj, name) is not None]
    for (before, a), (after, b) in zip(known, known[1:]):
        if b < a:
            label = obj._meta.get_field
            return {after: f"{label(after).verbose_name}{_day(b)}早于{label(before).verbose_name}{_day(a)}，"
                           "日期应按先后顺序填写"}
    return {}


class ProjectQuerySet(models.QuerySet):
    def in_region(self, region):
        return self.filter(region.within_q())

    def in_park(self, park):
        return self.filter(park=park)

    def in_chain(self, chain):
        return self.filter(segment__chain=chain)

    def key_level(self, level):
        return self.filter(key_level=level)


class Project(TimeStamped):
    class Kind(models.TextChoices):
        INDUSTRY = "industry", "产业项目"
        INFRASTRUCTURE = "infrastructure", "基础设施项目"
        SUPPORTING = "supporting", "配套项目"

    class KeyLevel(models.TextChoices):
        NONE = "", "一般项目"
        PROVINCE = "province", "省重点"
        CITY = "city", "市重点"
        COUNTY = "county", "县重点"

    code = models.CharField("项目编号", max_length=32, unique=True)
    name = models.CharField("项目名称", max_length=128)
    kind = models.CharField("项目类别", max_length=16, choices=Kind.choices, default=Kind.INDUSTRY)
    region = models.ForeignKey("org.Region", verbose_name="所属行政区", on_delete=models.PROTECT,
                               related_name="projects")
    park = models.ForeignKey("org.Park", verbose_name="所在园区", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="projects")
    segment = models.ForeignKey("chains.ChainSegment", verbose_name="产业链环节", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="projects")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="项目业主企业", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="projects")
    investor = models.CharField("投资方", max_length=128, blank=True)
    source_region = models.CharField("投资方来源地", max_length=64, blank=True, help_text="如 成都、重庆")
    total_investment = MoneyField("总投资")
    stage = models.CharField("当前阶段", max_length=16, choices=Stage.choices, default=Stage.LEAD)
    key_level = models.CharField("重点项目级别", max_length=16, choices=KeyLevel.choices, blank=True,
                                 default=KeyLevel.NONE)
    leader_name = models.CharField("包抓领导", max_length=32, blank=True)
    responsible_unit = models.ForeignKey("org.Department", verbose_name="责任单位", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="projects")
    commissioner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="工作专员", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="served_projects")
    content = models.TextField("建设内容", blank=True)
    planned_start = DateField("计划开工日期", null=True, blank=True)
    planned_completion = DateField("计划竣工日期", null=True, blank=True)
    planned_production = DateField("计划投产日期", null=True, blank=True)
    signed_date = DateField("首次签约日期", null=True, blank=True)
    started_date = DateField("实际开工日期", null=True, blank=True)
    completed_date = DateField("实际竣工日期", null=True, blank=True)
    production_date = DateField("实际投产（试生产）日期", null=True, blank=True)
    terminated_date = DateField("终止日期", null=True, blank=True)
    is_force_majeure = models.BooleanField("不可抗力", default=False, help_text="红黑榜评定时豁免")

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目"
        ordering = ["code"]
        constraints = [
            nonneg_constraint("project_investment_nonneg", "total_investment", "总投资"),
        ]
        indexes = [models.Index(fields=["region", "stage"]), models.Index(fields=["key_level"])]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        problem = dates_out_of_order(self, ["planned_start", "planned_completion", "planned_production"])
        if problem:
            raise ValidationError(problem)


class StageChangeQuerySet(models.QuerySet):
    def first_dates(self) -> dict[str, object]:
        """Stage → the date of its first change."""
        firsts = {}
        for stage, day in self.values_list("stage", "date"):
            firsts[stage] = min(day, firsts.get(stage, day))
        return firsts


def stage_order_error(project_id, stage: str, day, *, exclude_pk=None) -> str:
    """Why a change to `stage` dated `day` is out of order with the project's history, or "".

    A stage may not be dated before the first change to an earlier one (a 开工 before the 签约); the first
    change to a stage may not be dated after the first change to a later one (a later 签约 is an 增资 and
    may be). A project may resume after 终止.
    """
    firsts = StageChange.objects.filter(project_id=project_id).exclude(pk=exclude_pk).first_dates()
    label = Stage(stage).label
    for other, first in sorted(firsts.items(), key=lambda item: STAGE_RANK[item[0]]):
        other_label = Stage(other).label
        if STAGE_RANK[other] < STAGE_RANK[stage] and day < first:
            return f"{label}日期{_day(day)}早于已记录的{other_label}日期{_day(first)}，阶段日期应按先后顺序"
        if (STAGE_RANK[other] > STAGE_RANK[stage] and stage not in firsts and other != Stage.TERMINATED
                and day > first):
            return f"{label}日期{_day(day)}晚于已记录的{other_label}日期{_day(first)}，阶段日期应按先后顺序"
    return ""


class StageChange(models.Model):
    # db_index=False: stagechange_history (project, …) serves lookups by project
    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE,
                                related_name="stage_changes", db_index=False)
    stage = models.CharField("阶段", max_length=16, choices=Stage.choices)
    date = DateField("日期")
    amount = MoneyField("签约（增资）金额", null=True, blank=True,
                        help_text="签约事件填写：首次签约为签约投资额，之后的签约事件只填增资部分。单位：万元")
    note = models.CharField("说明", max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = StageChangeQuerySet.as_manager()

    class Meta:
        verbose_name = "阶段变更"
        verbose_name_plural = "阶段变更"
        ordering = ["project", "date", "id"]
        indexes = [
            models.Index(fields=["stage", "date"]),
            # A project's history in date order (ties: id), covering the figure engine's reads: the stage
            # as of a day (latest change on or before it) and each stage's first date and amounts.
            models.Index(fields=["project", "date", "id", "stage", "amount"], name="stagechange_history"),
        ]
        constraints = [
            nonneg_constraint("stagechange_amount_nonneg", "amount", "签约（增资）金额", nullable=True),
        ]

    def __str__(self):
        return f"{self.project} {self.date} {self.get_stage_display()}"

    def clean(self):
        super().clean()
        if self.project_id and self.stage in STAGE_RANK and self.date:
            problem = stage_order_error(self.project_id, self.stage, self.date, exclude_pk=self.pk)
            if problem:
                raise ValidationError({"date": problem})


class AnnualPlan(models.Model):
    """The year's plan for one project (重点项目年度计划)."""

    # db_index=False: annualplan_unique_year (project, year) serves lookups by project
    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="plans",
                                db_index=False)
    year = YearField("年度")
    planned_investment = MoneyField("年度计划投资")
    is_continuing = models.BooleanField("续建项目", default=False)
    plan_start = models.BooleanField("计划年内开工", default=False)
    plan_complete = models.BooleanField("计划年内竣工", default=False)
    plan_production = models.BooleanField("计划年内投产", default=False)
    quarter_targets = models.JSONField("季度投资目标", default=dict, blank=True, decoder=DecimalJSONDecoder,
                                       help_text='各季度末累计计划投资（万元），如 {"1": 1200, "2": 3000}')

    class Meta:
        verbose_name = "年度计划"
        verbose_name_plural = "年度计划"
        ordering = ["-year", "project"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="annualplan_unique_year"),
            nonneg_constraint("annualplan_investment_nonneg", "planned_investment", "年度计划投资"),
        ]

    def __str__(self):
        return f"{self.project} {self.year}年计划"


class ProgressQuerySet(models.QuerySet):
    def for_period(self, period):
        return self.filter(year=period.year, month=period.month)


class Progress(WrittenBy):
    """Monthly dispatch of one project: cumulative investment completed this year, 形象进度, problems."""

    # db_index=False: progress_unique_period (project, year, month) serves lookups by project
    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="progress",
                                db_index=False)
    year = YearField("年份")
    month = models.PositiveSmallIntegerField("月份")
    completed_investment_cum = MoneyField("本年累计完成投资")
    image_progress = models.TextField("形象进度", blank=True)
    problems = models.TextField("存在问题", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ProgressQuerySet.as_manager()

    class Meta:
        verbose_name = "月度进度"
        verbose_name_plural = "月度进度"
        ordering = ["-year", "-month", "project"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month"], name="progress_unique_period"),
            month_constraint("progress"),
            nonneg_constraint("progress_investment_nonneg", "completed_investment_cum", "本年累计完成投资"),
        ]

    def __str__(self):
        return f"{self.project} {self.year}年1-{self.month}月"


class Lead(TimeStamped):
    """An investment lead (招商线索) not yet a project; attaches to a chain segment for 补链."""

    name = models.CharField("线索名称", max_length=128)
    region = models.ForeignKey("org.Region", verbose_name="所属行政区", on_delete=models.PROTECT,
                               related_name="leads")
    segment = models.ForeignKey("chains.ChainSegment", verbose_name="产业链环节", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="leads")
    investor = models.CharField("意向投资方", max_length=128, blank=True)
    source_region = models.CharField("来源地", max_length=64, blank=True)
    estimated_investment = MoneyField("预计投资", null=True, blank=True)
    found_date = DateField("获取日期", null=True, blank=True)
    follower = models.CharField("跟进人", max_length=32, blank=True)
    project = models.ForeignKey(Project, verbose_name="转化项目", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="leads")
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "招商线索"
        verbose_name_plural = "招商线索"
        ordering = ["-found_date", "name"]

    def __str__(self):
        return self.name


class DesignationQuerySet(models.QuerySet):
    def for_quarter(self, year: int, quarter: int):
        return self.filter(year=year, quarter=quarter)

    def of_kind(self, kind):
        return self.filter(kind=kind)


class Designation(TimeStamped):
    """A designation made by another body — the city's 骏马项目, a province's 红榜 — recorded as it was
    published, with its source; never computed by the platform (the county's own 季盘点 lists are
    figures, `rankings.*`). Without a project it designates the county's work as a whole."""

    class Kind(models.TextChoices):
        RED_LIST = "red_list", "红榜"
        BLACK_LIST = "black_list", "黑榜"
        STEED = "steed", "骏马项目"
        SNAIL = "snail", "蜗牛项目"

    class Level(models.TextChoices):
        PROVINCE = "province", "省"
        CITY = "city", "市"
        COUNTY = "county", "县"

    kind = models.CharField("评定类别", max_length=16, choices=Kind.choices)
    level = models.CharField("评定层级", max_length=16, choices=Level.choices, default=Level.CITY)
    region = models.ForeignKey("org.Region", verbose_name="所属行政区", on_delete=models.PROTECT,
                               related_name="designations")
    project = models.ForeignKey(Project, verbose_name="项目", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="designations", help_text="留空表示评定对象为本县（区）整体")
    year = YearField("年度")
    quarter = models.PositiveSmallIntegerField("季度", help_text="1—4")
    issuer = models.CharField("发布单位", max_length=128, help_text="如 市“园区提质”“企业满园”行动领导小组办公室")
    document = models.CharField("文件名称或文号", max_length=255, blank=True)
    published_date = DateField("发布日期", null=True, blank=True)
    note = models.CharField("备注", max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = DesignationQuerySet.as_manager()

    class Meta:
        verbose_name = "上级评定"
        verbose_name_plural = "上级评定"
        ordering = ["-year", "-quarter", "kind", "level", "project"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="designation_quarter_range",
                                   violation_error_message="季度应在1—4之间"),
            models.UniqueConstraint(fields=["kind", "level", "year", "quarter", "project"],
                                    name="designation_unique_project",
                                    violation_error_message="该项目本季度已有同一层级的同类评定"),
        ]
        indexes = [models.Index(fields=["region", "year", "quarter"])]

    def __str__(self):
        subject = self.project.name if self.project_id else str(self.region)
        return f"{self.year}年{self.quarter}季度{self.get_level_display()}{self.get_kind_display()}：{subject}"
