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


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.one_of(st.none(), st.text(max_size=6), st.integers(), st.sampled_from(["Ａ Ｂ", "ｶ", "①", "\u3000x"])),
                       max_size=10))
def test_normal_keys_is_each_key(values):
    assert V.normal_keys(values) == ["".join(V.nfkc("" if v is None else str(v)).split()) for v in values]


def stored_in_sqlite(values: list) -> list:
    """Decimals written to a real SQLite column of the type Django makes for a DecimalField, as
    Django's backend writes them (text), and read back as the driver reads them."""
    import sqlite3

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (i integer, v decimal)")
    db.executemany("INSERT INTO t VALUES (?, ?)", [(i, str(v)) for i, v in enumerate(values)])
    return [v for _, v in db.execute("SELECT i, v FROM t ORDER BY i")]


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

    from django.db import models

    from yuanqu.imports.framework import _compare_as_stored

    field = models.DecimalField(max_digits=16, decimal_places=2)
    olds, news = [a for a, _ in pairs], [b for _, b in pairs]
    stored = stored_in_sqlite(olds)
    for op in (operator.ne, operator.lt, operator.gt):
        got = _compare_as_stored(op, field, stored, news)
        if got is not None:
            assert got == [op(a, b) for a, b in pairs]
    if max(map(abs, news)) < Decimal(10) ** 13:  # within 15 digits: the fast path answers
        assert _compare_as_stored(operator.ne, field, stored, news) is not None


# ----------------------------------------------------------------------------- V.Decimals

# what a workbook holds: numbers typed with a few decimals, whole numbers, gaps, and doubles that are
# no short decimal (0.1 + 0.2), huge or tiny ones (the column path must then decline)
floats = st.one_of(
    st.integers(min_value=-10**13, max_value=10**13).map(float),
    st.tuples(st.integers(min_value=-10**12, max_value=10**12), st.integers(min_value=0, max_value=6)).map(
        lambda t: float(Decimal(t[0]).scaleb(-t[1]))),
    st.floats(allow_nan=False, allow_infinity=True, width=64),
    st.sampled_from([0.1 + 0.2, -0.0, 1e15, 999999999999999.0, 5e-324]),
)
float_cells = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "—", "-", "无", "…", "x"]),  # text for no value (the last two are none)
    floats,
)


def assert_integers_hold(column):
    """The integers of a V.Decimals are its values, and its doubles the doubles nearest them."""
    assert len(column.ints) == len(column)
    for i, v in enumerate(column):
        if column.empty is not None and column.empty[i]:
            assert v is None and column.ints[i] == 0  # an empty cell's integer counts for nothing
            continue
        assert v is not None and v == Decimal(int(column.ints[i])).scaleb(-column.places)
        assert column.floats()[i] == float(v)
        assert abs(int(column.ints[i])) < 10 ** 15
    numbers = [v for v in column if v is not None]
    assert column.bound() == max(map(abs, numbers), default=Decimal(0))
    assert (column.lowest() < 0) == any(v < 0 for v in numbers)


