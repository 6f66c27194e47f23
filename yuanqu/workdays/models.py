"""The holiday table: each year's State Council notice and the days it sets, over the package's data."""
from django.core.exceptions import ValidationError
from django.db import models


from yuanqu.core.models import TimeStamped, validate_date, validate_year


class HolidayYear(TimeStamped):
    """A year whose arrangement is published (国务院办公厅关于某年部分节假日安排的通知): the year is known."""

    year = models.PositiveSmallIntegerField("年度", unique=True, validators=[validate_year])
    notice = models.CharField("通知名称", max_length=200, blank=True,
                              help_text="如：国务院办公厅关于2027年部分节假日安排的通知")
    published_on = models.DateField("发布日期", validators=[validate_date], null=True, blank=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "节假日安排（年度）"
        verbose_name_plural = "节假日安排（年度）"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年节假日安排"


class HolidayArrangement(TimeStamped):
    """One day the notice sets: a day off (休息日) or a make-up working day (调休上班日)."""

    class Kind(models.TextChoices):
        REST = "rest", "休息日"
        WORK = "work", "调休上班日"

    year = models.ForeignKey(HolidayYear, verbose_name="所属年度安排", on_delete=models.CASCADE,
                             related_name="days")
    date = models.DateField("日期", unique=True, validators=[validate_date])
    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    name = models.CharField("节日名称", max_length=40, help_text="如：国庆节；调休上班日写所调的节日")

    class Meta:
        verbose_name = "节假日安排（日期）"
        verbose_name_plural = "节假日安排（日期）"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}（{self.name}）"

    def clean(self):
        # A notice sets days of its year, and at most a few days either side (a New Year's holiday
        # that begins in the December before).
        if self.year_id and self.date and abs(self.date.year - self.year.year) > 1:
            raise ValidationError({"date": f"日期{self.date:%Y-%m-%d}不在{self.year.year}年安排的范围内"
                                           f"（{self.year.year - 1}—{self.year.year + 1}年）"})
