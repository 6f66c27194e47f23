"""Background renders for the web page: a PDF takes LibreOffice several seconds, so the page starts
a job and polls its status (htmx) instead of holding the request.

Jobs run in a small thread pool inside the web process (at most two at once: the machine has two
cores and each conversion uses its own LibreOffice profile). Each job keeps its status and its file
under <YUANQU_VAR_DIR>/report_jobs/<id>/; files older than a day are removed when a job starts.
A job lost with a restart of the web process (no news for 15 minutes) shows as failed, and the
user starts it again.
"""
from __future__ import annotations

import json
import re
import shutil
import threading
import time
import traceback
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connections

from .build import KINDS
from .render import Request, filename, render

MAX_WORKERS = 2
KEEP_SECONDS = 24 * 3600
STALE_SECONDS = 15 * 60  # a job silent this long was lost (restart) or hung
ID_RE = re.compile(r"^[0-9a-f]{32}$")
INLINE = False  # tests: run jobs in the calling thread
_executor: ThreadPoolExecutor | None = None
_lock = threading.Lock()


def jobs_dir() -> Path:
    return Path(settings.VAR_DIR) / "report_jobs"


def job_dir(job_id: str) -> Path:
    if not ID_RE.match(job_id or ""):
        raise KeyError(job_id)
    return jobs_dir() / job_id


def status(job_id: str) -> dict | None:
    try:
        path = job_dir(job_id) / "status.json"
    except KeyError:
        return None
    if not path.exists():
        return None
    info = json.loads(path.read_text(encoding="utf-8"))
    if info.get("state") in ("queued", "running") and time.time() - info.get("updated", 0) > STALE_SECONDS:
        info.update(state="failed", message="任务已中断（服务重启或超时），请重新生成")
    return info


def _write(job_id: str, **changes) -> dict:
    path = job_dir(job_id) / "status.json"
    current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    current.update(changes, updated=time.time())
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(current, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
    return current


def output_path(job_id: str) -> Path | None:
    info = status(job_id)
    if not info or info.get("state") != "done":
        return None
    path = job_dir(job_id) / info["filename"]
    return path if path.exists() else None


def _cleanup() -> None:
    root = jobs_dir()
    if not root.exists():
        return
    cutoff = time.time() - KEEP_SECONDS
    for child in root.iterdir():
        if child.is_dir() and child.stat().st_mtime < cutoff:
            shutil.rmtree(child, ignore_errors=True)


def _run(job_id: str, request: Request) -> None:
    # A worker thread starts and ends with fresh connections; inline (tests) the caller's
    # connection, inside its test transaction, must be left alone.
    if not INLINE:
        close_old_connections()
    try:
        _write(job_id, state="running", percent=10, message="计算指标、撰写文稿")
        report = request.build()
        data = render(report, request.fmt, progress=lambda p, m: _write(job_id, percent=p, message=m))
        name = filename(report, request.fmt)
        (job_dir(job_id) / name).write_bytes(data)
        _write(job_id, state="done", percent=100, message="已完成", filename=name, title=report.title)
    except Exception as exc:  # reported to the user on the status page
        _write(job_id, state="failed", percent=100, message=str(exc) or exc.__class__.__name__,
               trace=traceback.format_exc()[-2000:])
    finally:
        if not INLINE:
            connections.close_all()


def submit(request: Request, user_id=None) -> str:
    """Start rendering `request`; returns the job id."""
    global _executor
    request.parsed()  # bad input is refused at once, with its message
    _cleanup()
    job_id = uuid.uuid4().hex
    job_dir(job_id).mkdir(parents=True, exist_ok=True)
    _write(job_id, state="queued", percent=0, message="排队中", user=user_id, kind=request.kind,
           kind_label=KINDS.get(request.kind, request.kind), when=request.when,
           scope=request.scope, fmt=request.fmt, created=time.time())
    if INLINE:
        _run(job_id, request)
        return job_id
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=MAX_WORKERS, thread_name_prefix="yuanqu-report")
    _executor.submit(_run, job_id, request)
    return job_id
