"""Factors (要素保障): finance (institutions, loans) and labour (demand, workers supplied)."""
from django.core.validators import MinValueValidator
from django.db import models

from yuanqu.core.models import DateField, MoneyField, nonneg_constraint


class Institution(models.Model):
    class Kind(models.TextChoices):
        POLICY = "policy", "政策性银行"
        STATE = "state", "国有大型银行"
        JOINT = "joint", "股份制银行"
        LOCAL = "local", "地方法人银行"
        OTHER = "other", "其他金融机构"

    name = models.CharField("机构名称", max_length=128, unique=True)
    short_name = models.CharField("简称", max_length=32, blank=True)
    kind = models.CharField("机构类型", max_length=16, choices=Kind.choices, default=Kind.STATE)

    class Meta:
        verbose_name = "金融机构"
        verbose_name_plural = "金融机构"
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name


class LoanQuerySet(models.QuerySet):
    def between(self, start, end):
        return self.filter(date__gte=start, date__lte=end)


class Loan(models.Model):
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="loans")
    institution = models.ForeignKey(Institution, verbose_name="金融机构", on_delete=models.PROTECT,
                                    related_name="loans")
    amount = MoneyField("贷款金额")
    date = DateField("放款日期")
    term_months = models.PositiveSmallIntegerField("期限（月）", null=True, blank=True)
    purpose = models.CharField("用途", max_length=64, blank=True)

    objects = LoanQuerySet.as_manager()

    class Meta:
        verbose_name = "贷款"
        verbose_name_plural = "贷款"
        ordering = ["-date"]
        constraints = [nonneg_constraint("loan_amount_nonneg", "amount", "贷款金额")]

    def __str__(self):
        return f"{self.institution} → {self.enterprise} {self.amount}万元"


class LabourDemand(models.Model):
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="labour_demands")
    date = DateField("提出日期")
    positions = models.CharField("岗位", max_length=128)
    headcount = models.PositiveIntegerField("需求人数", validators=[MinValueValidator(1)])
    is_open = models.BooleanField("仍在招", default=True)

    class Meta:
        verbose_name = "用工需求"
        verbose_name_plural = "用工需求"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.enterprise} {self.positions} {self.headcount}人"


class LabourSupplyQuerySet(models.QuerySet):
    def between(self, start, end):
        return self.filter(date__gte=start, date__lte=end)


class LabourSupply(models.Model):
    class Channel(models.TextChoices):
        JOB_FAIR = "fair", "招聘会"
        TRAINING = "training", "订单培训"
        LABOUR_EXPORT = "transfer", "劳务协作"
        ONLINE = "online", "线上招聘"

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="labour_supplies")
    demand = models.ForeignKey(LabourDemand, verbose_name="对应需求", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="supplies")
    date = DateField("输送日期")
    workers = models.PositiveIntegerField("输送人数", validators=[MinValueValidator(1)])
    channel = models.CharField("渠道", max_length=16, choices=Channel.choices, default=Channel.JOB_FAIR)

    objects = LabourSupplyQuerySet.as_manager()

    class Meta:
        verbose_name = "用工输送"
        verbose_name_plural = "用工输送"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date} {self.enterprise} {self.workers}人"
