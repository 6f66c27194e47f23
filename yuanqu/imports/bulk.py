"""The SQL of bulk writes, per database: the only module of the importer that knows one.

insert: PostgreSQL COPY; elsewhere one INSERT statement executed for many rows (executemany).
update: one UPDATE … FROM a VALUES list (of many rows) per chunk.
Values the drivers take as they are (text, numbers, Decimal, booleans, dates) are passed through;
any other value goes through the field's own get_db_prep_save.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connections, router

PLAIN = frozenset({type(None), int, str, Decimal, bool, dt.date})


def _prepare(field, connection):
    def prepare(value):
        return value if type(value) in PLAIN else field.get_db_prep_save(value, connection)
    return prepare


def _column(field, connection, values: list) -> list:
    """The values of one field as the driver takes them (a column of plain values as it is)."""
    return values if set(map(type, values)) <= PLAIN else list(map(_prepare(field, connection), values))


def insert(model, rows: list[dict], *, defaults: dict) -> None:
    """INSERT `rows` (attname → value) into `model`'s table; a field a row has no value for gets
    `defaults[att]`, else the field's default."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = []
    for f in fields:
        default = defaults[f.attname] if f.attname in defaults else _default(f)
        if any(f.attname in row for row in rows):
            columns.append(_column(f, connection, [row.get(f.attname, default) for row in rows]))
        else:  # the same value in every row, prepared once
            columns.append([_prepare(f, connection)(default)] * len(rows))
    records = list(zip(*columns))
    qn = connection.ops.quote_name
    table, columns = qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for record in records:
                    copy.write_row(record)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", records)


def update(model, atts: list[str], rows: list[tuple]) -> None:
    """UPDATE `model` SET atts = … for each row (its values in `atts` order, then its pk): one
    UPDATE … FROM a VALUES list a chunk of rows."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    by_att = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_att[att] for att in atts]
    columns = [_column(f, connection, values) for f, values in zip(fields, list(zip(*rows))[:-1])]
    records = list(zip(*columns, [row[-1] for row in rows]))
    qn = connection.ops.quote_name
    table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
    names = ", ".join([*(f"c{i}" for i in range(len(fields))), "pk"])
    if connection.vendor == "postgresql":  # a VALUES column of NULLs only is text: say the type
        sets = ", ".join(f"{qn(f.column)} = CAST(v.c{i} AS {f.db_type(connection)})" for i, f in enumerate(fields))
    else:
        sets = ", ".join(f"{qn(f.column)} = v.c{i}" for i, f in enumerate(fields))
    one = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
    per = max(1, (30000 if connection.vendor == "sqlite" else 60000) // (len(fields) + 1))  # parameters a statement
    with connection.cursor() as cursor:
        for i in range(0, len(records), per):
            chunk = records[i:i + per]
            cursor.execute(f"WITH v ({names}) AS (VALUES {', '.join([one] * len(chunk))}) "
                           f"UPDATE {table} SET {sets} FROM v WHERE {table}.{pk} = v.pk",
                           [value for record in chunk for value in record])


def _default(field):
    if field.has_default():
        return field.get_default()
    return "" if not field.null and field.get_internal_type() in ("CharField", "TextField") else None
