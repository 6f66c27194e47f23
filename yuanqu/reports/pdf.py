"""Word → PDF with LibreOffice headless, fonts mapped by the fontconfig file shipped here.

Each conversion runs with its own LibreOffice profile (-env:UserInstallation=file:///tmp/…), so
conversions may run side by side, and with a timeout. FONTCONFIG_FILE points to
templates/reports/fontconfig/fonts.conf, which maps the 公文 fonts (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 仿宋,
宋体 …) to installed fallbacks (Noto Serif/Sans CJK SC, AR PL UKai CN / KaitiM where installed), so the
PDF never shows boxes.

SC faces, by name too: Debian's Noto CJK ships collections (.ttc) whose faces (JP, KR, SC, TC, HK) share
one CFF table named "NotoSerifCJKjp-…"; LibreOffice picks the SC face (its cmap gives the SC glyph
forms) but embeds the shared CFF under the JP name, and a missing glyph may fall back to the JP face.
So before converting, `sc_faces()` writes each SC face of the installed collections out as a font of
its own (tables copied as they are, the CFF names "…CJKjp-…" renamed "…CJKsc-…", same length) under
<YUANQU_VAR_DIR>/fonts/, once; the fontconfig file of the conversion adds that folder and leaves the
collections out, so every CJK glyph comes from an SC face and the PDF names it so. Without fontTools
or the collections, the shipped configuration alone is used.
"""
from __future__ import annotations

import io
import math
import os
import re
import shutil
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings

# under templates/ so that it ships with the package (package-data)
FONTS_CONF = Path(__file__).resolve().parent / "templates" / "reports" / "fontconfig" / "fonts.conf"
TIMEOUT_S = 180
BINARIES = ("soffice", "libreoffice")


SC_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC")
_fonts_lock = threading.Lock()


class PdfError(RuntimeError):
    """PDF conversion failed (message in Chinese)."""


def fonts_dir() -> Path:
    return Path(settings.VAR_DIR) / "fonts"


def _installed_sc_faces() -> list[tuple[str, int, str]]:
    """(collection file, face index, PostScript name) of the installed Noto CJK SC faces."""
    if not shutil.which("fc-list"):
        return []
    faces = []
    for family in SC_FAMILIES:
        out = subprocess.run(["fc-list", "-f", "%{file}|%{index}|%{postscriptname}\n", family],
                             capture_output=True, text=True, timeout=20).stdout
        for line in out.splitlines():
            path, _, rest = line.partition("|")
            index, _, psname = rest.partition("|")
            if path.endswith((".ttc", ".otc")) and psname and "CJKsc" in psname:
                faces.append((path, int(index or 0), psname))
    return sorted(set(faces))


def _write_face(collection: str, index: int, psname: str, target: Path) -> bool:
    """One face of a collection as a font of its own, its CFF names renamed to the face's (same length)."""
    try:
        from fontTools.ttLib import TTCollection
        from fontTools.ttLib.sfnt import SFNTWriter
    except ImportError:
        return False
    face = TTCollection(collection, lazy=True).fonts[index]
    if "CFF " not in face.reader:
        return False
    old = face["CFF "].cff.fontNames[0].encode()
    new = psname.encode()
    if len(old) != len(new):
        return False
    tags = sorted(face.reader.keys())
    tmp = target.with_suffix(".tmp")
    with tmp.open("wb") as out:
        writer = SFNTWriter(out, len(tags), sfntVersion=face.reader.sfntVersion)
        for tag in tags:
            data = face.reader[tag]
            writer[tag] = data.replace(old, new) if tag == "CFF " else data
        writer.close()
    tmp.replace(target)
    return True


def sc_faces() -> tuple[Path, list[str]] | None:
    """The folder of SC faces written out once (see the module docstring) and the collections they
    replace; None when they cannot be made here."""
    faces = _installed_sc_faces()
    if not faces:
        return None
    folder = fonts_dir()
    with _fonts_lock:
        folder.mkdir(parents=True, exist_ok=True)
        for collection, index, psname in faces:
            target = folder / f"{psname}.otf"
            if not target.exists() and not _write_face(collection, index, psname, target):
                return None
    return folder, sorted({collection for collection, _, _ in faces})


