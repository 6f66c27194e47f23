"""Benefit policies (惠企政策): the policy with structured eligibility, pushes, and claims."""
from django.conf import settings
from django.db import models

from yuanqu.core.models import DateField, MoneyField, TimeStamped


class PolicyQuerySet(models.QuerySet):
    def in_region(self, region):
        return self.filter(region.within_q())

    def valid_on(self, day):
        return self.filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
                           models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day))


class Policy(TimeStamped):
    class Level(models.TextChoices):
        NATIONAL = "national", "国家"
        PROVINCE = "province", "省"
        CITY = "city", "市"
        COUNTY = "county", "县"

    class Delivery(models.TextChoices):
        AUTOMATIC = "automatic", "免申即享"
        FAST = "fast", "快申快享"
        APPLY = "apply", "申报"

    title = models.CharField("政策名称", max_length=255)
    region = models.ForeignKey("org.Region", verbose_name="梳理地区", on_delete=models.PROTECT,
                               related_name="policies")
    issuer = models.CharField("发文单位", max_length=128)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    doc_number = models.CharField("文号", max_length=64, blank=True)
    issued_date = DateField("发布日期", null=True, blank=True)
    valid_from = DateField("有效期起", null=True, blank=True)
    valid_to = DateField("有效期止", null=True, blank=True)
    category = models.CharField("政策类别", max_length=32, help_text="如 财政奖补、金融支持、用工、科技创新")
    delivery_mode = models.CharField("兑现方式", max_length=16, choices=Delivery.choices, default=Delivery.APPLY)
    audience = models.CharField("适用对象", max_length=255, blank=True)
    summary = models.TextField("政策要点", blank=True)
    eligibility = models.JSONField(
        "适用条件（结构化）", default=dict, blank=True,
        help_text='如 {"above_scale": true, "in_park": true, "industry_prefixes": ["C18"], '
                  '"chains": ["textile"], "min_revenue_wan": 2000, "flags": ["is_treasure"]}',
    )

    objects = PolicyQuerySet.as_manager()

    class Meta:
        verbose_name = "惠企政策"
        verbose_name_plural = "惠企政策"
        ordering = ["-issued_date", "title"]

    def __str__(self):
        return self.title


class Push(models.Model):
    class Channel(models.TextChoices):
        GROUP = "group", "服务企业工作群"
        SMS = "sms", "短信"
        VISIT = "visit", "上门解读"
        PLATFORM = "platform", "平台推送"

    policy = models.ForeignKey(Policy, verbose_name="政策", on_delete=models.CASCADE, related_name="pushes")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="policy_pushes")
    date = DateField("推送日期")
    channel = models.CharField("推送渠道", max_length=16, choices=Channel.choices, default=Channel.PLATFORM)
    pushed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="推送人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "政策推送"
        verbose_name_plural = "政策推送"
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["policy", "enterprise", "date"], name="push_unique_day")]

    def __str__(self):
        return f"{self.policy} → {self.enterprise}"


class Claim(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", "已申报"
        APPROVED = "approved", "已审核"
        GRANTED = "granted", "已兑现"
        REJECTED = "rejected", "未通过"

    policy = models.ForeignKey(Policy, verbose_name="政策", on_delete=models.CASCADE, related_name="claims")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="policy_claims")
    applied_date = DateField("申报日期", null=True, blank=True)
    granted_date = DateField("兑现日期", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.APPLIED)
    amount_granted = MoneyField("兑现金额", null=True, blank=True)

    class Meta:
        verbose_name = "政策兑现"
        verbose_name_plural = "政策兑现"
        ordering = ["-granted_date", "-applied_date"]

    def __str__(self):
        return f"{self.policy} / {self.enterprise}"
