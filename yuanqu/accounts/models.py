"""Users and their role. The role decides what a user sees (see yuanqu.core.access)."""
from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    class Role(models.TextChoices):
        LEADER = "leader", "县领导"
        PARK_STAFF = "park_staff", "园区工作人员"
        DEPARTMENT = "department", "部门"
        COMMISSIONER = "commissioner", "工作专员"
        ENTERPRISE = "enterprise", "企业"
        ADMIN = "admin", "系统管理员"

    role = models.CharField("角色", max_length=16, choices=Role.choices, default=Role.PARK_STAFF)
    display_name = models.CharField("姓名", max_length=32, blank=True)
    title = models.CharField("职务", max_length=64, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    region = models.ForeignKey("org.Region", verbose_name="所属行政区", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="users")
    park = models.ForeignKey("org.Park", verbose_name="所属园区", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="users")
    department = models.ForeignKey("org.Department", verbose_name="所属部门", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="users")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="所属企业", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="users")

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self):
        return self.display_name or self.username
