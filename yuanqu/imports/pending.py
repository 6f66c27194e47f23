"""Uploaded files kept on the server between the web page's preview and its confirm step.

The bytes are stored as MEDIA_ROOT/imports/<sha256>.<ext>: a name the server makes from the content,
never a path the browser sent. What the user previewed (kind, period, file name, hash) is kept in
the user's own session under a random token; the confirm form posts the token and the sha256, and
the service checks the stored bytes against that sha256 again before writing. A refused file (one
with errors) is not kept: only its error report is (`refuse`). Files older than KEEP_SECONDS are
removed at the next upload; a file is removed as soon as it has been imported.
"""
from __future__ import annotations

import hashlib
import os
import secrets
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings

SESSION_KEY = "imports_pending"
MAX_PENDING = 10  # previews kept per session (the oldest is forgotten)
KEEP_SECONDS = 2 * 24 * 3600
ALLOWED_EXTENSIONS = (".xlsx", ".xls", ".csv")


def storage_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


@dataclass
class Pending:
    token: str
    sha256: str
    ext: str
    kind: str
    period: str  # "" or as typed on the form ("2023-08", "2023")
    file_name: str
    created: float
    errors: int = 0  # refused with this many errors: the upload is gone, its error report kept

    @property
    def path(self) -> Path:
        # both parts were made by the server: a hex digest and an extension from ALLOWED_EXTENSIONS
        return storage_dir() / f"{self.sha256}{self.ext}"

    @property
    def report_path(self) -> Path:
        return storage_dir() / f"report-{self.token}.xlsx"  # the token too is the server's (token_urlsafe)

    def read(self) -> bytes | None:
        """The stored bytes, or None when the file has been removed (imported, refused, or expired)."""
        return _read(self.path) if not self.errors else None

    def report(self) -> bytes | None:
        """The error report of a refused file, or None."""
        return _read(self.report_path) if self.errors else None


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _write(path: Path, data: bytes) -> None:
    """Write a file whole or not at all (a temporary file renamed into place)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _entries(request) -> dict:
    entries = request.session.get(SESSION_KEY)
    return entries if isinstance(entries, dict) else {}


def save(request, data: bytes, file_name: str, kind: str, period: str = "") -> Pending:
    """Store the uploaded bytes and remember, in the session, what is being previewed."""
    ext = Path(file_name).suffix.lower()
    if ext not in ALLOWED_EXTENSIONS:
        raise ValueError(f"不支持的文件类型“{ext}”")
    sha = hashlib.sha256(data).hexdigest()
    folder = storage_dir()
    folder.mkdir(parents=True, exist_ok=True)
    prune()
    path = folder / f"{sha}{ext}"
    try:
        os.utime(path)  # the same content uploaded again: keep it as fresh
    except FileNotFoundError:
        _write(path, data)
    pending = Pending(secrets.token_urlsafe(12), sha, ext, kind, period or "", os.path.basename(file_name),
                      time.time())
    entries = _entries(request)
    entries[pending.token] = asdict(pending)
    for token in sorted(entries, key=lambda t: entries[t].get("created", 0))[:-MAX_PENDING]:
        del entries[token]
    request.session[SESSION_KEY] = entries
    return pending


def get(request, token: str) -> Pending | None:
    """The preview `token` of this session, or None (unknown, another user's, or forgotten)."""
    raw = _entries(request).get(str(token))
    if not isinstance(raw, dict):
        return None
    try:
        return Pending(**raw)
    except TypeError:
        return None


def refuse(request, pending: Pending, errors: int, report: bytes) -> None:
    """The preview found errors: keep its error report instead of the upload, which is removed."""
    _write(pending.report_path, report)
    pending.errors = errors
    entries = _entries(request)
    entries[pending.token] = asdict(pending)
    request.session[SESSION_KEY] = entries
    _remove_unused(entries, pending)


def forget(request, pending: Pending) -> None:
    """Drop the preview from the session and, unless another preview of this session uses them, its files."""
    entries = _entries(request)
    entries.pop(pending.token, None)
    request.session[SESSION_KEY] = entries
    _remove_unused(entries, pending)
    pending.report_path.unlink(missing_ok=True)


def _remove_unused(entries: dict, pending: Pending) -> None:
    """Remove the upload unless a preview of the session that may still be confirmed holds it."""
    if not any(e.get("sha256") == pending.sha256 and e.get("ext") == pending.ext and not e.get("errors")
               for e in entries.values()):
        pending.path.unlink(missing_ok=True)


def prune(now: float | None = None) -> None:
    """Remove stored uploads (and stray temporary files) older than KEEP_SECONDS."""
    folder = storage_dir()
    if not folder.is_dir():
        return
    limit = (now or time.time()) - KEEP_SECONDS
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
        except OSError:  # removed meanwhile by another request
            pass
