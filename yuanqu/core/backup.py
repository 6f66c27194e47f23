"""Backup of a whole installation into one file, readable by `restore` on SQLite and PostgreSQL.

The file is a zip (deflated) of
    tables/<db_table>.jsonl   one line per row, a JSON array of the values in the manifest's column order
    manifest.json             format, created_at, Django and yuanqu versions, the database it came from,
                              the applied migrations (the schema version), and per table its model,
                              columns, row count and the SHA-256 of its .jsonl
The manifest is written last (it holds the counts) and read first (the zip's directory says where it is).

Values in a line: NULL as null; integers, booleans, text and floats as JSON has them; decimals as
strings ("1234.50"); datetimes in UTC with microseconds ("2023-08-31T16:00:00.123456+00:00"); dates
and times in ISO 8601; durations as integer microseconds; binary as base64; UUIDs as text; JSON
fields as the JSON text the database holds (a string), never decoded and encoded again.

Every installed app's models are saved (users, groups, permissions, the admin's log included) except
EXCLUDED_APPS: sessions (a restored session would log a browser in as whoever has that user id now)
and django-tasks queues (jobs of the old database). Restore empties those tables.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import uuid
import zipfile
from contextlib import contextmanager
from decimal import Decimal
from importlib import metadata
from pathlib import Path

import django
from django.apps import apps
from django.db import connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.functions import Cast
from django.utils import timezone

FORMAT, VERSION = "yuanqu-backup", 1
MANIFEST = "manifest.json"
EXCLUDED_APPS = ("sessions", "django_tasks_database")
# Rows `migrate` writes itself (content types, permissions; role groups where a migration seeds them):
# they do not make a database "not empty", and restore replaces them with the backup's own (their ids
# differ from one database to another, and users' permissions and the admin's log point at them).
SEEDED = ("contenttypes.contenttype", "auth.permission", "auth.group", "auth.group_permissions")
CHUNK = 5000


class BackupError(Exception):
    """A backup or restore refused, with a Chinese message saying why."""


# --- what is saved, in which order ----------------------------------------------------------

def all_models() -> list[type[models.Model]]:
    """Every table of the installation (many-to-many tables included), each once."""
    seen, found = set(), []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and not meta.swapped and meta.db_table not in seen:
            seen.add(meta.db_table)
            found.append(model)
    return found


def saved_models() -> list[type[models.Model]]:
    """The tables a backup holds, each after the tables its foreign keys point at (where no cycle)."""
    chosen = [m for m in all_models() if m._meta.app_label not in EXCLUDED_APPS]
    done, ordered = set(), []

    def visit(model, path=()):
        if model in done or model in path:
            return
        for field in model._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if target is not None and target in chosen and target is not model:
                visit(target, path + (model,))
        done.add(model)
        ordered.append(model)

    for model in chosen:
        visit(model)
    return ordered


def excluded_models() -> list[type[models.Model]]:
    return [m for m in all_models() if m._meta.app_label in EXCLUDED_APPS]


def applied_migrations(using: str) -> list[str]:
    """The schema version of a database: its applied migrations as "app.name", sorted."""
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def label(model) -> str:
    return f"“{model._meta.verbose_name}”（{model._meta.db_table}）"


# --- values ---------------------------------------------------------------------------------

def value_type(field) -> str:
    """The internal type of the stored value (a foreign key stores its target's)."""
    while field.is_relation:
        field = field.target_field
    return field.get_internal_type()


def _utc(value: dt.datetime) -> str:
    if timezone.is_aware(value):
        value = value.astimezone(dt.timezone.utc)
    return value.isoformat(timespec="microseconds")


ENCODE = {
    "DecimalField": str,
    "DateTimeField": _utc,
    "DateField": dt.date.isoformat,
    "TimeField": lambda v: v.isoformat(timespec="microseconds"),
    "DurationField": lambda v: v // dt.timedelta(microseconds=1),
    "BinaryField": lambda v: base64.b64encode(bytes(v)).decode("ascii"),
    "UUIDField": str,
}
DECODE = {
    "DecimalField": Decimal,
    "DateTimeField": dt.datetime.fromisoformat,
    "DateField": dt.date.fromisoformat,
    "TimeField": dt.time.fromisoformat,
    "DurationField": lambda v: dt.timedelta(microseconds=v),
    "BinaryField": lambda v: base64.b64decode(v, validate=True),
    "UUIDField": uuid.UUID,
}


def codecs(fields, table: dict) -> list[tuple[int, object]]:
    """(column index, function) for the columns whose values `table` (ENCODE or DECODE) converts."""
    return [(i, table[value_type(f)]) for i, f in enumerate(fields) if value_type(f) in table]


def convert(row: list, converters) -> list:
    for i, func in converters:
        if row[i] is not None:
            row[i] = func(row[i])
    return row


# --- writing --------------------------------------------------------------------------------

def rows_of(model, using: str):
    """A table's rows in primary-key order, streamed; JSON fields as the text the database holds."""
    fields = model._meta.concrete_fields
    qs = model._base_manager.using(using).order_by("pk")
    names = []
    for i, f in enumerate(fields):
        if isinstance(f, models.JSONField):
            qs = qs.annotate(**{f"_json_{i}": Cast(f.attname, models.TextField())})
            names.append(f"_json_{i}")
        else:
            names.append(f.attname)
    return qs.values_list(*names).iterator(chunk_size=CHUNK)


def write_table(archive: zipfile.ZipFile, model, using: str) -> dict:
    fields = model._meta.concrete_fields
    encoders = codecs(fields, ENCODE)
    name = f"tables/{model._meta.db_table}.jsonl"
    digest, count = hashlib.sha256(), 0
    info = zipfile.ZipInfo(name, date_time=timezone.localtime().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as out:
        for row in rows_of(model, using):
            line = json.dumps(convert(list(row), encoders), ensure_ascii=False, separators=(",", ":"))
            data = line.encode() + b"\n"
            digest.update(data)
            out.write(data)
            count += 1
    return {"table": model._meta.db_table, "model": model._meta.label_lower, "file": name,
            "columns": [f.column for f in fields], "rows": count, "sha256": digest.hexdigest()}


def write_backup(path: Path, *, using: str = "default") -> dict:
    """Write the backup to `path` (through a temporary file beside it); returns the manifest."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"文件已存在：{path}（请换一个文件名，或给出一个目录，按时间命名）")
    if not path.parent.is_dir():
        raise BackupError(f"目录不存在：{path.parent}")
    partial = path.with_name(path.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive, snapshot(using):
            manifest = {
                "format": FORMAT, "version": VERSION, "created_at": timezone.localtime().isoformat(),
                "django": django.get_version(), "yuanqu": _version(), "database": connections[using].vendor,
                "migrations": applied_migrations(using),
                "excluded": [m._meta.db_table for m in excluded_models()],
                "tables": [write_table(archive, model, using) for model in saved_models()],
            }
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(partial, path)
    except OSError as exc:
        raise BackupError(f"写备份文件 {path} 失败，未留下文件：{exc}") from None
    finally:
        partial.unlink(missing_ok=True)
    return manifest


@contextmanager
def snapshot(using: str):
    """Read every table as of one moment, without stopping writers.

    PostgreSQL: a REPEATABLE READ, READ ONLY transaction. SQLite: a deferred BEGIN, a WAL snapshot
    (Django's atomic() would BEGIN IMMEDIATE here and make every writer wait for the backup). Inside a
    transaction already (tests), the rows are read in it.
    """
    connection = connections[using]
    if connection.in_atomic_block:
        yield
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        connection.connection.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            connection.connection.execute("ROLLBACK")  # nothing was written
    else:
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield


def _version() -> str:
    try:
        return metadata.version("yuanqu")
    except metadata.PackageNotFoundError:
        return "unknown"


def read_manifest(archive: zipfile.ZipFile) -> dict:
    """The manifest of an opened backup, checked to be ours and of a version we read."""
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise BackupError("不是园区调度平台的备份文件：缺少 manifest.json") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("不是园区调度平台的备份文件：manifest.json 的格式不对")
    if manifest.get("version") != VERSION:
        raise BackupError(f"备份格式版本 {manifest.get('version')} 不受支持（本系统读取版本 {VERSION}）")
    return manifest


# --- where backups go -----------------------------------------------------------------------

PATTERN = "yuanqu-*.zip"


def target(path: Path) -> Path:
    """`path` itself, or inside a directory a file named by the time: yuanqu-20230831-020000.zip."""
    path = Path(path)
    if path.is_dir():
        return path / f"yuanqu-{timezone.localtime():%Y%m%d-%H%M%S}.zip"
    return path


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups named by `target` in `directory`; returns those deleted."""
    found = sorted(Path(directory).glob(PATTERN), key=lambda p: p.name, reverse=True)
    for old in found[keep:]:
        old.unlink()
    return found[keep:]
