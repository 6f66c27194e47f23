"""The draft checker is bounded: file size, unpacked size, paragraphs, characters and time (DraftTooLarge,
a Chinese message), checked before python-docx builds the document."""
import io
import random
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from yuanqu.core.periods import Period
from yuanqu.reports.checker import DraftTooLarge, Limits, check_text, read_draft
from yuanqu.reports.forms import DraftForm

DOCUMENT = "word/document.xml"
HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
TAIL = b"</w:body></w:document>"


def docx_of(paragraphs: int, *, extra: dict | None = None) -> bytes:
    """A .docx whose body is `paragraphs` short paragraphs ("0" or "1"), written as a stream."""
    rnd = random.Random(7)
    kinds = [b"<w:p><w:r><w:t>%d</w:t></w:r></w:p>" % k for k in range(2)]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open(DOCUMENT, "w") as stream:
            stream.write(HEAD)
            left = paragraphs
            while left:
                n = min(left, 50000)
                stream.write(b"".join(rnd.choices(kinds, weights=(9, 1), k=n)))
                left -= n
            stream.write(TAIL)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buf.getvalue()


def declared_size(data: bytes, name: str, size: int) -> bytes:
    """The same zip with the central directory declaring `size` unpacked bytes for `name` (a lying file)."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", out, at + 28)[0]
        if out[at + 46:at + 46 + name_len] == name.encode():
            struct.pack_into("<I", out, at + 24, size)
            return bytes(out)
        at = out.find(b"PK\x01\x02", at + 4)
    raise AssertionError(name)


def _kib(field: str) -> int:
    line = next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith(field + ":"))
    return int(line.split()[1])


def refused_quickly(data: bytes, match: str, name: str = "材料.docx"):
    """Refused within 15 s (unbounded, the same file ran for minutes; the margin is for a loaded CI
    machine under tracemalloc — speed itself is not what is tested), the process growing by less than 64 MB (its peak resident size, which counts
    lxml's memory too; tracemalloc sees Python's allocations only)."""
    before = _kib("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to the current size
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(DraftTooLarge, match=match):
            read_draft(name, data)
        elapsed = time.perf_counter() - start
        python_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    growth = (_kib("VmHWM") - before) * 1024
    assert elapsed < 15, f"{elapsed:.1f} s"
    assert python_peak < 32 * 1024 * 1024, f"{python_peak / 1e6:.0f} MB"
    assert growth < 64 * 1024 * 1024, f"{growth / 1e6:.0f} MB"


@pytest.fixture(scope="module")
def two_million_paragraphs():
    data = docx_of(2_000_000)
    assert len(data) < 1024 * 1024  # half a megabyte or so on disk
    return data


def test_a_small_docx_of_two_million_paragraphs_is_refused_quickly(two_million_paragraphs):
    refused_quickly(two_million_paragraphs, "正文解压后超过10MB")


def test_a_docx_lying_about_its_unpacked_size_is_refused_by_its_paragraphs(two_million_paragraphs):
    lying = declared_size(two_million_paragraphs, DOCUMENT, 9 * 1024 * 1024)
    refused_quickly(lying, "超过20000段的上限")


def test_a_zip_bomb_is_refused_before_it_is_inflated():
    bomb = docx_of(10, extra={"word/media/image1.png": b"\0" * (60 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    refused_quickly(bomb, "解压后超过50MB")


def test_paragraphs_beyond_the_limit_are_refused():
    limit = Limits.from_settings().max_paragraphs
    refused_quickly(docx_of(limit + 1), f"超过{limit}段的上限")


def test_characters_beyond_the_limit_are_refused(settings):
    settings.YUANQU_RULES = {**settings.YUANQU_RULES, "draft_max_chars": 1000}
    text = "园区规上工业总产值70.74亿元。" * 100
    with pytest.raises(DraftTooLarge, match="超过1000字的上限"):
        read_draft("材料.txt", text.encode())
    with pytest.raises(DraftTooLarge, match="超过1000字的上限"):
        check_text(text, None, Period(2023, 8))
    refused_quickly(docx_of(1001), "超过1000字的上限")
    form = DraftForm({"text": text, "period": "2023-08", "scope": "county"}, periods=[Period(2023, 8)],
                     scopes=[("county", "全县")])
    assert not form.is_valid() and "超过1000字的上限" in form.errors["text"][0]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "材料.txt"
    with path.open("wb") as f:
        f.truncate(11 * 1024 * 1024)  # sparse: nothing to read if the bound holds
    with pytest.raises(CommandError, match="超过10MB的上限"):
        call_command("check-draft", str(path), "--period", "2023-08")
    with pytest.raises(DraftTooLarge, match="超过10MB的上限"):
        read_draft(path.name, b"x" * (11 * 1024 * 1024))


def test_checking_stops_at_the_time_limit(settings):
    settings.YUANQU_RULES = {**settings.YUANQU_RULES, "draft_max_seconds": 0}
    with pytest.raises(DraftTooLarge, match="超过0秒仍未完成"):
        check_text("园区规上工业总产值70.74亿元。\n" * 300, None, Period(2023, 8))


def test_not_a_docx_is_a_chinese_message():
    with pytest.raises(ValueError, match="不是有效的 .docx 文件"):
        read_draft("材料.docx", b"plain text, not a zip")


@pytest.mark.django_db
def test_the_check_page_refuses_the_two_million_paragraphs_quickly(client, demo_county, two_million_paragraphs):
    from yuanqu.accounts.models import User

    client.force_login(User.objects.get(username="leader"))  # the draft checker is the government's
    upload = io.BytesIO(two_million_paragraphs)
    upload.name = "材料.docx"
    start = time.perf_counter()
    page = client.post(reverse("reports:check"), {"file": upload, "period": "2023-08", "scope": "county"})
    assert time.perf_counter() - start < 15  # minutes before the bound
    text = page.content.decode()
    assert page.status_code == 200 and "正文解压后超过10MB" in text, text[text.find("<main"):][:3000]
