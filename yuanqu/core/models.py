"""Shared model pieces: money fields, years and dates in range, timestamps, and the record of who wrote data."""
import json
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from yuanqu.core.periods import YEAR_MAX, YEAR_MIN, year_error


def validate_year(value):
    """A year of 1900—2200 (core.periods.year_error)."""
    if value is not None and year_error(value):
        raise ValidationError(year_error(value), code="year_range")


def validate_date(value):
    """A date (or time) in the years 1900—2200."""
    if value is not None and year_error(value.year):
        raise ValidationError(f"日期应在{YEAR_MIN}年—{YEAR_MAX}年之间，实际为{value:%Y-%m-%d}", code="date_range")


def YearField(verbose_name, **kw):
    """A year (年份、年度), 1900—2200."""
    return models.PositiveSmallIntegerField(verbose_name, validators=[validate_year], **kw)


def DateField(verbose_name, **kw):
    """A date in the years 1900—2200."""
    return models.DateField(verbose_name, validators=[validate_date], **kw)


def in_year_range(field: str = "year") -> models.Q:
    """Rows whose `field` is a year the platform accepts (rows stored before the rule stay readable)."""
    return models.Q(**{f"{field}__gte": YEAR_MIN, f"{field}__lte": YEAR_MAX})


def MoneyField(verbose_name, *, null=False, blank=False, nonnegative=True, default=None, **kw):
    """Money in 万元: Decimal(16, 2), never float. Non-negative unless said otherwise."""
    validators = [MinValueValidator(Decimal("0"))] if nonnegative else []
    if default is None and not null:
        default = Decimal("0")
    return models.DecimalField(
        verbose_name, max_digits=16, decimal_places=2, null=null, blank=blank,
        default=default, validators=validators, help_text=kw.pop("help_text", "单位：万元"), **kw,
    )


def AreaField(verbose_name, unit="亩", *, null=False, blank=False, default=None, **kw):
    if default is None and not null:
        default = Decimal("0")
    return models.DecimalField(
        verbose_name, max_digits=14, decimal_places=2, null=null, blank=blank, default=default,
        validators=[MinValueValidator(Decimal("0"))], help_text=kw.pop("help_text", f"单位：{unit}"), **kw,
    )


class TimeStamped(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class DataBatch(models.Model):
    """One write of data from outside: an import file, a demo build, or a form save by a user."""

    class Source(models.TextChoices):
        IMPORT = "import", "文件导入"
        FORM = "form", "页面填报"
        DEMO = "demo", "示例数据"
        API = "api", "接口"

    source = models.CharField("来源", max_length=16, choices=Source.choices)
    kind = models.CharField("数据类别", max_length=32, blank=True, help_text="如 stats、projects、land")
    file_name = models.CharField("文件名", max_length=255, blank=True)
    file_sha256 = models.CharField("文件SHA-256", max_length=64, blank=True, db_index=True)
    period_year = YearField("期别年份", null=True, blank=True)
    period_month = models.PositiveSmallIntegerField("期别月份", null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    region = models.ForeignKey(settings.REGION_MODEL, verbose_name="所属行政区", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+", help_text="数据所属的县（市、区）")
    row_count = models.PositiveIntegerField("行数", default=0)
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("写入时间", auto_now_add=True)

    class Meta:
        verbose_name = "数据批次"
        verbose_name_plural = "数据批次"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_month__isnull=True) | models.Q(period_month__gte=1, period_month__lte=12),
                name="databatch_month_1_12",
                violation_error_message="期别月份应在1—12之间",
            ),
        ]

    def __str__(self):
        label = self.file_name or self.get_source_display()
        if not self.created_at:
            return label
        return f"{label}（{timezone.localtime(self.created_at):%Y-%m-%d %H:%M}）"


class WrittenBy(models.Model):
    """Mixin: which batch (import, demo) or user wrote this row."""

    batch = models.ForeignKey(DataBatch, verbose_name="数据批次", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        abstract = True


def month_constraint(prefix: str, field: str = "month"):
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": 1, f"{field}__lte": 12}),
        name=f"{prefix}_{field}_1_12",
        violation_error_message="月份应在1—12之间",
    )


def nonneg_constraint(name: str, field: str, label: str, *, nullable: bool = False):
    """A database check that `field` is not negative, with a Chinese message."""
    condition = models.Q(**{f"{field}__gte": 0})
    if nullable:
        condition |= models.Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=name, violation_error_message=f"{label}不能为负数")


class DecimalJSONDecoder(json.JSONDecoder):
    """JSON numbers with a fraction read back as Decimal, never float (money in JSON fields)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("parse_float", Decimal)
        super().__init__(*args, **kwargs)
