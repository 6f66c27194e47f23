"""The SQL of bulk writes, per database: the only module of the importer that knows one.

insert: PostgreSQL COPY; elsewhere one INSERT statement executed for many rows (executemany).
update: PostgreSQL one UPDATE … FROM unnest(arrays); elsewhere one UPDATE … WHERE pk statement
executed for many rows.
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
    """The values of one field as the driver takes them (a column of plain values as it is; one value
    in every row, such as the batch or the time, prepared once)."""
    if set(map(type, values)) <= PLAIN:
        return values
    if all(v is values[0] for v in values):
        return [_prepare(field, connection)(values[0])] * len(values)
    return list(map(_prepare(field, connection), values))


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
        columns.append(_column(f, connection, [row.get(f.attname, default) for row in rows]))
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
    """UPDATE `model` SET atts = … for each row (its values in `atts` order, then its pk)."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    by_att = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_att[att] for att in atts]
    *columns, pks = map(list, zip(*rows))
    columns = [_column(f, connection, values) for f, values in zip(fields, columns)]
    qn = connection.ops.quote_name
    table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one statement: each column an array parameter
            arrays = ", ".join(f"CAST(%s AS {f.db_type(connection)}[])" for f in [model._meta.pk, *fields])
            names = ", ".join(["pk", *(f"c{i}" for i in range(len(fields)))])
            sets = ", ".join(f"{qn(f.column)} = v.c{i}" for i, f in enumerate(fields))
            cursor.execute(f"UPDATE {table} SET {sets} FROM unnest({arrays}) AS v({names}) WHERE {table}.{pk} = v.pk",
                           [pks, *columns])
        else:
            sets = ", ".join(f"{qn(f.column)} = %s" for f in fields)
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE {pk} = %s", list(zip(*columns, pks)))


def _default(field):
    if field.has_default():
        return field.get_default()
    return "" if not field.null and field.get_internal_type() in ("CharField", "TextField") else None
