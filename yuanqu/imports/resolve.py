"""Stage 4, resolve: the rows each data row names (a firm by credit code or name, a park by name …),
then rows the file holds twice.

A reference's candidates are read once per run (`lookup`), each key as compared (values.key_text),
from the rows `Ref.within(run)` allows (the run's county, when a kind says so). The first column
given decides; a later one (a name) that names another row is an error, one that names none is
not. An unknown value is an error unless the reference creates or keeps it (`Ref.missing`).
"""
from __future__ import annotations

from django.apps import apps

from . import links
from . import values as V
from .kind import Ref
from .run import Row, Run


def lookup(run: Run, ref: Ref) -> dict[str, dict[str, list]]:
    """For each column of the reference: key_text of its model fields → the pks of the rows having it.
    Read once a run, in one query, from the rows `ref.within` allows."""
    within = ref.within(run) if ref.within else {}
    key = ("lookup", ref.model, ref.by, tuple(sorted(within.items())))
    if key not in run.cache:
        fields = list(dict.fromkeys(f for _, fs in ref.by for f in fs))
        rows = list(apps.get_model(ref.model).objects.filter(**within).order_by().values_list("pk", *fields))
        index = {column: _index(rows, [1 + fields.index(f) for f in fs]) for column, fs in ref.by}
        if within and ref.everywhere:
            everywhere = list(apps.get_model(ref.model).objects.order_by().values_list("pk", *fields))
            index.update({column: _index(everywhere, [1 + fields.index(f) for f in fs]) for column, fs in ref.by
                          if column in ref.everywhere})
            index[OUTSIDE] = {pk for pk, *_ in everywhere} - {pk for pk, *_ in rows}
        run.cache[key] = index
    return run.cache[key]


OUTSIDE = object()  # lookup()'s key of the rows `everywhere` columns find outside `within`


def _index(rows: list[tuple], positions: list[int]) -> dict[str, list]:
    """key_text of the values at `positions` of each row → the pks (row[0]) having it."""
    index: dict[str, list] = {}
    for row in rows:
        for i in positions:
            text = V.key_text(row[i])
            pks = index.setdefault(text, []) if text else None
            if pks is not None and (not pks or pks[-1] != row[0]):
                pks.append(row[0])
    return index


def resolve(run: Run) -> bool:
    """Set row.refs[ref] of every row; then report duplicate rows. False when a reference's columns
    are all missing from the file (nothing can be resolved)."""
    kind = run.kind
    present = []
    for ref in kind.refs:
        columns = [c for c in ref.columns if run.has(c)]
        if columns:
            present.append((ref, [(c, lookup(run, ref)[c]) for c in columns], lookup(run, ref).get(OUTSIDE, ())))
        elif ref.required:
            cols = "或".join(f"“{kind.header_of(kind.by_name[c])}”" for c in ref.columns)
            run.error(f"缺少列：应有{cols}，用来确定{ref.label}", code="header")
            return False
    for i, row in enumerate(run.rows):
        for ref, columns, outside in present:
            row.refs[ref.name] = _resolve(run, ref, row, columns)
            if row.refs[ref.name] in outside:
                row.refs[ref.name] = _outside(run, ref, row)
        if i % 1000 == 0:
            run.progress("核对", i, len(run.rows))
    links.resolve(run)
    _duplicates(run)
    return True


def _resolve(run: Run, ref: Ref, row: Row, columns) -> int | None:
    kind = run.kind
    found = found_by = ambiguous = first = None
    for c, index in columns:
        value = row.v.get(c)
        if not value:
            continue
        first = first or c
        pks = index.get(V.key_text(value), ())
        if len(pks) > 1:
            ambiguous = ambiguous or (c, value, len(pks))
        elif pks and found is None:
            found, found_by = pks[0], c
        elif pks and pks[0] != found:
            a, b = kind.by_name[found_by].label, kind.by_name[c].label
            run.error(f"{a}“{run.shown(row, found_by)}”与{b}“{run.shown(row, c)}”指向不同的{ref.label}，"
                      f"应为同一{ref.label}的{a}和{b}", row, c, code="ref_mismatch")
            return None
    if first is None:
        if ref.required and row.ok:
            cols = "或".join(f"“{kind.by_name[c].label}”" for c in ref.columns)
            run.error(f"{cols}均为空，无法确定{ref.label}；应至少填写一项", row, ref.columns[0], code="ref")
        return None
    if found is not None:
        if found_by != first and first == ref.columns[0] and ref.strict:
            a, b = kind.by_name[first].label, kind.by_name[found_by].label
            other = _field_of(run, ref, found)
            run.error(f"{a}“{run.shown(row, first)}”在平台中不存在，而{b}“{run.shown(row, found_by)}”对应的{ref.label}的"
                      f"{a}为“{other}”；应核对{a}", row, first, code="ref_mismatch")
            return None
        return found
    if ambiguous:
        c, value, n = ambiguous
        run.error(f"{kind.by_name[c].label}“{value}”对应平台中{n}条{ref.label}，无法区分；"
                  f"应填写{kind.by_name[ref.columns[0]].label}", row, c, code="ref_ambiguous")
    elif ref.missing == "error":
        run.error(f"{kind.by_name[first].label}“{run.shown(row, first)}”在平台中找不到对应的{ref.label}"
                  f"{('；' + ref.hint) if ref.hint else ''}", row, first, code="ref_unknown")
    return None


def _outside(run: Run, ref: Ref, row: Row) -> None:
    """A row found outside the run's county (a firm of another county by its credit code): an error."""
    c = next(c for c in ref.everywhere if row.v.get(c))
    run.error(f"{run.kind.by_name[c].label}“{run.shown(row, c)}”对应的{ref.label}不属于{run.region.name}，"
              f"不能导入本县（市、区）的数据；应核对{run.kind.by_name[c].label}，或改在该{ref.label}所属县（市、区）导入",
              row, c, code="ref_county")


def _field_of(run: Run, ref: Ref, pk) -> str:
    """The first field the reference is found by (a credit code), of row `pk`."""
    return apps.get_model(ref.model).objects.filter(pk=pk).values_list(ref.by[0][1][0], flat=True).first() or ""


def _duplicates(run: Run) -> None:
    """Two rows with the same key (Kind.row_key: a reference's row, or its text when unknown) are an error."""
    kind = run.kind
    if not kind.row_key:
        return
    seen: dict[tuple, Row] = {}
    for row in run.rows:
        key = tuple(_key_part(kind, row, name) for name in kind.row_key)
        if all(part[1] in ("", None) for part in key):
            continue
        if key not in seen:
            seen[key] = row
            continue
        cols = [c for name in kind.row_key for c in (kind.ref_by_name[name].columns if name in kind.ref_by_name
                                                     else [name])]
        what = row.label or "、".join(str(part[1]) for part in key)
        run.error(f"与第{seen[key].excel_row}行重复（“{what}”在文件中出现两次），应只保留一行", row,
                  next((c for c in cols if run.has(c)), None), code="duplicate")


def _key_part(kind, row: Row, name: str) -> tuple:
    if name not in kind.ref_by_name:
        return ("value", V.key_text(row.v.get(name)))
    pk = row.refs.get(name)
    if pk is not None:
        return ("pk", pk)
    return ("text", next((V.key_text(row.v[c]) for c in kind.ref_by_name[name].columns if row.v.get(c)), ""))
