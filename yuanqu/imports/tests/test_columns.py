"""The column-at-once fast paths give exactly what the cell-by-cell parsers give.

`Parser.parse_column` may decline (None: the import then parses cell by cell, with a message for
each bad cell); when it answers, every value must equal `parse` of its cell, with the same type
(a Decimal stays a Decimal, an integer an int). Likewise the column check of credit codes and the
column normalisation of keys.
"""
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from yuanqu.core import creditcode
from yuanqu.imports import values as V

FACTORS = [Decimal(1), Decimal("0.1"), Decimal("0.0001"), Decimal(10000)]

cells = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.floats(min_value=-1e9, max_value=1e12).map(lambda x: round(x, 2)),
    st.integers(min_value=-10**12, max_value=10**12),
    st.booleans(),
    st.sampled_from(["", "—", "-", "1,234.5", "１２３", "(12)", "12%", "abc", " 7 ", "无"]),
)


def cell_by_cell(parser, raws, factor):
    """parse() of each cell, or None when any cell is refused (as parse_column must then be)."""
    out = []
    for raw in raws:
        try:
            out.append(parser.parse(raw, factor))
        except V.Problem:
            return None
    return out


def same(a, b):
    return len(a) == len(b) and all(type(x) is type(y) and x == y for x, y in zip(a, b))


@pytest.mark.parametrize("parser", [V.Number("money"), V.Number("money", signed=True),
                                    V.Number("people", integer=True), V.Number("money", integer=True, signed=True)],
                         ids=["money", "signed", "integer", "signed-integer"])
@settings(max_examples=300, deadline=None)
@given(raws=st.lists(cells, max_size=12), factor=st.sampled_from(FACTORS))
@example(raws=[1.5, float("inf")], factor=Decimal(1))
@example(raws=[float("nan"), 2.0], factor=Decimal(1))
@example(raws=[3.0, None, 4.0], factor=Decimal("0.1"))
@example(raws=[-1.0, 2.0], factor=Decimal(1))
def test_number_column_is_each_cell(parser, raws, factor):
    column = parser.parse_column(list(raws), factor)
    if column is None:
        return  # declined: the caller parses cell by cell
    expected = cell_by_cell(parser, raws, factor)
    assert expected is not None, f"parse_column accepted {raws!r}, which parse refuses"
    assert same(column, expected), (raws, column, expected)


def test_number_column_takes_the_usual_column():
    """The fast path is not dead code: a column of numbers (and one with gaps) is taken at once."""
    money = V.Number("money")
    assert money.parse_column([1234.5, 0.1, 7], Decimal("0.1")) == [Decimal("123.45"), Decimal("0.01"), Decimal("0.7")]
    assert money.parse_column([1.0, None, 2.5]) == [Decimal("1.0"), None, Decimal("2.5")]
    assert V.Number("people", integer=True).parse_column([12.0, None, 3.0]) == [12, None, 3]
    assert money.parse_column([1.0, float("inf")]) is None
    assert money.parse_column([1.0, -2.0]) is None


texts = st.lists(st.one_of(st.none(), st.text(max_size=8), st.sampled_from(["—", "-", " a ", "ＡＢ", "x\u3000y"]),
                           st.floats(allow_nan=False, allow_infinity=False), st.integers()), max_size=10)


@pytest.mark.parametrize("parser", [V.Text(), V.Text(max_length=4), V.Text(upper=True)], ids=["text", "short", "upper"])
@settings(max_examples=300, deadline=None)
@given(raws=texts)
def test_text_column_is_each_cell(parser, raws):
    column = parser.parse_column(list(raws))
    if column is not None:
        expected = cell_by_cell(parser, raws, Decimal(1))
        assert expected is not None and same(column, expected), (raws, column, expected)


def valid_codes():
    return st.integers(min_value=1, max_value=10**6).map(lambda i: creditcode.make_code("91510000", i))


