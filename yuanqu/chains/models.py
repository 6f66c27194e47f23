"""Industry chains under the 链长制: chain, its leader and leading firm, and its segments."""
from django.db import models

from yuanqu.core.models import MoneyField, YearField


class ChainQuerySet(models.QuerySet):
    def main(self):
        return self.filter(is_main=True)

    def in_region(self, region):
        return self.filter(region.within_q())


class Chain(models.Model):
    code = models.CharField("产业链代码", max_length=32, unique=True)
    name = models.CharField("产业链名称", max_length=64)
    short_name = models.CharField("简称", max_length=32, blank=True, help_text="名录“所属产业链”可填名称或简称")
    region = models.ForeignKey("org.Region", verbose_name="所属行政区", on_delete=models.PROTECT,
                               related_name="chains")
    is_main = models.BooleanField("主特产业", default=False, help_text="“2+1”主导特色产业等重点链")
    leader_name = models.CharField("链长", max_length=32, blank=True)
    leader_title = models.CharField("链长职务", max_length=64, blank=True)
    owner = models.ForeignKey("enterprises.Enterprise", verbose_name="链主企业", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="owned_chains")
    lead_department = models.ForeignKey("org.Department", verbose_name="牵头部门", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="chains")
    target_output = MoneyField("产值目标", null=True, blank=True)
    target_year = YearField("目标年份", null=True, blank=True)
    description = models.TextField("简介", blank=True)
    sort = models.PositiveIntegerField("排序", default=0)

    objects = ChainQuerySet.as_manager()

    class Meta:
        verbose_name = "产业链"
        verbose_name_plural = "产业链"
        ordering = ["region", "sort", "code"]

    def __str__(self):
        return self.name


class ChainSegment(models.Model):
    class Position(models.TextChoices):
        UPSTREAM = "up", "上游"
        MIDSTREAM = "mid", "中游"
        DOWNSTREAM = "down", "下游"

    chain = models.ForeignKey(Chain, verbose_name="产业链", on_delete=models.CASCADE, related_name="segments")
    position = models.CharField("环节位置", max_length=8, choices=Position.choices)
    code = models.CharField("环节代码", max_length=32)
    name = models.CharField("环节名称", max_length=64)
    sort = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "产业链环节"
        verbose_name_plural = "产业链环节"
        ordering = ["chain", "sort", "code"]
        constraints = [models.UniqueConstraint(fields=["chain", "code"], name="chainsegment_unique_code")]

    def __str__(self):
        return f"{self.chain.name}·{self.get_position_display()}·{self.name}"
