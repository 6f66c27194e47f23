"""Restore a backup (`yuanqu.core.backup`) into a migrated database: all or nothing, in one transaction.

Checks first: the file is a backup of ours; its migrations are the database's; its tables and columns
are this installation's; the database is empty (rows `migrate` writes aside) unless `force`. Then, in
one transaction: every saved and excluded table emptied, every table loaded in foreign-key order
(COPY on PostgreSQL, executemany elsewhere), each table's row count and SHA-256 checked against the
manifest, the foreign keys checked, PostgreSQL's sequences moved past the loaded ids.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import zipfile
import zlib
from pathlib import Path

from django.apps import apps
from django.core.management.color import no_style
from django.db import DatabaseError, connections, transaction

from yuanqu.core.backup import (DECODE, SEEDED, BackupError, applied_migrations, codecs, convert,
                                excluded_models, label, read_manifest, saved_models, value_type)
from yuanqu.core.db import analyze

# What a damaged or truncated file raises while it is read
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, TypeError, KeyError, IndexError, OverflowError)
# Values the SQLite driver (and the generic path) take only as Django prepares them
PREPARED = ("DecimalField", "DateTimeField", "DateField", "TimeField", "DurationField", "UUIDField", "BinaryField")


def restore(path: Path, *, force: bool = False, using: str = "default") -> dict:
    """Load the backup at `path`; returns its manifest. Raises BackupError, having changed nothing."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = read_manifest(archive)
            saved = _check(manifest, using)
            with transaction.atomic(using=using):
                if not force:
                    _refuse_if_not_empty(saved, using)
                _empty([model for model, _ in saved] + excluded_models(), using)
                for model, entry in saved:
                    _load(archive, model, entry, using)
                _finish([model for model, _ in saved], using)
    except FileNotFoundError:
        raise BackupError(f"找不到备份文件：{path}") from None
    except IsADirectoryError:
        raise BackupError(f"{path} 是目录，请给出备份文件") from None
    except PermissionError:
        raise BackupError(f"没有读取备份文件 {path} 的权限") from None
    except DAMAGED as exc:
        raise BackupError(f"备份文件已损坏或不完整，未作任何改动：{_why(exc)}") from None
    analyze([model._meta.db_table for model, _ in saved])
    return manifest


def _check(manifest: dict, using: str) -> list[tuple[type, dict]]:
    """(model, manifest entry) of each table, in load order; refuses a backup of another schema."""
    ours, theirs = set(applied_migrations(using)), set(manifest["migrations"])
    if ours != theirs:
        parts = []
        if theirs - ours:
            parts.append("备份有而本数据库没有的迁移：" + _names(theirs - ours))
        if ours - theirs:
            parts.append("本数据库有而备份没有的迁移：" + _names(ours - theirs))
        raise BackupError("备份与本数据库的迁移不一致，未作任何改动。" + "；".join(parts)
                          + "。请先把程序与数据库迁移到备份时的版本（yuanqu migrate）再恢复。")
    entries = {entry["table"]: entry for entry in manifest["tables"]}
    models = saved_models()
    missing = [m._meta.db_table for m in models if m._meta.db_table not in entries]
    unknown = sorted(set(entries) - {m._meta.db_table for m in models})
    if missing or unknown:
        raise BackupError("备份的表与本系统不一致，未作任何改动："
                          + (f"备份缺少 {_names(missing)}；" if missing else "")
                          + (f"本系统没有 {_names(unknown)}；" if unknown else ""))
    for model in models:
        columns = [f.column for f in model._meta.concrete_fields]
        if entries[model._meta.db_table]["columns"] != columns:
            raise BackupError(f"表{label(model)}的列与本系统不同，未作任何改动：备份为 "
                              f"{', '.join(entries[model._meta.db_table]['columns'])}，本系统为 {', '.join(columns)}")
    return [(model, entries[model._meta.db_table]) for model in models]


def _names(names) -> str:
    names = sorted(names)
    shown = "、".join(names[:10])
    return shown + (f" 等 {len(names)} 项" if len(names) > 10 else "")