def spoil(code: str, data) -> str:
    i = data.draw(st.integers(min_value=0, max_value=17))
    c = data.draw(st.sampled_from(creditcode.ALPHABET + "IOSVZ a"))
    return code[:i] + c + code[i + 1:]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_credit_code_column_is_each_cell(data):
    codes = data.draw(st.lists(valid_codes(), max_size=8))
    raws = [data.draw(st.sampled_from([c, c.lower(), spoil(c, data), None, "", "—", " " + c, c[:17]])) for c in codes]
    parser = V.CreditCode()
    column = parser.parse_column(list(raws))
    expected = cell_by_cell(parser, raws, Decimal(1))
    if column is not None:
        assert expected is not None and same(column, expected), (raws, column, expected)
    normal = [creditcode.normalize(c) for c in raws if c and c.strip()]
    assert V._all_valid_codes(normal) == all(V._valid_code(c) for c in normal) or not normal


def test_credit_code_column_checks_every_code():
    codes = [creditcode.make_code("91510000", i) for i in range(1, 200)]
    assert V.CreditCode().parse_column(list(codes)) == codes
    bad = codes[:150] + [codes[150][:17] + ("0" if codes[150][17] != "0" else "1")] + codes[151:]
    assert V._all_valid_codes(bad) is False
    assert V.CreditCode().parse_column(bad) is None  # cell by cell: the bad one gets its message


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.one_of(st.none(), st.text(max_size=6), st.integers(), st.sampled_from(["Ａ Ｂ", "ｶ", "①", "\u3000x"])),
                       max_size=10))
def test_normal_keys_is_each_key(values):
    assert V.normal_keys(values) == ["".join(V.nfkc("" if v is None else str(v)).split()) for v in values]


# decimals as a DecimalField(16, 2) holds them: at most 15 significant digits for the fast path,
# and a few beyond it (the fast path must then decline)
stored_decimals = st.one_of(
    st.decimals(min_value=Decimal("-9999999999999.99"), max_value=Decimal("9999999999999.99"), places=2,
                allow_nan=False, allow_infinity=False),
    st.decimals(min_value=Decimal("-99999999999999.99"), max_value=Decimal("99999999999999.99"), places=2,
                allow_nan=False, allow_infinity=False),
    st.sampled_from([Decimal("0.10"), Decimal("0.20"), Decimal("0.30"), Decimal("-0.01"), Decimal("1E+2")]),
)


@settings(max_examples=300, deadline=None)
@given(pairs=st.lists(st.tuples(stored_decimals, stored_decimals), min_size=1, max_size=30))
@example(pairs=[(Decimal("0.10"), Decimal("0.10")), (Decimal("0.30"), Decimal("0.20"))])
def test_compare_as_stored_is_the_decimal_comparison(pairs):
    """Comparing new decimals with stored ones as SQLite holds both (doubles) gives what comparing
    the decimals gives, for =, < and > — or declines. The stored values go through a real SQLite
    column of the type Django makes for a DecimalField, as the import writes them (text)."""
    import operator
    import sqlite3

    from django.db import models

    from yuanqu.imports.framework import _compare_as_stored

    field = models.DecimalField(max_digits=16, decimal_places=2)
    olds, news = [a for a, _ in pairs], [b for _, b in pairs]
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (i integer, v decimal)")
    db.executemany("INSERT INTO t VALUES (?, ?)", [(i, str(v)) for i, v in enumerate(olds)])
    stored = [v for _, v in db.execute("SELECT i, v FROM t ORDER BY i")]
    for op in (operator.ne, operator.lt, operator.gt):
        got = _compare_as_stored(op, field, stored, news)
        if got is not None:
            assert got == [op(a, b) for a, b in pairs]
    if max(map(abs, news)) < Decimal(10) ** 13:  # within 15 digits: the fast path answers
        assert _compare_as_stored(operator.ne, field, stored, news) is not None
