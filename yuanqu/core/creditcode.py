"""统一社会信用代码 (GB 32100-2015): normalisation and check character (DOMAIN §9).

Used by the Enterprise model, forms and every importer: one rule, one place.
"""
from __future__ import annotations

import operator
import unicodedata

from django.core.exceptions import ValidationError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
VALUES = {c: i for i, c in enumerate(ALPHABET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28
LENGTH = 18


def normalize(raw) -> str:
    """Trim, full-width → half-width (NFKC), upper case. Inner spaces are removed too."""
    if raw is None:
        return ""
    text = str(raw)
    text = text if text.isascii() else unicodedata.normalize("NFKC", text)
    return "".join(text.split()).upper()


def check_char(first17: str) -> str:
    """The 18th character for the first 17 (which must already be in the alphabet)."""
    total = sum(map(operator.mul, map(VALUES.__getitem__, first17), WEIGHTS))
    value = 31 - total % 31
    return ALPHABET[0 if value == 31 else value]


def problem(code: str) -> str | None:
    """Why a normalised code is invalid, in Chinese; None when it is valid."""
    if len(code) != LENGTH:
        return f"统一社会信用代码应为18位，实际为{len(code)}位"
    bad = set(code) - VALUES.keys()
    if bad:
        first = next(c for c in code if c in bad)
        return f"统一社会信用代码含非法字符“{first}”（不得含 I、O、S、V、Z 及符号）"
    expected = check_char(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误：第18位应为“{expected}”，实际为“{code[17]}”"
    return None


def is_valid(raw) -> bool:
    return problem(normalize(raw)) is None


def validate_credit_code(value) -> None:
    """Django validator: raises ValidationError with a Chinese message naming the value."""
    code = normalize(value)
    msg = problem(code)
    if msg:
        raise ValidationError(f"{msg}（输入值：{value}）", code="credit_code", params={"value": value})


def clean_credit_code(value) -> str:
    """Normalise and validate; return the canonical code."""
    validate_credit_code(value)
    return normalize(value)


def make_code(prefix: str, serial: int) -> str:
    """A valid code from an 8-character prefix (authority, type, region) and a serial number.

    For fixtures and the demo county: deterministic, and always valid.
    """
    if not 0 <= serial < 31 ** 9:
        raise ValueError(f"serial {serial} outside 0..31^9-1")
    body = prefix
    n = serial
    digits = []
    for _ in range(9):
        n, r = divmod(n, 31)
        digits.append(ALPHABET[r])
    body += "".join(reversed(digits))
    if len(body) != 17 or any(c not in VALUES for c in body):
        raise ValueError(f"bad prefix {prefix!r}")
    return body + check_char(body)
