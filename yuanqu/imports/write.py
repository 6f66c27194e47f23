"""Stage 7, write: every change of a run in one transaction, and the record of it.

A core.DataBatch for the import (also one that changed nothing); the rows written carry the batch
and the user where their model has those fields; every changed record is an imports.Revision
(each changed field's old → new value as exact text); a new row of a model without a batch field
gets a 新建 Revision. New rows whose pk is needed (a later target points at them, or a revision
does) are created with bulk_create; the other new rows, the updates and the revisions go through
bulk (COPY or executemany). The caller has checked that the run has no error.
"""
from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from . import bulk, links
from . import values as V
from .diff import Change, Pending, counts, summary
from .kind import Obj
from .run import Run


def write(run: Run):
    from yuanqu.core.models import DataBatch

    from .models import Revision

    kind, period, now = run.kind, run.period, timezone.now()
    done = counts(run)
    anything = any(v["new"] or v["changed"] or v["removed"] for v in done.values())
    user = run.user if getattr(run.user, "pk", None) else None
    pointed_at = {src.target for t in kind.targets for src in (*t.fields.values(), *t.defaults.values())
                  if isinstance(src, Obj)} | {lk.target for lk in kind.links}
    with transaction.atomic():
        run.batch = batch = DataBatch.objects.create(
            source=DataBatch.Source.IMPORT, kind=kind.name, file_name=run.workbook.file_name[:255],
            file_sha256=run.workbook.sha256, period_year=period.year if period else None,
            period_month=period.month if period and kind.period == "month" else None, user=user,
            region=_county(run), row_count=len(run.rows),
            note=summary(done) + ("" if anything else "（文件内容与库中一致，未修改任何数据）"))
        revisions = []
        for ti, changes in run.changes.items():
            model = apps.get_model(kind.targets[ti].model)
            atts = {f.attname for f in model._meta.concrete_fields}
            stamp = {a: v for a, v in (("batch_id", batch.pk), ("written_by_id", getattr(user, "pk", None)))
                     if a in atts and v is not None}
            stamp.update({f.attname: now for f in model._meta.concrete_fields if getattr(f, "auto_now", False)})
            record = "batch_id" not in atts  # rows that carry no batch: their creation is a revision
            created = _create(model, kind.targets[ti], [c for c in changes if c.status == "new"], stamp, now,
                              with_pks=ti in pointed_at or record)
            if record:
                revisions += [_revision(run, batch, c, Revision.Action.CREATE, {}) for c in created]
            removed = [c for c in changes if c.status == "removed"]
            model.objects.filter(pk__in=[c.pk for c in removed]).delete()
            revisions += [_revision(run, batch, c, Revision.Action.DELETE,
                                    {a: [V.shown(old), ""] for a, (old, _) in c.changed.items()}) for c in removed]
            updated = [c for c in changes if c.status == "changed"]
            if any(isinstance(src, Obj) for src in kind.targets[ti].fields.values()):  # pks of rows created above
                for c in updated:
                    c.changed = {a: (old, _pk(new)) for a, (old, new) in c.changed.items()}
            _update(model, updated, stamp)
            revisions += [_revision(run, batch, c, Revision.Action.UPDATE,
                                    {a: [V.shown(old), V.shown(new)] for a, (old, new) in c.changed.items()})
                          for c in updated]
            run.progress("写入", ti + 1, len(kind.targets))
        revisions += links.write(run, batch, lambda change, changes: _revision(run, batch, change,
                                                                               Revision.Action.UPDATE, changes))
        bulk.insert(Revision, revisions, defaults={})
    return batch


def _county(run: Run):
    """The county the batch is of: the run's, else the installation's (None when there is none)."""
    from yuanqu.core.access import NoCounty
    from yuanqu.org.selectors import installation_county

    if run.region is not None:
        return run.region
    try:
        return installation_county()
    except NoCounty:
        return None


def _pk(value):
    """A value as written: a row created in this import is its pk."""
    return value.change.pk if isinstance(value, Pending) else value


def _create(model, target, new: list[Change], stamp: dict, now, *, with_pks: bool) -> list[Change]:
    if any(isinstance(src, Obj) for src in target.fields.values()):  # pks of rows created above
        rows = [{a: _pk(v) for a, v in c.values.items()} for c in new]
    else:
        rows = [c.values for c in new]
    if "pk" in target.fields:  # a new row's pk is the database's
        rows = [{a: v for a, v in row.items() if a != "pk"} for row in rows]
    if not with_pks:
        bulk.insert(model, rows, defaults={**stamp, **{f.attname: now for f in model._meta.concrete_fields
                                                      if getattr(f, "auto_now_add", False)}})
        return new
    objs = model.objects.bulk_create([model(**row, **stamp) for row in rows], batch_size=500)
    for change, obj in zip(new, objs):
        change.pk = obj.pk
    return new


def _update(model, updated: list[Change], stamp: dict) -> None:
    """The changed fields of each row, and the stamp; rows changing the same fields in one statement."""
    by_fields: dict[tuple, list[Change]] = {}
    for change in updated:
        by_fields.setdefault(tuple(change.changed), []).append(change)
    for fields, changes in by_fields.items():
        atts = [*fields, *(a for a in stamp if a not in fields)]
        constant = [stamp[a] for a in atts[len(fields):]]
        rows = [(*[c.changed[a][1] for a in fields], *constant, c.pk) for c in changes]
        bulk.update(model, atts, rows)


def _revision(run: Run, batch, change: Change, action: str, changes: dict) -> dict:
    return {"batch_id": batch.pk, "model": change.target.model, "object_id": change.pk, "action": action,
            "changes": changes, "sheet": (run.sheet or "")[:64], "row": change.row.excel_row}