@pytest.mark.parametrize("signed", [False, True], ids=["money", "signed"])
@settings(max_examples=400, deadline=None)
@given(raws=st.lists(float_cells, max_size=12), factor=st.sampled_from(FACTORS))
@example(raws=[0.1 + 0.2], factor=Decimal(1))
@example(raws=[123456789012345.0, 1.5], factor=Decimal(1))
@example(raws=[99999999999.9, None], factor=Decimal(10000))
def test_float_column_is_each_cell(raws, factor, signed):
    """A column of floats and gaps: taken at once as V.Decimals whenever it can be, and then equal,
    value for value and type for type, to parsing each cell (Decimal(repr(x)) × unit)."""
    parser = V.Number("money", signed=signed)
    column = parser.parse_column(list(raws), factor)
    expected = cell_by_cell(parser, raws, factor)
    if column is None:
        return
    assert expected is not None and same(column, expected), (raws, column, expected)
    if isinstance(column, V.Decimals):
        assert_integers_hold(column)
        numbers = [v for v in expected if v is not None]
        assert column.total() == sum(numbers, Decimal(0))
        if numbers:  # with the places Decimal addition gives
            assert V.decimals_of(column.total()) == V.decimals_of(sum(numbers, Decimal(0)))
        head = column.head(len(column) // 2)
        assert head == column[:len(column) // 2]
        assert_integers_hold(head)


def test_float_column_is_decimals():
    """The usual column (numbers with up to two decimals, in 千元 for 万元) is taken as V.Decimals."""
    column = V.Number("money").parse_column([1234.5, 0.07, None, 12.0], Decimal("0.1"))
    assert isinstance(column, V.Decimals) and column.places == 3
    assert column == [Decimal("123.45"), Decimal("0.007"), None, Decimal("1.2")]
    # written with the places Decimal(repr(x)) × unit has (the check of 合计 reads them off the sum)
    whole = V.Number("money").parse_column([12.0, 3.0], Decimal("0.1"))
    assert whole.places == 2 and [v.as_tuple().exponent for v in whole] == [-2, -2]
    assert V.Decimals.from_floats([0.1 + 0.2]) is None  # 0.30000000000000004: 17 digits
    assert V.Decimals.from_floats([1.0], Decimal(3)) is None  # not a power of ten


@settings(max_examples=300, deadline=None)
@given(raws=st.lists(float_cells, max_size=12), factor=st.sampled_from(FACTORS),
       on_none=st.sampled_from([None, "problem"]))
def test_decimal_coerce_of_decimals_is_each_value(raws, factor, on_none):
    """Coercing a V.Decimals for a DecimalField (16 digits, 2 places) gives what coercing its values
    one by one gives (rounded half up, the rounded count, the too-large refusal), or declines."""
    from django.db import models

    from yuanqu.imports.framework import RowProblem, _DecimalCoerce

    column = V.Number("money", signed=True).parse_column(list(raws), factor)
    if not isinstance(column, V.Decimals):
        return
    field = models.DecimalField(max_digits=16, decimal_places=2)
    problem = RowProblem("不能为空") if on_none else None
    rounded_fast, rounded_slow = {}, {}
    got = _DecimalCoerce(field, "x", problem, rounded_fast).column(column)
    if got is None:
        return
    slow = _DecimalCoerce(field, "x", problem, rounded_slow)
    expected = [slow(v) for v in column]
    assert same(got, expected) and rounded_fast == rounded_slow
    assert [None if v is None else v.as_tuple().exponent for v in got] == \
        [None if v is None else -2 for v in expected]  # written with the field's places
    if isinstance(got, V.Decimals):
        assert_integers_hold(got)


@settings(max_examples=200, deadline=None)
@given(raws=st.lists(float_cells, min_size=1, max_size=12), factor=st.sampled_from(FACTORS))
def test_decimals_are_stored_in_sqlite_as_their_text(raws, factor):
    """insert_rows hands SQLite a V.Decimals as doubles: SQLite then holds exactly what it holds for
    each value written as text (the way Django's backend writes a Decimal), storage class included."""
    import sqlite3

    column = V.Number("money", signed=True).parse_column(list(raws), factor)
    if not isinstance(column, V.Decimals):
        return

    class SQLite:
        vendor = "sqlite"

    from yuanqu.imports.framework import _adapted

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (i integer, v decimal)")
    db.executemany("INSERT INTO t VALUES (?, ?)", enumerate(_adapted(column, None, SQLite)))
    db.executemany("INSERT INTO t VALUES (?, ?)", [(100 + i, None if v is None else str(v))
                                                   for i, v in enumerate(column)])
    rows = db.execute("SELECT v, typeof(v) FROM t ORDER BY i").fetchall()
    assert rows[:len(column)] == rows[len(column):]


@settings(max_examples=300, deadline=None)
@given(pairs=st.lists(st.tuples(stored_decimals, floats), min_size=1, max_size=30))
def test_compare_as_stored_of_decimals_is_the_decimal_comparison(pairs):
    """Stored decimals (read back from a real SQLite column) against a V.Decimals column: =, < and >
    as the decimals compare."""
    import operator

    from django.db import models

    from yuanqu.imports.framework import _compare_as_stored

    news = V.Number("money", signed=True).parse_column([b for _, b in pairs], Decimal("0.1"))
    if not isinstance(news, V.Decimals):
        return
    field = models.DecimalField(max_digits=16, decimal_places=2)
    olds = [a for a, _ in pairs]
    stored = stored_in_sqlite(olds)
    for op in (operator.ne, operator.lt, operator.gt):
        got = _compare_as_stored(op, field, stored, news)
        if got is not None:
            assert got == [op(a, b) for a, b in zip(olds, news)]


# ----------------------------------------------------------------------------- stored decimals as read

def stored_cases() -> list[Decimal]:
    """Decimals a DecimalField(16, 2) may hold: boundaries of 15 significant digits, the classic
    inexact ones, and many drawn at random (seeded) of every magnitude."""
    import random
    rnd = random.Random(20231)
    cases = [Decimal("0.10"), Decimal("0.20"), Decimal("0.30"), Decimal("-0.01"), Decimal("100.00"),
             Decimal("9999999999999.99"), Decimal("-9999999999999.99"), Decimal("1234567890123.45")]
    for _ in range(400):
        digits = rnd.randint(1, 15)
        cases.append(Decimal(rnd.randint(-10 ** digits + 1, 10 ** digits - 1)).scaleb(-2))
    return cases


@pytest.mark.django_db
@pytest.mark.parametrize("beyond", [False, True], ids=["15-digits", "one-beyond"])
def test_stored_decimals_as_read_are_exact(county, beyond):
    """`_fetch_columns(decimals=False)` on the database the tests run on (SQLite: REAL; PostgreSQL:
    float8): each value read gives back the stored decimal exactly, and compares with new decimals
    as the decimals do. With a value beyond 15 digits in the column (PostgreSQL) it is read as
    Decimals instead, exactly."""
    import operator

    from yuanqu.enterprises.factories import MonthlyStatFactory
    from yuanqu.enterprises.models import MonthlyStat
    from yuanqu.imports.framework import _compare_as_stored, _decimals_from_db, _fetch_columns

    from django.db import connection
    if beyond and connection.vendor == "sqlite":
        pytest.skip("SQLite itself holds a decimal as a double (REAL): a 16th digit is not kept")
    olds = stored_cases()
    if beyond:
        olds[5] = Decimal("99999999999999.99")  # 16 digits
    firm = county[2][0]
    for i, value in enumerate(olds):
        MonthlyStatFactory(enterprise=firm, year=1000 + i, month=1, output_cum=value, output_prev_cum=None)
    qs = MonthlyStat.objects.filter(enterprise=firm).order_by("year")
    (read,) = _fetch_columns(qs, ["output_cum"], decimals=False)
    assert _decimals_from_db(list(read)) == olds
    if connection.vendor == "postgresql":
        assert set(map(type, read)) == ({Decimal} if beyond else {float})
    field = MonthlyStat._meta.get_field("output_cum")
    news = olds[1:] + olds[:1]  # each against another, and itself (a rotation holds equal pairs too)
    news[3] = olds[3]
    for op in (operator.ne, operator.lt, operator.gt):
        got = _compare_as_stored(op, field, list(read), news)
        if got is not None:
            assert got == [op(a, b) for a, b in zip(olds, news)]
    if not beyond:
        assert _compare_as_stored(operator.ne, field, list(read), news) is not None
