"""How much of a draft the checker takes: file size, the .docx's unpacked size, paragraphs, characters, seconds.

The limits are YUANQU_RULES draft_* settings. A .docx is scanned before python-docx parses it: sizes from the
zip directory (a zip bomb is refused before anything is inflated), then paragraphs, characters and elements
counted while streaming word/document.xml.
"""
from __future__ import annotations

import io
import time
import zipfile
from dataclasses import dataclass

from django.conf import settings


class DraftTooLarge(ValueError):
    """A draft beyond the limits: refused with a Chinese message, nothing read further."""


@dataclass(frozen=True)
class Limits:
    max_mb: int
    max_paragraphs: int
    max_chars: int
    max_seconds: float

    @classmethod
    def from_settings(cls) -> "Limits":
        rules = settings.YUANQU_RULES
        return cls(rules["draft_max_mb"], rules["draft_max_paragraphs"], rules["draft_max_chars"],
                   rules["draft_max_seconds"])

    @property
    def max_bytes(self) -> int:
        return self.max_mb * 1024 * 1024

    def check_size(self, name: str, size: int) -> None:
        if size > self.max_bytes:
            raise DraftTooLarge(f"材料“{name}”有{size / 1024 / 1024:.1f}MB，超过{self.max_mb}MB的上限，请精简后再核对")

    def check_chars(self, count: int) -> None:
        if count > self.max_chars:
            raise DraftTooLarge(f"材料超过{self.max_chars}字的上限（约{count}字），请拆分后分段核对")

    def check_paragraphs(self, count: int) -> None:
        if count > self.max_paragraphs:
            raise DraftTooLarge(f"材料超过{self.max_paragraphs}段的上限（{count}段），请拆分后分段核对")


class Deadline:
    """The time a draft may take to be read and checked."""

    def __init__(self, limits: Limits):
        self.seconds = limits.max_seconds
        self.end = time.monotonic() + self.seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise DraftTooLarge(f"材料核对超过{self.seconds:g}秒仍未完成，已停止；请拆分后分段核对")


W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_P, W_T = W_NS + "p", W_NS + "t"
DOCX_MAX_PARTS = 1000
DOCX_UNPACKED_SHARE = 5  # all parts unpacked: at most this many times the size limit (images, styles …)


def scan_docx(name: str, data: bytes, limits: Limits, deadline: Deadline) -> None:
    """Refuse a .docx beyond the limits before it is parsed (see the module doc)."""
    from lxml import etree

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ValueError(f"无法读取 Word 文件“{name}”：不是有效的 .docx 文件") from exc
    try:
        body = archive.getinfo("word/document.xml")
    except KeyError as exc:
        raise ValueError(f"无法读取 Word 文件“{name}”：缺少正文（word/document.xml）") from exc
    if body.file_size > limits.max_bytes:
        raise DraftTooLarge(f"Word 文件“{name}”的正文解压后超过{limits.max_mb}MB，请精简后再核对")
    parts = archive.infolist()
    if len(parts) > DOCX_MAX_PARTS or sum(p.file_size for p in parts) > DOCX_UNPACKED_SHARE * limits.max_bytes:
        raise DraftTooLarge(f"Word 文件“{name}”解压后超过{DOCX_UNPACKED_SHARE * limits.max_mb}MB，不予核对")
    paragraphs = chars = 0
    max_elements = 25 * limits.max_paragraphs
    with archive.open(body) as stream:
        events = etree.iterparse(stream, events=("end",), resolve_entities=False, no_network=True)
        for count, (_, element) in enumerate(events, start=1):
            tag = element.tag
            if tag == W_P:
                paragraphs += 1
                if paragraphs > limits.max_paragraphs:
                    raise DraftTooLarge(f"Word 文件“{name}”超过{limits.max_paragraphs}段的上限，请拆分后分段核对")
            elif tag == W_T:
                chars += len(element.text or "")
                limits.check_chars(chars)
            if count % 4096 == 0:
                deadline.check()
                if count > max_elements:
                    raise DraftTooLarge(f"Word 文件“{name}”结构过于复杂（超过{max_elements}个元素），请另存为纯文本后核对")
            if tag == W_P or count % 64 == 0:
                _drop_read(element)


def _drop_read(element) -> None:
    """Delete what was read before `element` at every level up to the root: memory holds the path being read and
    what was read since the last sweep (at each paragraph's end and every 64 elements, so that a long paragraph's
    runs go too), never the tree."""
    node = element
    while (parent := node.getparent()) is not None:
        while node.getprevious() is not None:
            del parent[0]
        node = parent
