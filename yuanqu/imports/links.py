"""Many-to-many links a kind sets from a column naming several rows (kind.Links: 所属产业链 → the
firm's chains), in three steps the stages call: `resolve` (names → pks, an unknown name an error
naming the known ones), `diff` (the stored links of each row's object compared, counted under the
link's label), `write` (the stored links replaced by the file's, a revision per object changed).
"""
from __future__ import annotations

from django.apps import apps

from . import values as V
from .kind import Links
from .run import Run


class LinkChange:
    __slots__ = ("links", "row", "owner", "old", "new", "status")

    def __init__(self, links: Links, row, owner, old: frozenset, new: frozenset):
        self.links, self.row, self.owner, self.old, self.new = links, row, owner, old, new
        self.status = "unchanged" if old == new else "changed" if old else "new"


def _present(run: Run) -> list[Links]:
    return [links for links in run.kind.links if run.has(links.column)]


def _names(run: Run, links: Links) -> dict[int, str]:
    """pk → the name of each row a name may be."""
    key = ("links", links.model, links.column)
    if key not in run.cache:
        within = links.within(run) if links.within else {}
        run.cache[key] = {pk: name for pk, name, *_ in apps.get_model(links.model).objects.filter(**within)
                          .order_by("pk").values_list("pk", *links.by)}
    return run.cache[key]


def resolve(run: Run) -> None:
    """row.links[column] = the pks the row's names are (an unknown name: an error on the row)."""
    for links in _present(run):
        rows = apps.get_model(links.model).objects.filter(pk__in=_names(run, links)).values_list("pk", *links.by)
        index = {V.key_text(text): pk for pk, *texts in rows for text in texts if text}
        known = "、".join(_names(run, links).values()) or "（无）"
        for row in run.rows:
            pks = []
            for name in row.v.get(links.column) or ():
                pk = index.get(V.key_text(name))
                if pk is None:
                    run.error(f"{links.label}“{name}”在平台中找不到；应为以下之一（名称或简称）：{known}，"
                              f"多个用“、”分隔，不属于任何{links.label}填“无”", row, links.column, code="ref_unknown")
                pks.append(pk)
            row.links[links.column] = frozenset(pks) - {None}


def diff(run: Run) -> None:
    """run.link_changes: a LinkChange per row whose target object the links are of."""
    run.link_changes = []
    for links in _present(run):
        model = apps.get_model(run.kind.targets[links.target].model)
        through, owner, other = _through(model, links)
        owners = [c.pk for c in run.changes.get(links.target, ()) if c.pk is not None]
        stored: dict = {}
        for a, b in through.objects.filter(**{f"{owner}__in": owners}).values_list(owner, other):
            stored.setdefault(a, set()).add(b)
        for row in run.rows:
            change = row.objs.get(links.target)
            if row.ok and change is not None and links.column in row.links:
                run.link_changes.append(LinkChange(links, row, change, frozenset(stored.get(change.pk, ())),
                                                   row.links[links.column]))


def counts(run: Run) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for change in getattr(run, "link_changes", ()):
        c = out.setdefault(change.links.label, {"new": 0, "changed": 0, "unchanged": 0, "removed": 0})
        c[change.status] += 1
    return out


def lines(run: Run) -> list[str]:
    return [f"第{c.row.excel_row}行 {c.row.label}：{c.links.label} {_shown(run, c.links, c.old) or '（空）'} → "
            f"{_shown(run, c.links, c.new) or '（空）'}" for c in getattr(run, "link_changes", ()) if c.status != "unchanged"]


def write(run: Run, batch, revision) -> list[dict]:
    """Replace the stored links of each changed row's object; the revisions (made by `revision(change,
    changes)`) of the objects whose links changed."""
    revisions = []
    for links in _present(run):
        model = apps.get_model(run.kind.targets[links.target].model)
        through, owner, other = _through(model, links)
        changed = [c for c in run.link_changes if c.links is links and c.status != "unchanged"]
        through.objects.filter(**{f"{owner}__in": [c.owner.pk for c in changed]}).delete()
        through.objects.bulk_create([through(**{owner: c.owner.pk, other: pk}) for c in changed for pk in c.new])
        revisions += [revision(c.owner, {links.field: [_shown(run, links, c.old), _shown(run, links, c.new)]})
                      for c in changed]
    return revisions


def _through(model, links: Links):
    """The through model of the field and its two columns (this side, the linked side)."""
    field = model._meta.get_field(links.field)
    through = field.remote_field.through
    return through, field.m2m_field_name() + "_id", field.m2m_reverse_field_name() + "_id"


def _shown(run: Run, links: Links, pks) -> str:
    names = _names(run, links)
    return "、".join(sorted(names.get(pk, str(pk)) for pk in pks))
