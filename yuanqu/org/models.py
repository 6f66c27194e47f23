"""Organisation: the region (county), its parks with zones, and departments for ticket routing."""
from django.db import models
from django.db.models import Q

from yuanqu.core.models import AreaField, DateField


class RegionQuerySet(models.QuerySet):
    def counties(self):
        return self.filter(level=Region.Level.COUNTY)

    def covered_by(self, region):
        """The region itself and the regions below it (a province's cities and their counties)."""
        return self.filter(Q(pk=region.pk) | Q(parent=region) | Q(parent__parent=region))


class Region(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", "省"
        CITY = "city", "市（州）"
        COUNTY = "county", "县（市、区）"

    code = models.CharField("行政区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=64)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    parent = models.ForeignKey("self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "行政区"
        verbose_name_plural = "行政区"
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def is_county(self) -> bool:
        return self.level == self.Level.COUNTY

    def within_q(self, path: str = "region") -> Q:
        """Rows whose region at `path` is this region: a county's own rows; for a city or a province,
        the rows of every county below it."""
        if self.is_county:
            return Q(**{path: self})
        return Q(**{f"{path}__in": Region.objects.covered_by(self).values("pk")})


class ParkQuerySet(models.QuerySet):
    def in_region(self, region):
        return self.filter(region.within_q())

    def active(self):
        return self.filter(is_active=True)


class Park(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", "国家级"
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县级"

    code = models.CharField("园区代码", max_length=32, unique=True)
    name = models.CharField("园区名称", max_length=128)
    short_name = models.CharField("简称", max_length=32, blank=True)
    region = models.ForeignKey(Region, verbose_name="所属行政区", on_delete=models.PROTECT, related_name="parks")
    level = models.CharField("园区级别", max_length=16, choices=Level.choices, default=Level.COUNTY)
    leading_industry = models.CharField("主导产业", max_length=128, blank=True)
    planned_area_mu = AreaField("规划面积", "亩")
    built_area_mu = AreaField("建成区面积", "亩")
    established = DateField("设立日期", null=True, blank=True)
    is_active = models.BooleanField("在用", default=True)
    sort = models.PositiveIntegerField("排序", default=0)

    objects = ParkQuerySet.as_manager()

    class Meta:
        verbose_name = "园区"
        verbose_name_plural = "园区"
        ordering = ["region", "sort", "code"]

    def __str__(self):
        return self.name


class ParkZone(models.Model):
    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.CASCADE, related_name="zones")
    code = models.CharField("片区代码", max_length=32)
    name = models.CharField("片区名称", max_length=128)
    area_mu = AreaField("面积", "亩")

    class Meta:
        verbose_name = "园区片区"
        verbose_name_plural = "园区片区"
        ordering = ["park", "code"]
        constraints = [models.UniqueConstraint(fields=["park", "code"], name="parkzone_unique_code")]

    def __str__(self):
        return f"{self.park.name}·{self.name}"


class DepartmentQuerySet(models.QuerySet):
    def in_region(self, region):
        return self.filter(region.within_q())


class Department(models.Model):
    """A unit that resolves tickets or owns tasks (县发改局, 园区管委会, 供电公司 …)."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "政府部门"
        PARK = "park", "园区管理机构"
        ENTERPRISE = "soe", "公共服务企业"
        OTHER = "other", "其他"

    code = models.CharField("单位代码", max_length=32, unique=True)
    name = models.CharField("单位名称", max_length=128)
    short_name = models.CharField("简称", max_length=32, blank=True)
    region = models.ForeignKey(Region, verbose_name="所属行政区", on_delete=models.PROTECT,
                               related_name="departments")
    park = models.ForeignKey(Park, verbose_name="所属园区", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="departments")
    kind = models.CharField("单位类型", max_length=16, choices=Kind.choices, default=Kind.GOVERNMENT)
    contact = models.CharField("联系人", max_length=32, blank=True)
    phone = models.CharField("联系电话", max_length=32, blank=True)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = "部门单位"
        verbose_name_plural = "部门单位"
        ordering = ["region", "code"]

    def __str__(self):
        return self.short_name or self.name
