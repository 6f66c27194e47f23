"""Enterprises, the 规上 roster per year, and monthly statistics (DOMAIN §1, §2)."""
from django.conf import settings
from django.db import models

from yuanqu.core import industrycode
from yuanqu.core.creditcode import normalize, validate_credit_code
from yuanqu.core.models import AreaField, DateField, MoneyField, TimeStamped, WrittenBy, YearField, month_constraint

from .indicators import ELECTRICITY, EMPLOYMENT, OUTPUT, PROFIT, REVENUE, STAT_COLUMNS, TAX

class EnterpriseQuerySet(models.QuerySet):
    def in_region(self, region):
        return self.filter(region.within_q())

    def in_park(self, park):
        return self.filter(park=park)

    def in_parks(self):
        return self.filter(park__isnull=False)

    def outside_parks(self):
        return self.filter(park__isnull=True)

    def above_scale(self, year):
        """Firms on the 规上 roster of `year` (the roster is per year, DOMAIN §2)."""
        return self.filter(roster_entries__year=year)

    def in_chain(self, chain):
        return self.filter(pk__in=chain_member_ids([chain.pk]))


# Chain membership, the one rule: a firm belongs to a chain when the roster names the chain
# (所属产业链, `Enterprise.chains`) or when it is on one of the chain's segments (`Enterprise.segments`).

def chain_member_ids(chains):
    """Ids (a subquery) of the firms in `chains` (a Chain queryset or a list of chain pks)."""
    return Enterprise.objects.filter(
        models.Q(segments__chain__in=chains) | models.Q(chains__in=chains)).values("pk")


def chain_links(enterprises, chains=None):
    """(enterprise_id, chain_key) pairs of `enterprises`, each once (optionally only of `chains`)."""
    on_segment = Enterprise.segments.through.objects.filter(enterprise__in=enterprises).values(
        "enterprise_id", chain_key=models.F("chainsegment__chain_id"))
    direct = Enterprise.chains.through.objects.filter(enterprise__in=enterprises).values(
        "enterprise_id", chain_key=models.F("chain_id"))
    if chains is not None:
        on_segment, direct = on_segment.filter(chainsegment__chain__in=chains), direct.filter(chain__in=chains)
    return on_segment.order_by().union(direct.order_by())


class Enterprise(TimeStamped):
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True,
                                   validators=[validate_credit_code])
    name = models.CharField("企业名称", max_length=128)
    short_name = models.CharField("简称", max_length=32, blank=True)
    region = models.ForeignKey("org.Region", verbose_name="所属行政区", on_delete=models.PROTECT,
                               related_name="enterprises")
    park = models.ForeignKey("org.Park", verbose_name="所在园区", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="enterprises", help_text="空表示园区外")
    zone = models.ForeignKey("org.ParkZone", verbose_name="所在片区", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="enterprises")
    industry_code = models.CharField("国民经济行业代码", max_length=5, blank=True,
                                     validators=[industrycode.validate_industry_code],
                                     help_text="GB/T 4754-2017，2至4位数字，可带门类字母，如“3841”或“C3841”")
    # follows the code (filled from the list on save), kept as a column so lists sort and filter by it
    industry_name = models.CharField("行业名称", max_length=64, blank=True, editable=False,
                                     help_text="按国民经济行业代码取自 GB/T 4754-2017")
    segments = models.ManyToManyField("chains.ChainSegment", verbose_name="所属产业链环节", blank=True,
                                      related_name="enterprises")
    chains = models.ManyToManyField("chains.Chain", verbose_name="所属产业链", blank=True, related_name="enterprises",
                                    help_text="名录所填的产业链；所在环节的产业链无须再填")
    land_area_mu = AreaField("用地面积", "亩")
    is_treasure = models.BooleanField("镇园之宝", default=False)
    is_listed = models.BooleanField("上市企业", default=False)
    is_listing_reserve = models.BooleanField("上市后备企业", default=False)
    commissioner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="工作专员", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="served_enterprises")
    legal_representative = models.CharField("法定代表人", max_length=32, blank=True)
    contact = models.CharField("联系人", max_length=32, blank=True)
    phone = models.CharField("联系电话", max_length=32, blank=True)
    address = models.CharField("地址", max_length=255, blank=True)
    established = DateField("成立日期", null=True, blank=True)
    registered_capital = MoneyField("注册资本", null=True, blank=True)
    is_active = models.BooleanField("存续", default=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["name"]
        indexes = [
            # (park, region): the figure engine groups a region's firms by park, reading this index in
            # park order with the region in it (no table read, no sort); the park alone has the FK's index.
            models.Index(fields=["park", "region"], name="enterprise_park_region"),
            models.Index(fields=["region", "park"]),
        ]

    def member_chains(self) -> list:
        """The chains the firm belongs to (named on the roster or through its segments), by name."""
        found = {c.pk: c for c in self.chains.all()}
        found.update({s.chain.pk: s.chain for s in self.segments.all()})
        return sorted(found.values(), key=lambda c: c.name)

    def __str__(self):
        return self.name

    @property
    def industry_label(self) -> str:
        """"C3841 锂离子电池制造"."""
        return industrycode.label(self.industry_code)

    industry_label.fget.short_description = "国民经济行业"
    industry_label.fget.admin_order_field = "industry_code"

    def set_industry(self) -> None:
        """Store the code as the list writes it and take its name from the list (raises ValidationError)."""
        industrycode.validate_industry_code(self.industry_code)
        self.industry_code, self.industry_name = industrycode.lookup(self.industry_code)

    def clean(self):
        self.credit_code = normalize(self.credit_code)
        if industrycode.is_valid(self.industry_code):  # clean_fields has named a bad code already
            self.set_industry()
        if self.zone_id and self.zone.park_id != self.park_id:
            from django.core.exceptions import ValidationError
            raise ValidationError({"zone": "所在片区不属于所在园区"})

    def save(self, *args, **kwargs):
        self.credit_code = normalize(self.credit_code)
        validate_credit_code(self.credit_code)
        self.set_industry()
        super().save(*args, **kwargs)


class RosterEntry(models.Model):
    """Membership of the 规上 roster for one year (set from last year's annual report)."""

    # db_index=False: roster_unique_enterprise_year (enterprise, year) serves lookups by firm
    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="roster_entries", db_index=False)
    year = YearField("年份")
    joined_month = models.PositiveSmallIntegerField("纳入月份", default=1, help_text="年中新投产入规的企业填入规月份")
    note = models.CharField("备注", max_length=128, blank=True)

    class Meta:
        verbose_name = "规上企业名录"
        verbose_name_plural = "规上企业名录"
        ordering = ["-year", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="roster_unique_enterprise_year"),
            month_constraint("roster", "joined_month"),
        ]
        # covering the engine's roster test (year, firm, joined_month ≤ N) without reading the table
        indexes = [models.Index(fields=["year", "enterprise", "joined_month"], name="rosterentry_year_cover")]

    def __str__(self):
        return f"{self.year}年 {self.enterprise}"


