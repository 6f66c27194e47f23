"""Database upkeep shared by every bulk writer (demo, imports), and their bulk reads."""
import decimal

from django.db import connection, models

# Tables the figure engine reads through covering indexes: on PostgreSQL an index-only scan reads
# the table only for pages not yet marked all-visible, which a bulk load leaves unmarked until
# VACUUM (autovacuum gets there eventually; the loader does it at once).
INDEX_ONLY_TABLES = ("enterprises_monthlystat", "enterprises_rosterentry", "projects_stagechange")


def analyze(tables=None) -> None:
    """Refresh the planner's statistics after a bulk load (SQLite and PostgreSQL both say ANALYZE).

    Without them a fresh database picks poor plans (seen: 0.8 s instead of 0.08 s for the county
    figure set on SQLite, 5 s for one project query on PostgreSQL). On PostgreSQL, outside a
    transaction, the tables read by index-only scans are also vacuumed (visibility map; see above).
    `tables`: only these tables (the ones a bulk write touched); by default every table.
    """
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    qn = connection.ops.quote_name
    vacuum = [t for t in INDEX_ONLY_TABLES if tables is None or t in tables]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block and vacuum:
            cursor.execute(f"VACUUM {', '.join(qn(t) for t in vacuum)}")
        if tables is None:
            cursor.execute("ANALYZE")
        for table in tables or ():
            cursor.execute(f"ANALYZE {qn(table)}")


def values(queryset, names: list[str]) -> list[tuple]:
    """queryset.values_list(*names) as a list of tuples. On SQLite, where a decimal is stored as REAL,
    the decimal columns are converted a column at a time as Django converts them value by value
    (Decimal of at most 15 digits, with the field's places): measured, half the time of reading the
    20,000 rows of a statistics import, the rows' other columns needing no conversion."""
    model = queryset.model
    fields = [model._meta.pk if n == "pk" else next(f for f in model._meta.concrete_fields if n in (f.name, f.attname))
              for n in names]
    decimals = {i: f for i, f in enumerate(fields) if isinstance(f, models.DecimalField)}
    plain = all(not f.get_db_converters(connection) and not connection.ops.get_db_converters(f.get_col(
        model._meta.db_table)) for i, f in enumerate(fields) if i not in decimals)
    if connection.vendor != "sqlite" or not decimals or not plain:
        return list(queryset.values_list(*names))
    sql, params = queryset.values_list(*names).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = list(zip(*cursor.fetchall())) or [()] * len(names)
    make = decimal.Context(prec=15).create_decimal_from_float
    for i, f in decimals.items():
        places = decimal.Decimal(1).scaleb(-f.decimal_places)
        columns[i] = [None if v is None else make(v).quantize(places) for v in columns[i]]
    return list(zip(*columns))