def _refuse_if_not_empty(saved, using: str) -> None:
    filled = [(model, model._base_manager.using(using).count()) for model, _ in saved
              if model._meta.label_lower not in SEEDED and model._base_manager.using(using).exists()]
    if filled:
        shown = "、".join(f"{label(model)} {n} 行" for model, n in filled[:5])
        more = f" 等 {len(filled)} 张表" if len(filled) > 5 else ""
        raise BackupError(f"数据库不是空的，未作任何改动：{shown}{more}。"
                          "恢复会删除这些数据；确认要覆盖，请加 --force。")


def _empty(models, using: str) -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        for model in reversed(models):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def _load(archive: zipfile.ZipFile, model, entry: dict, using: str) -> None:
    fields = model._meta.concrete_fields
    rows = _rows(archive, model, entry, len(fields))
    connection = connections[using]
    qn = connection.ops.quote_name
    table, columns = qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields)
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY: the fastest bulk path PostgreSQL has; psycopg adapts the decoded values itself
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            prepare = [(i, _preparer(f, connection)) for i, f in enumerate(fields) if value_type(f) in PREPARED]
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
            while chunk := list(itertools.islice(rows, 2000)):
                cursor.executemany(sql, [convert(row, prepare) for row in chunk])
    except DatabaseError as exc:
        raise BackupError(f"表{label(model)}写入数据库时出错，未作任何改动：{exc}") from None


def _preparer(field, connection):
    if connection.vendor == "sqlite" and value_type(field) == "DecimalField":
        return str  # what Django's SQLite backend hands the driver for a Decimal (the value fits already)
    return lambda value: field.get_db_prep_save(value, connection)


def _rows(archive: zipfile.ZipFile, model, entry: dict, width: int):
    """The decoded rows of one table; then its row count and SHA-256 checked against the manifest."""
    decoders = codecs(model._meta.concrete_fields, DECODE)
    digest, count = hashlib.sha256(), 0
    try:
        with archive.open(entry["file"]) as lines:
            for line in lines:
                digest.update(line)
                row = json.loads(line)
                if not isinstance(row, list) or len(row) != width:
                    raise ValueError(f"应有 {width} 列")
                yield convert(row, decoders)
                count += 1
    except DAMAGED as exc:
        raise BackupError(f"备份文件已损坏：表{label(model)}第 {count + 1} 行无法读取（{_why(exc)}），未作任何改动") from None
    if count != entry["rows"] or digest.hexdigest() != entry["sha256"]:
        raise BackupError(f"备份文件已损坏：表{label(model)}读出 {count} 行，清单记为 {entry['rows']} 行"
                          f"{'' if digest.hexdigest() == entry['sha256'] else '，校验和不符'}，未作任何改动")


def _why(exc: Exception) -> str:
    """What is wrong with the file, in Chinese (the library's English text kept only as a detail)."""
    if isinstance(exc, zipfile.BadZipFile):
        return "压缩数据的 CRC-32 校验不符" if "CRC" in str(exc) else "不是 zip 文件，或文件不完整（如被截断）"
    if isinstance(exc, (zlib.error, EOFError)):
        return "压缩数据损坏或被截断"
    if isinstance(exc, json.JSONDecodeError):
        return f"不是有效的 JSON（第 {exc.pos + 1} 个字符处）"
    if isinstance(exc, UnicodeDecodeError):
        return "含有不是 UTF-8 编码的字节"
    if isinstance(exc, KeyError):
        return f"缺少 {exc}"
    return f"内容不符合备份格式：{exc}"


def _finish(models, using: str) -> None:
    """Foreign keys checked now (not at commit), sequences past the loaded ids, caches dropped."""
    connection = connections[using]
    try:
        connection.check_constraints(table_names=[m._meta.db_table for m in models])
    except DatabaseError as exc:
        raise BackupError(f"备份中的数据不满足外键约束，未作任何改动：{exc}") from None
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    if apps.is_installed("django.contrib.contenttypes"):
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