class MonthlyStatQuerySet(models.QuerySet):
    def for_period(self, period):
        return self.filter(year=period.year, month=period.month)

    def of_roster(self, year):
        """Rows of firms on the 规上 roster of `year` (comparable basis, DOMAIN §2)."""
        return self.filter(enterprise__roster_entries__year=year)

    def in_park(self, park):
        return self.filter(enterprise__park=park)

    def in_parks(self):
        return self.filter(enterprise__park__isnull=False)

    def in_region(self, region):
        return self.filter(region.within_q("enterprise__region"))


class MonthlyStat(WrittenBy):
    """One enterprise's 1—N月 cumulative figures for one period, as reported.

    `*_cum` is this year's 1—本月 value; `*_prev_cum` is the firm's own 上年同期 1—本月 value as
    reported on the same form (the comparable base, DOMAIN §2). A month's own value is derived.
    Employment is the period's average headcount, not a cumulative sum.
    """

    # db_index=False: monthlystat_unique_period (enterprise, year, month) serves lookups by firm;
    # one index less to maintain on every imported row
    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="monthly_stats", db_index=False)
    year = YearField("年份")
    month = models.PositiveSmallIntegerField("月份", help_text="1—N月的N")
    # the six indicators' fields, from their one definition (indicators.py)
    output_cum, output_prev_cum = OUTPUT.fields()
    revenue_cum, revenue_prev_cum = REVENUE.fields()
    profit_cum, profit_prev_cum = PROFIT.fields()
    tax_cum, tax_prev_cum = TAX.fields()
    electricity_cum, electricity_prev_cum = ELECTRICITY.fields()
    employees, employees_prev = EMPLOYMENT.fields()
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = MonthlyStatQuerySet.as_manager()

    class Meta:
        verbose_name = "月度统计"
        verbose_name_plural = "月度统计"
        ordering = ["-year", "-month", "enterprise_id"]  # no join in every subquery
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "month"], name="monthlystat_unique_period"),
            month_constraint("monthlystat"),
        ]
        indexes = [
            # Covering index of the figure engine's scans: a period's rows (year, month), looked up per
            # firm or read in one range, with every summed column in the index itself, so neither
            # SQLite nor PostgreSQL (index-only scan) reads the table. It also serves (year, month).
            models.Index(fields=["year", "month", "enterprise", *STAT_COLUMNS], name="monthlystat_period_cover"),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year}年1-{self.month}月"
