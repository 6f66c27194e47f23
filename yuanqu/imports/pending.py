"""Uploaded files kept on the server between the web page's preview and its confirm step.

The bytes are stored as MEDIA_ROOT/imports/<sha256>.<ext>: a name the server makes from the content,
never a path the browser sent. What the user previewed (kind, period, file name, hash) is kept in
the user's own session under a random token; the confirm form posts the token and the sha256, and
the service checks the stored bytes against that sha256 again before writing. Files older than
KEEP_SECONDS are removed at the next upload; a file is removed as soon as it has been imported.
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

    @property
    def path(self) -> Path:
        # both parts were made by the server: a hex digest and an extension from ALLOWED_EXTENSIONS
        return storage_dir() / f"{self.sha256}{self.ext}"

    def read(self) -> bytes | None:
        """The stored bytes, or None when the file has been removed (imported, or expired)."""
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None


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
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
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


def forget(request, pending: Pending, *, delete_file: bool = True) -> None:
    """Drop the preview from the session and, unless another preview of this session uses it, its file."""
    entries = _entries(request)
    entries.pop(pending.token, None)
    request.session[SESSION_KEY] = entries
    if delete_file and not any(e.get("sha256") == pending.sha256 and e.get("ext") == pending.ext
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