def fontconfig_file(work_dir: Path) -> Path:
    """The fontconfig file of one conversion: the shipped mapping, plus the SC faces where they can be made."""
    made = sc_faces()
    if made is None:
        return FONTS_CONF
    folder, collections = made
    rejects = "".join(f"<glob>{escape(c)}</glob>" for c in collections)
    conf = work_dir / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        f"  <include ignore_missing=\"no\">{escape(str(FONTS_CONF))}</include>\n"
        f"  <dir>{escape(str(folder))}</dir>\n  <cachedir>{escape(str(folder / 'cache'))}</cachedir>\n"
        f"  <selectfont><rejectfont>{rejects}</rejectfont></selectfont>\n</fontconfig>\n", encoding="utf-8")
    return conf


def soffice() -> str | None:
    for name in BINARIES:
        found = shutil.which(name)
        if found:
            return found
    return None


def available() -> bool:
    return soffice() is not None


_GRID_RE = re.compile(rb'<w:docGrid\b[^>]*w:type="linesAndChars"[^>]*/>')
_PITCH_RE = re.compile(rb'w:charSpace="(-?\d+)"')


def for_libreoffice(docx_bytes: bytes) -> bytes:
    """The .docx as LibreOffice lays out a Word character grid.

    Word fits 28 characters of 16 pt into a 15.79 pt grid pitch (w:charSpace < 0) by narrowing the
    advance; LibreOffice gives a character wider than a grid cell two cells (14 a line). So the copy
    LibreOffice converts has a lines-only grid and the same narrowing as character spacing in the
    document defaults (w:spacing, in 1/20 pt, rounded down so that 28 still fit). The .docx users get
    keeps the Word grid."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes))
    document = source.read("word/document.xml")
    grid = _GRID_RE.search(document)
    if grid is None:
        return docx_bytes
    pitch = _PITCH_RE.search(grid.group())
    narrowing = math.floor(int(pitch.group(1)) / 4096 * 20) if pitch else 0
    document = document.replace(grid.group(), _PITCH_RE.sub(b"", grid.group()).replace(b'"linesAndChars"', b'"lines"'))
    styles = source.read("word/styles.xml")
    if narrowing < 0:
        styles = re.sub(rb"(<w:rPrDefault>\s*<w:rPr>(?:(?!</w:rPr>).)*?)(<w:sz )",
                        rb'\1<w:spacing w:val="%d"/>\2' % narrowing, styles, count=1, flags=re.S)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = {"word/document.xml": document, "word/styles.xml": styles}.get(item.filename)
            target.writestr(item, data if data is not None else source.read(item.filename))
    return out.getvalue()


def convert(docx_bytes: bytes, name: str = "report", timeout: int = TIMEOUT_S) -> bytes:
    """The PDF of a .docx (bytes in, bytes out)."""
    binary = soffice()
    if binary is None:
        raise PdfError("未找到 LibreOffice（soffice），无法生成 PDF。请安装 libreoffice-writer-nogui "
                       "（apt-get install libreoffice-writer-nogui fonts-noto-cjk）后重试，或先下载 Word 版。")
    with tempfile.TemporaryDirectory(prefix="yuanqu-pdf-") as work:
        work_dir = Path(work)
        source = work_dir / f"{name}.docx"
        source.write_bytes(for_libreoffice(docx_bytes))
        profile = work_dir / "profile"
        env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig_file(work_dir)), HOME=str(work_dir))
        command = [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(work_dir), str(source)]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env,
                                    cwd=work_dir, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice 转换 PDF 超时（超过{timeout}秒），请稍后重试") from None
        target = work_dir / f"{name}.pdf"
        if result.returncode != 0 or not target.exists():
            detail = (result.stderr or result.stdout or "").strip()[-400:]
            raise PdfError(f"LibreOffice 转换 PDF 失败（退出码{result.returncode}）：{detail or '无输出'}")
        return target.read_bytes()
