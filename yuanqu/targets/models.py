"""Targets (目标) and actions (攻坚行动) with their tasks; published indicators the bureau releases."""
from django.db import models

from yuanqu.core.models import DateField, YearField, month_constraint


class Target(models.Model):
    """A campaign target: an indicator for a scope, to be reached by `year`.

    `indicator` is a figure-engine key (e.g. park.output_ytd, park.above_scale_count) or a
    published indicator code (e.g. published.gdp_growth); the actual comes from the data.
    """

    class ScopeKind(models.TextChoices):
        COUNTY = "county", "全县"
        PARKS = "parks", "全部园区"
        PARK = "park", "园区"
        CHAIN = "chain", "产业链"

    code = models.CharField("目标代码", max_length=48, unique=True)
    name = models.CharField("目标名称", max_length=128)
    region = models.ForeignKey("org.Region", verbose_name="所属行政区", on_delete=models.PROTECT,
                               related_name="targets")
    scope_kind = models.CharField("范围", max_length=16, choices=ScopeKind.choices, default=ScopeKind.COUNTY)
    park = models.ForeignKey("org.Park", verbose_name="园区", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="targets")
    chain = models.ForeignKey("chains.Chain", verbose_name="产业链", null=True, blank=True,
                              on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField("指标", max_length=64)
    year = YearField("目标年份")
    value = models.DecimalField("目标值", max_digits=16, decimal_places=4)
    unit = models.CharField("单位", max_length=16)
    baseline_value = models.DecimalField("基期值", max_digits=16, decimal_places=4, null=True, blank=True)
    baseline_year = YearField("基期年份", null=True, blank=True)
    is_annual = models.BooleanField("年度目标", default=False, help_text="年度目标按时间进度考核“双过半”")
    sort = models.PositiveIntegerField("排序", default=0)
    note = models.CharField("说明", max_length=255, blank=True)

    class Meta:
        verbose_name = "目标"
        verbose_name_plural = "目标"
        ordering = ["region", "year", "sort"]

    def __str__(self):
        return f"{self.name}（{self.year}年）"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.scope_kind == self.ScopeKind.PARK and not self.park_id:
            raise ValidationError({"park": "范围为园区的目标须选择园区"})
        if self.scope_kind == self.ScopeKind.CHAIN and not self.chain_id:
            raise ValidationError({"chain": "范围为产业链的目标须选择产业链"})


class PublishedIndicator(models.Model):
    """A figure the statistics bureau publishes and we never compute (GDP growth, 增加值增速, 固投增速)."""

    region = models.ForeignKey("org.Region", verbose_name="行政区", on_delete=models.PROTECT,
                               related_name="published_indicators")
    code = models.CharField("指标代码", max_length=48, help_text="如 gdp_growth、fai_growth、value_added_growth")
    name = models.CharField("指标名称", max_length=64)
    year = YearField("年份")
    month = models.PositiveSmallIntegerField("月份", help_text="1—N月的N")
    value = models.DecimalField("数值", max_digits=16, decimal_places=4)
    unit = models.CharField("单位", max_length=16)
    source = models.CharField("来源", max_length=128, blank=True)

    class Meta:
        verbose_name = "统计发布指标"
        verbose_name_plural = "统计发布指标"
        ordering = ["region", "code", "-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code", "year", "month"], name="published_unique_period"),
            month_constraint("published"),
        ]

    def __str__(self):
        return f"{self.name} {self.year}年1-{self.month}月"


class Action(models.Model):
    """A 攻坚行动 (e.g. 产业项目落地促建), with tasks owned by units."""

    class Status(models.TextChoices):
        ACTIVE = "active", "推进中"
        DONE = "done", "已完成"
        SUSPENDED = "suspended", "暂停"

    code = models.CharField("行动代码", max_length=32, unique=True)
    name = models.CharField("行动名称", max_length=128)
    region = models.ForeignKey("org.Region", verbose_name="所属行政区", on_delete=models.PROTECT,
                               related_name="actions")
    leader_name = models.CharField("牵头领导", max_length=32, blank=True)
    lead_unit = models.ForeignKey("org.Department", verbose_name="牵头单位", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="actions")
    start_date = DateField("开始日期", null=True, blank=True)
    end_date = DateField("结束日期", null=True, blank=True)
    goal = models.TextField("行动目标", blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.ACTIVE)
    sort = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "攻坚行动"
        verbose_name_plural = "攻坚行动"
        ordering = ["region", "sort", "code"]

    def __str__(self):
        return self.name


class Task(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "未开始"
        ACTIVE = "active", "推进中"
        DONE = "done", "已完成"
        OVERDUE = "overdue", "逾期"

    action = models.ForeignKey(Action, verbose_name="攻坚行动", on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField("任务", max_length=255)
    owner_unit = models.ForeignKey("org.Department", verbose_name="责任单位", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="tasks")
    leader_name = models.CharField("责任领导", max_length=32, blank=True)
    deadline = DateField("完成时限", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PLANNED)
    completed_date = DateField("完成日期", null=True, blank=True)
    progress_note = models.TextField("进展情况", blank=True)
    projects = models.ManyToManyField("projects.Project", verbose_name="关联项目", blank=True, related_name="tasks")

    class Meta:
        verbose_name = "行动任务"
        verbose_name_plural = "行动任务"
        ordering = ["action", "deadline", "id"]

    def __str__(self):
        return self.title
