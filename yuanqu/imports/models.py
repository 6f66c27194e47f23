"""The revision record of imports: every value an import changed, before and after.

Who, when, the file name and its hash are on the batch (core.DataBatch, source = 文件导入);
a Revision row holds one changed field of one object (or the creation of an object that has no
batch field of its own).
"""
from django.db import models

from yuanqu.core.models import DataBatch


class Revision(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "新建"
        UPDATE = "update", "修改"

    batch = models.ForeignKey(DataBatch, verbose_name="数据批次", on_delete=models.CASCADE, related_name="revisions")
    model = models.CharField("数据表", max_length=64, help_text="如 enterprises.MonthlyStat")
    object_id = models.PositiveBigIntegerField("记录ID")
    action = models.CharField("操作", max_length=8, choices=Action.choices, default=Action.UPDATE)
    field = models.CharField("字段", max_length=64, blank=True)
    old_value = models.TextField("原值", blank=True)
    new_value = models.TextField("新值", blank=True)
    sheet = models.CharField("工作表", max_length=64, blank=True)
    row = models.PositiveIntegerField("文件行号", null=True, blank=True)

    class Meta:
        verbose_name = "导入修订记录"
        verbose_name_plural = "导入修订记录"
        ordering = ["batch", "id"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self):
        if self.action == self.Action.CREATE:
            return f"{self.model}#{self.object_id} 新建"
        return f"{self.model}#{self.object_id}.{self.field}: {self.old_value or '（空）'} → {self.new_value or '（空）'}"
