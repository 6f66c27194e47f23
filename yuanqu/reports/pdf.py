"""Word → PDF with LibreOffice headless, fonts mapped by the fontconfig file shipped here.

Each conversion runs with its own LibreOffice profile (-env:UserInstallation=file:///tmp/…), so
conversions may run side by side, and with a timeout. FONTCONFIG_FILE points to
templates/reports/fontconfig/fonts.conf, which maps the 公文 fonts (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 仿宋,
宋体 …) to installed fallbacks (Noto Serif/Sans CJK SC, AR PL KaitiM/UKai where installed), so the PDF
never shows boxes.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

# under templates/ so that it ships with the package (package-data)
FONTS_CONF = Path(__file__).resolve().parent / "templates" / "reports" / "fontconfig" / "fonts.conf"
TIMEOUT_S = 180
BINARIES = ("soffice", "libreoffice")


class PdfError(RuntimeError):
    """PDF conversion failed (message in Chinese)."""


def soffice() -> str | None:
    for name in BINARIES:
        found = shutil.which(name)
        if found:
            return found
    return None


def available() -> bool:
    return soffice() is not None


def convert(docx_bytes: bytes, name: str = "report", timeout: int = TIMEOUT_S) -> bytes:
    """The PDF of a .docx (bytes in, bytes out)."""
    binary = soffice()
    if binary is None:
        raise PdfError("未找到 LibreOffice（soffice），无法生成 PDF。请安装 libreoffice-writer-nogui "
                       "（apt-get install libreoffice-writer-nogui fonts-noto-cjk）后重试，或先下载 Word 版。")
    with tempfile.TemporaryDirectory(prefix="yuanqu-pdf-") as work:
        work_dir = Path(work)
        source = work_dir / f"{name}.docx"
        source.write_bytes(docx_bytes)
        profile = work_dir / "profile"
        env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF), HOME=str(work_dir))
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
