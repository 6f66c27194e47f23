"""Land parcels, standard factory buildings and revitalization (DOMAIN §7)."""
from django.core.exceptions import ValidationError
from django.db import models

from yuanqu.core.models import AreaField, DateField, MoneyField, TimeStamped


class ParcelQuerySet(models.QuerySet):
    def in_park(self, park):
        return self.filter(park=park)

    def in_region(self, region):
        return self.filter(region.within_q("park__region"))

    def supplied(self):
        return self.filter(supplied_date__isnull=False)


class LandParcel(TimeStamped):
    class Status(models.TextChoices):
        APPROVED = "approved", "批而未供"
        SUPPLIED = "supplied", "已供未建"
        BUILDING = "building", "在建"
        BUILT = "built", "已建成"
        STOPPED = "stopped", "停工"
        RECOVERED = "recovered", "已收回"

    class SupplyMethod(models.TextChoices):
        TRANSFER = "transfer", "出让"
        ALLOCATION = "allocation", "划拨"
        LEASE = "lease", "租赁"

    code = models.CharField("地块编号", max_length=32, unique=True)
    name = models.CharField("地块名称/坐落", max_length=128, blank=True)
    park = models.ForeignKey("org.Park", verbose_name="所在园区", on_delete=models.PROTECT, related_name="parcels")
    zone = models.ForeignKey("org.ParkZone", verbose_name="所在片区", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="parcels")
    area_mu = AreaField("面积", "亩")
    land_use = models.CharField("用途", max_length=32, default="工业用地")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.APPROVED)
    approved_date = DateField("批准日期", null=True, blank=True)
    supplied_date = DateField("供地日期", null=True, blank=True)
    supply_method = models.CharField("供地方式", max_length=16, choices=SupplyMethod.choices, blank=True)
    agreed_start_date = DateField("约定开工日期", null=True, blank=True, help_text="出让合同或划拨决定书约定")
    actual_start_date = DateField("实际开工日期", null=True, blank=True)
    built_date = DateField("建成日期", null=True, blank=True)
    stopped_date = DateField("停工日期", null=True, blank=True)
    holder = models.ForeignKey("enterprises.Enterprise", verbose_name="用地单位", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="parcels")
    holder_name = models.CharField("用地单位名称", max_length=128, blank=True, help_text="非平台企业时填写")
    project = models.ForeignKey("projects.Project", verbose_name="项目", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="parcels")
    plot_ratio = models.DecimalField("容积率", max_digits=6, decimal_places=2, null=True, blank=True)
    developed_area_mu = AreaField("已开发（建成）面积", "亩")
    agreed_investment = MoneyField("约定投资总额", null=True, blank=True)
    invested_amount = MoneyField("已完成投资", null=True, blank=True)
    land_price = MoneyField("土地价款", null=True, blank=True)
    is_low_efficiency = models.BooleanField("认定为低效用地", default=False,
                                            help_text="经认定的低效用地（国土资发〔2016〕147号）")

    objects = ParcelQuerySet.as_manager()

    class Meta:
        verbose_name = "地块"
        verbose_name_plural = "地块"
        ordering = ["park", "code"]

    def __str__(self):
        return f"{self.code} {self.name}".strip()


class BuildingQuerySet(models.QuerySet):
    def in_park(self, park):
        return self.filter(park=park)

    def in_region(self, region):
        return self.filter(region.within_q("park__region"))


class FactoryBuilding(TimeStamped):
    code = models.CharField("厂房编号", max_length=32, unique=True)
    name = models.CharField("厂房名称", max_length=128)
    park = models.ForeignKey("org.Park", verbose_name="所在园区", on_delete=models.PROTECT,
                             related_name="buildings")
    parcel = models.ForeignKey(LandParcel, verbose_name="所在地块", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="buildings")
    is_standard = models.BooleanField("标准厂房", default=True)
    floors = models.PositiveSmallIntegerField("层数", default=1)
    floor_area_m2 = AreaField("建筑面积", "平方米")
    let_area_m2 = AreaField("已出租（入驻）面积", "平方米")
    completed_date = DateField("建成日期", null=True, blank=True)
    owner_name = models.CharField("产权单位", max_length=128, blank=True)
    monthly_rent = models.DecimalField("月租金（元/平方米）", max_digits=8, decimal_places=2, null=True, blank=True)

    objects = BuildingQuerySet.as_manager()

    class Meta:
        verbose_name = "标准厂房"
        verbose_name_plural = "标准厂房"
        ordering = ["park", "code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(let_area_m2__lte=models.F("floor_area_m2")),
                                   name="building_let_within_floor",
                                   violation_error_message="已出租面积不能大于建筑面积"),
        ]

    def __str__(self):
        return self.name


class Tenancy(models.Model):
    building = models.ForeignKey(FactoryBuilding, verbose_name="厂房", on_delete=models.CASCADE,
                                 related_name="tenancies")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="入驻企业", on_delete=models.CASCADE,
                                   related_name="tenancies")
    area_m2 = AreaField("租用面积", "平方米")
    start_date = DateField("入驻日期", null=True, blank=True)
    end_date = DateField("退租日期", null=True, blank=True)

    class Meta:
        verbose_name = "厂房入驻"
        verbose_name_plural = "厂房入驻"
        ordering = ["building", "start_date"]

    def __str__(self):
        return f"{self.enterprise} @ {self.building}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "退租日期不能早于入驻日期"})


class RevitalizationQuerySet(models.QuerySet):
    def in_year(self, year, until=None):
        qs = self.filter(date__year=year)
        return qs.filter(date__lte=until) if until else qs


class Revitalization(models.Model):
    """A revitalization action (盘活): idle/low-efficiency land (亩) or idle factory space (㎡)."""

    class Method(models.TextChoices):
        RECOVER = "recover", "收回"
        TRANSFER = "transfer", "转让"
        COOPERATE = "cooperate", "合作开发"
        ATTRACT = "attract", "招商入驻"
        RENOVATE = "renovate", "改造提升"
        OTHER = "other", "其他"

    parcel = models.ForeignKey(LandParcel, verbose_name="地块", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="revitalizations")
    building = models.ForeignKey(FactoryBuilding, verbose_name="厂房", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="revitalizations")
    area_mu = AreaField("盘活土地面积", "亩", null=True, blank=True)
    area_m2 = AreaField("盘活厂房面积", "平方米", null=True, blank=True)
    date = DateField("盘活日期")
    method = models.CharField("盘活方式", max_length=16, choices=Method.choices)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="承接企业", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="revitalizations")
    project = models.ForeignKey("projects.Project", verbose_name="承接项目", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="revitalizations")
    note = models.CharField("说明", max_length=255, blank=True)

    objects = RevitalizationQuerySet.as_manager()

    class Meta:
        verbose_name = "盘活处置"
        verbose_name_plural = "盘活处置"
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(parcel__isnull=False, building__isnull=True)
                           | models.Q(parcel__isnull=True, building__isnull=False)),
                name="revitalization_parcel_xor_building",
                violation_error_message="盘活处置须且只须关联一个地块或一栋厂房",
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.get_method_display()} {self.parcel or self.building}"

    def clean(self):
        if bool(self.parcel_id) == bool(self.building_id):
            raise ValidationError("盘活处置须且只须关联一个地块或一栋厂房")
        if self.parcel_id and not self.area_mu:
            raise ValidationError({"area_mu": "盘活土地须填写面积（亩）"})
        if self.building_id and not self.area_m2:
            raise ValidationError({"area_m2": "盘活厂房须填写面积（平方米）"})
