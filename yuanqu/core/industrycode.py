"""国民经济行业分类 (GB/T 4754-2017, DOMAIN §12): the code list, normalisation and check.

Rosters write a code as the statistics bureau does, digits only ("3841", "38", "384"); we store it
with its section letter ("C3841"), derived from the division, and accept only codes of the 2017 list
shipped in data/gbt4754_2017.tsv, whose names the pages show ("C3841 锂离子电池制造"). Used by the
Enterprise model, its forms, policy eligibility and the importers: one rule, one place.

A number read from a spreadsheet cell is taken as its digits (3841 → "3841"); a cell that lost a
leading zero (0141 → 141) cannot be told from a 中类 and must be read as text.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.resources import files

from django.core.exceptions import ValidationError

EDITION = "GB/T 4754-2017"
LEVELS = {1: "门类", 2: "大类", 3: "中类", 4: "小类"}
STORED = r"^[A-T](\d{2}(\d{1,2})?)?$"  # the stored form: a section letter, then 2 to 4 digits
SHAPE = "行业代码应为2至4位数字，可带门类字母，如“3841”或“C3841”"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Entry:
    code: str  # "C3841"
    level: int  # 1 门类 … 4 小类
    name: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


class IndustryCodeError(ValueError):
    """Text that is not a GB/T 4754-2017 code; the message is Chinese and names the value."""


@cache
def entries() -> dict[str, Entry]:
    """Every code of the list (section letter included) → its entry, in the standard's order."""
    text = files("yuanqu.core").joinpath("data/gbt4754_2017.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith(("#", "code\t")))
    return {code: Entry(code, int(level), name) for code, level, name in rows}


@cache
def _sections() -> dict[str, str]:
    """Division (2 digits) → its section letter."""
    return {e.code[1:]: e.code[0] for e in entries().values() if e.level == 2}


@cache
def children(code: str) -> tuple[Entry, ...]:
    """The entries one level below a listed code ("C181" → C1811, C1819)."""
    parent = entries()[code]
    return tuple(e for e in entries().values() if e.level == parent.level + 1 and e.code.startswith(code))


def _text(raw) -> str:
    if isinstance(raw, float) and raw.is_integer() or isinstance(raw, Decimal) and raw.is_finite() \
            and raw == raw.to_integral_value():
        raw = int(raw)  # a number cell: 3841.0 → "3841"
    text = unicodedata.normalize("NFKC", "" if raw is None else str(raw))  # full-width → half-width
    return "".join(text.split()).upper()


def normalize(raw) -> str:
    """"3841", "c 3841", "３８４１" → "C3841"; "C" → "C"; blank → "".

    Raises IndustryCodeError when the text has not the shape of a code, when its division is not in
    the list (there is no section to derive), or when its letter contradicts its division.
    """
    text = _text(raw)
    if not text:
        return ""
    letter, digits = (text[0], text[1:]) if not text[0].isdigit() else ("", text)
    if letter and not digits:
        if letter in entries():
            return letter
        raise IndustryCodeError(f"行业代码“{raw}”不在 {EDITION} 中：门类为 A 至 T 的字母")
    if not (digits.isascii() and digits.isdigit() and 2 <= len(digits) <= 4 and (not letter or letter in LETTERS)):
        raise IndustryCodeError(f"{SHAPE}（输入值：{raw}）")
    section = _sections().get(digits[:2])
    if section is None:
        raise IndustryCodeError(f"行业代码“{raw}”不在 {EDITION} 中：没有大类“{digits[:2]}”")
    if letter and letter != section:
        raise IndustryCodeError(f"行业代码“{raw}”的门类字母与大类不符：大类“{digits[:2]}”属于门类"
                                f"“{entries()[section].label}”")
    return section + digits


def _not_listed(raw, code: str) -> str:
    """Why a well-formed code is refused, naming the codes its nearest listed parent has (the 2017
    candidates for a code of the 2011 edition, e.g. 1810 → 1811/1819)."""
    parent = entries()[code[:4] if code[:4] in entries() else code[:3]]  # its division is listed
    names = "、".join(e.label for e in children(parent.code))
    return (f"行业代码“{raw}”不在 {EDITION} 中；{LEVELS[parent.level]}“{parent.label}”下的"
            f"{LEVELS[parent.level + 1]}为：{names}")


def problem(raw) -> str | None:
    """Why a value is not a GB/T 4754-2017 code, in Chinese; None when it is one (or blank)."""
    try:
        code = normalize(raw)
    except IndustryCodeError as exc:
        return str(exc)
    return _not_listed(raw, code) if code and code not in entries() else None


def is_valid(raw) -> bool:
    return problem(raw) is None


def lookup(raw) -> tuple[str, str]:
    """(code, name) of a listed code as rosters write it ("3841" → ("C3841", "锂离子电池制造"));
    ("", "") for blank; IndustryCodeError otherwise."""
    msg = problem(raw)
    if msg:
        raise IndustryCodeError(msg)
    code = normalize(raw)
    return (code, entries()[code].name) if code else ("", "")


def label(code) -> str:
    """"C3841 锂离子电池制造" for a listed code, stored or as rosters write it ("3841"); any other
    value as it is; "" for blank."""
    try:
        entry = entries().get(normalize(code))
    except IndustryCodeError:
        entry = None
    return entry.label if entry else ("" if code is None else str(code))


def validate_industry_code(value) -> None:
    """Django validator: raises ValidationError with a Chinese message naming the value."""
    msg = problem(value)
    if msg:
        raise ValidationError(msg, code="industry_code", params={"value": value})


def clean_industry_code(value) -> str:
    """Normalise and validate; return the stored code."""
    validate_industry_code(value)
    return normalize(value)
