"""The revision record of imports: every record an import changed, with its values before and after.

Who, when, the file name and its SHA-256 are on the batch (core.DataBatch, source = 文件导入).
A Revision row holds one changed record (one object of one model): the fields it changed as
{field attname: [old, new]}, both values as exact text ("5000.00": Decimals are never floats
here; "" for empty), or the creation of an object that has no batch field of its own.
"""
from django.apps import apps
from django.db import models

from yuanqu.core.models import DataBatch


class Revision(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "新建"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"

    batch = models.ForeignKey(DataBatch, verbose_name="数据批次", on_delete=models.CASCADE, related_name="revisions")
    model = models.CharField("数据表", max_length=64, help_text="如 enterprises.MonthlyStat")
    object_id = models.PositiveBigIntegerField("记录ID")
    action = models.CharField("操作", max_length=8, choices=Action.choices, default=Action.UPDATE)
    changes = models.JSONField("修改内容", default=dict, blank=True,
                               help_text="{字段: [原值, 新值]}，值为精确的文本（如“5000.00”），空值为“”")
    sheet = models.CharField("工作表", max_length=64, blank=True)
    row = models.PositiveIntegerField("文件行号", null=True, blank=True)

    class Meta:
        verbose_name = "导入修订记录"
        verbose_name_plural = "导入修订记录"
        ordering = ["batch", "id"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def items(self) -> list[tuple[str, str, str]]:
        """(field attname, old, new) for each changed field, in the model's field order
        (PostgreSQL's jsonb does not keep the order the keys were written in)."""
        changes = self.changes or {}
        try:
            order = {f.attname: i for i, f in enumerate(apps.get_model(self.model)._meta.concrete_fields)}
        except (LookupError, ValueError):
            order = {}
        fields = sorted(changes, key=lambda f: (order.get(f, len(order)), f))
        return [(f, *changes[f]) for f in fields]

    def __str__(self):
        if self.action in (self.Action.CREATE, self.Action.DELETE):
            return f"{self.model}#{self.object_id} {self.get_action_display()}"
        parts = "；".join(f"{f}: {old or '（空）'} → {new or '（空）'}" for f, old, new in self.items())
        return f"{self.model}#{self.object_id} {parts}"
