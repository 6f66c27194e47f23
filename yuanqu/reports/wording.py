"""The wording templates: Jinja text files an office edits, rendered into report blocks.

Where they are: `yuanqu/reports/templates/reports/wording/{monthly,weekly,quarterly}.txt` ship
with the platform. An office changes the wording without touching code by copying a file to
`<YUANQU_VAR_DIR>/report_templates/` (same file name) and editing the copy: a copy there is used
instead of the shipped one, and survives upgrades. `yuanqu report monthly --period 2023-08
--format txt` shows the result at once.

Syntax (see the comments at the top of monthly.txt):
  - a line starting with "# " is the title; "## " a first-level heading (numbered 一、二、…),
    "### " a second-level heading (（一）（二）…), "#### " a third (1. 2. …); numbers are added;
  - "@chart NAME" and "@table NAME" place a chart or a table; "@issuer TEXT" and "@date TEXT" the
    落款 (issuer and 成文日期, laid out by GB/T 9704); "@right TEXT" any other right-aligned line;
  - other lines are text: consecutive lines make one paragraph (joined without spaces, as Chinese
    is written); a blank line ends the paragraph;
  - {{ f['industry.output_ytd'] }} prints a figure as the briefing writes it ("83.98亿元"); every
    key is listed by `yuanqu figures --period 2023-08`; {% if have('key', …) %} … {% endif %}
    leaves a sentence out when a figure is missing; lists prepared for each report (parks,
    chains, targets, key_groups, actions …) carry display strings already.
Numbers are never typed into a template: a figure that is missing prints "—", never a guess.
Templates run sandboxed (no access to Python internals); an unknown name stops the render with
the file and line in the message.
"""
from __future__ import annotations

import functools
import re
import traceback
from pathlib import Path

from django.conf import settings
from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from yuanqu.figures import format as fmt

from .document import Block, number_headings
from .facts import etc, join_names, short_project_name
from .periods import cn_number

SHIPPED_DIR = Path(__file__).resolve().parent / "templates" / "reports" / "wording"
MARKERS = (("#### ", "h3"), ("### ", "h2"), ("## ", "h1"), ("# ", "title"), ("@right ", "right"),
           ("@issuer ", "issuer"), ("@date ", "date"))
_PLACE_RE = re.compile(r"^@(chart|table)\s+([\w.-]+)\s*$")
# a placement may end up after text on the same line (Jinja drops the newline after a block tag)
_INLINE_PLACE_RE = re.compile(r"[ \t]*(@(?:chart|table)[ \t]+[\w.-]+|@(?:right|issuer|date)[ \t])")


class WordingError(ValueError):
    """A wording template that cannot be rendered (message in Chinese, with file and line)."""


def inner_quotes(text: str) -> str:
    """Quotes inside quotes become single quotes (GB/T 15834): 园区事园区办 in “…” → ‘园区事园区办’."""
    return str(text).replace("“", "‘").replace("”", "’")


def override_dir() -> Path:
    return Path(settings.VAR_DIR) / "report_templates"


def environment() -> SandboxedEnvironment:
    """The template environment (one per override folder; templates reload when their file changes)."""
    return _environment(str(override_dir()))


@functools.lru_cache(maxsize=4)
def _environment(own_dir: str) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=ChoiceLoader([FileSystemLoader(own_dir), FileSystemLoader(str(SHIPPED_DIR))]), auto_reload=True,
        undefined=StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        yi=fmt.yi, wan=fmt.wan, money=fmt.money, pct=fmt.pct, growth=fmt.growth_phrase, points=fmt.points_phrase,
        area=fmt.area, count=fmt.count, short=short_project_name, names=join_names, cn=cn_number,
        inner_quotes=inner_quotes,
    )
    env.globals.update(cn=cn_number, names=join_names, etc=etc)
    return env


def template_path(name: str) -> Path:
    """The file a template name resolves to (the office's copy, else the shipped one)."""
    own = override_dir() / name
    return own if own.exists() else SHIPPED_DIR / name


def render_text(name: str, context: dict) -> str:
    try:
        return environment().get_template(name).render(**context)
    except TemplateError as exc:
        path = template_path(name)
        line = getattr(exc, "lineno", None) or next(
            (f.lineno for f in reversed(traceback.extract_tb(exc.__traceback__)) if f.filename == str(path)), None)
        where = f"{path}" + (f" 第{line}行" if line else "")
        raise WordingError(f"措辞模板 {where} 无法生成：{exc}") from exc


def parse(text: str) -> list[Block]:
    """Rendered template text → blocks (see the module docstring for the syntax)."""
    blocks: list[Block] = []
    lines: list[str] = []

    def flush():
        if lines:
            blocks.append(Block("p", "".join(lines)))
            lines.clear()

    text = _INLINE_PLACE_RE.sub(
        lambda m: "\n" + m.group(1) + ("" if m.group(1).startswith(("@right", "@issuer", "@date")) else "\n"), text)
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        place = _PLACE_RE.match(line)
        if place:
            flush()
            blocks.append(Block(place.group(1), ref=place.group(2)))
            continue
        marker = next(((m, kind) for m, kind in MARKERS if line.startswith(m)), None)
        if marker:
            flush()
            blocks.append(Block(marker[1], line[len(marker[0]):].strip()))
            continue
        lines.append(line)
    flush()
    return number_headings(blocks)


def render_blocks(name: str, context: dict) -> list[Block]:
    return parse(render_text(name, context))
