"""Users and their role. The role decides what a user sees and changes (yuanqu.core.access and each
app's rules.py); each user is also a member of their role's group (yuanqu.accounts.roles)."""
from django.contrib.auth.models import AbstractUser
from django.db import models

from yuanqu.core import access


class User(AbstractUser):
    class Role(models.TextChoices):
        LEADER = access.LEADER, "县领导"
        PARK_STAFF = access.PARK_STAFF, "园区工作人员"
        DEPARTMENT = access.DEPARTMENT, "部门"
        COMMISSIONER = access.COMMISSIONER, "工作专员"
        ENTERPRISE = access.ENTERPRISE, "企业用户"
        ADMIN = access.ADMIN, "系统管理员"
        CITY = access.CITY, "市州"
        PROVINCE = access.PROVINCE, "省级"

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
