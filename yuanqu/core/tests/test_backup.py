"""`yuanqu backup` and `yuanqu restore`: the demo county round-trips exactly, and a restore that
cannot be exact (data present, other migrations, a damaged file) refuses and changes nothing."""
import datetime as dt
import json
import uuid
import zipfile
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import models

from yuanqu.core import backup
from yuanqu.core.periods import Period
from yuanqu.enterprises.models import Enterprise, MonthlyStat
from yuanqu.figures.engine import compute
from yuanqu.figures.scope import Scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(demo_county, db):
    return demo_county


@pytest.fixture
def saved(county, tmp_path):
    path = tmp_path / "yuanqu.zip"
    call_command("backup", path, stdout=StringIO())
    return path


def contents() -> dict[str, list[tuple]]:
    """Every row of every table a backup holds, in primary-key order, as the ORM reads it."""
    return {m._meta.db_table: list(m._base_manager.order_by("pk").values_list(
        *[f.attname for f in m._meta.concrete_fields])) for m in backup.saved_models()}


def counts(tables: dict) -> dict[str, int]:
    return {table: len(rows) for table, rows in tables.items()}


def figures(region) -> list[dict]:
    return [fig.to_json() for fig in compute(Scope.county(region), Period(2023, 8)).figures()]


def restore(path, **options) -> str:
    out = StringIO()
    call_command("restore", path, stdout=out, **options)
    return out.getvalue()


def refusal(path, **options) -> str:
    with pytest.raises(CommandError) as refused:
        restore(path, **options)
    return str(refused.value)


def rewrite(path, *, manifest=None, member=None, edit=None):
    """A copy of the backup at `path` with its manifest replaced, or one member's text edited."""
    copy = path.with_name("edited.zip")
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == backup.MANIFEST and manifest is not None:
                data = json.dumps(manifest).encode()
            if info.filename == member:
                data = edit(data.decode()).encode()
            new.writestr(info.filename, data)
    return copy


def test_round_trip_into_a_freshly_migrated_database(county, saved):
    before, shown = contents(), figures(county)
    stamps = [v for rows in before.values() for row in rows for v in row if isinstance(v, dt.datetime)]
    assert stamps and any(v.microsecond for v in stamps)  # the exactness below is to the microsecond
    assert sum(map(len, before.values())) == sum(t["rows"] for t in backup.read_manifest(zipfile.ZipFile(saved))["tables"])

    # empty, then what migrate writes (content types, permissions), with ids other than the backup's
    call_command("flush", interactive=False, verbosity=0, reset_sequences=False)
    fresh = set(ContentType.objects.values_list("pk", flat=True))
    assert Enterprise.objects.count() == 0 and fresh.isdisjoint(r[0] for r in before["django_content_type"])

    assert "恢复" in restore(saved)
    after = contents()
    assert counts(after) == counts(before)
    for table, rows in before.items():
        assert after[table] == rows, table
    assert figures(county) == shown
    assert ContentType.objects.get_for_model(Enterprise).pk in {r[0] for r in before["django_content_type"]}


def test_a_database_with_data_is_refused_unless_forced(county, saved):
    before = contents()
    message = refusal(saved)
    assert "数据库不是空的" in message and "--force" in message and "enterprises_enterprise" in message
    assert contents() == before

    MonthlyStat.objects.filter(pk__in=MonthlyStat.objects.order_by("pk")[:10].values("pk")).delete()
    Enterprise.objects.filter(pk=Enterprise.objects.order_by("pk").first().pk).update(name="改过的名字")
    restore(saved, force=True)
    assert contents() == before


def test_a_backup_of_other_migrations_is_refused_naming_them(county, saved):
    manifest = backup.read_manifest(zipfile.ZipFile(saved))
    dropped = manifest["migrations"].pop()
    manifest["migrations"].append("enterprises.9999_from_the_future")
    before = contents()
    message = refusal(rewrite(saved, manifest=manifest), force=True)
    assert "迁移不一致" in message and "enterprises.9999_from_the_future" in message and dropped in message
    assert contents() == before


def _truncated(path):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


def _flipped(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def _not_a_zip(path):
    path.write_text("这不是备份", encoding="utf-8")
    return path


def _row_edited(path):
    # a valid line with another value: only the manifest's checksum tells
    return rewrite(path, member="tables/enterprises_monthlystat.jsonl", edit=_bump_first_id)


def _bump_first_id(text: str) -> str:
    first, rest = text.split("\n", 1)
    row = json.loads(first)
    row[0] += 10 ** 6
    return json.dumps(row, ensure_ascii=False) + "\n" + rest


@pytest.mark.parametrize("damage", [_truncated, _flipped, _not_a_zip, _row_edited])
def test_a_damaged_file_is_refused_and_changes_nothing(county, saved, damage):
    before = contents()
    message = refusal(damage(saved), force=True)  # forced: the tables were emptied before the damage showed
    assert "损坏" in message or "不是园区调度平台的备份文件" in message
    assert contents() == before
    if damage is _row_edited:
        assert "enterprises_monthlystat" in message and "校验和不符" in message


def test_a_directory_gets_a_dated_file_and_keeps_the_newest(county, tmp_path):
    for name in ("yuanqu-20230101-010000.zip", "yuanqu-20230102-010000.zip", "notes.txt"):
        (tmp_path / name).write_text("x")
    call_command("backup", tmp_path, keep=2, stdout=StringIO())
    left = sorted(p.name for p in tmp_path.iterdir())
    assert len(left) == 3 and "notes.txt" in left and "yuanqu-20230102-010000.zip" in left
    assert zipfile.ZipFile(tmp_path / max(n for n in left if n.endswith(".zip"))).testzip() is None
    with pytest.raises(CommandError, match="文件已存在"):
        call_command("backup", tmp_path / "notes.txt", stdout=StringIO())


@pytest.mark.parametrize("field, value", [
    (models.DecimalField(max_digits=16, decimal_places=2), Decimal("12345678901234.56")),
    (models.DateTimeField(), dt.datetime(2023, 8, 31, 23, 59, 59, 999999,
                                         tzinfo=dt.timezone(dt.timedelta(hours=8)))),
    (models.DateField(), dt.date(1900, 1, 1)),
    (models.TimeField(), dt.time(0, 0, 0, 1)),
    (models.DurationField(), dt.timedelta(days=-1, microseconds=1)),
    (models.BinaryField(), b"\x00\xff\n\\"),
    (models.UUIDField(), uuid.UUID(int=1)),
    (models.DecimalField(max_digits=16, decimal_places=2), None),
])
def test_every_value_type_comes_back_exactly(field, value):
    encoded = json.loads(json.dumps(backup.convert([value], backup.codecs([field], backup.ENCODE))))
    assert backup.convert(encoded, backup.codecs([field], backup.DECODE)) == [value]
