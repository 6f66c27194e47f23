"""One imports.Revision per changed record (its changed fields as {field: [old, new]}) instead of
one per changed value. Existing rows are merged per batch and record, and split again on reverse."""

from django.db import migrations, models

CHUNK = 2000


def merge(apps, schema_editor):
    Revision = apps.get_model("imports", "Revision")
    keep, drop, current = [], [], None
    rows = Revision.objects.order_by("batch_id", "model", "object_id", "action", "id")
    for rev in rows.iterator(chunk_size=CHUNK):
        group = (rev.batch_id, rev.model, rev.object_id, rev.action)
        if current is None or group != current[0]:
            current = (group, rev)
            rev.changes = {}
            keep.append(rev)
        else:
            drop.append(rev.pk)
        if rev.action == "update" and rev.field:
            current[1].changes[rev.field] = [rev.old_value, rev.new_value]
    for i in range(0, len(keep), CHUNK):
        Revision.objects.bulk_update(keep[i:i + CHUNK], ["changes"])
    for i in range(0, len(drop), CHUNK):
        Revision.objects.filter(pk__in=drop[i:i + CHUNK]).delete()


def split(apps, schema_editor):
    Revision = apps.get_model("imports", "Revision")
    update, extra = [], []
    for rev in Revision.objects.order_by("id").iterator(chunk_size=CHUNK):
        items = list((rev.changes or {}).items())
        if not items:
            continue
        (rev.field, (rev.old_value, rev.new_value)), rest = items[0], items[1:]
        update.append(rev)
        for field, (old, new) in rest:
            extra.append(Revision(batch_id=rev.batch_id, model=rev.model, object_id=rev.object_id,
                                  action=rev.action, field=field, old_value=old, new_value=new,
                                  sheet=rev.sheet, row=rev.row))
    for i in range(0, len(update), CHUNK):
        Revision.objects.bulk_update(update[i:i + CHUNK], ["field", "old_value", "new_value"])
    Revision.objects.bulk_create(extra, batch_size=CHUNK)


class Migration(migrations.Migration):

    dependencies = [
        ("imports", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="revision",
            name="changes",
            field=models.JSONField(blank=True, default=dict,
                                   help_text="{字段: [原值, 新值]}，值为精确的文本（如“5000.00”），空值为“”",
                                   verbose_name="修改内容"),
        ),
        migrations.RunPython(merge, split),
        migrations.RemoveField(model_name="revision", name="field"),
        migrations.RemoveField(model_name="revision", name="new_value"),
        migrations.RemoveField(model_name="revision", name="old_value"),
    ]
