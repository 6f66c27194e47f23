"""统一社会信用代码 (GB 32100-2015, DOMAIN §9)."""
import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from yuanqu.core.creditcode import (
    ALPHABET, WEIGHTS, check_char, clean_credit_code, is_valid, make_code, normalize, problem,
    validate_credit_code,
)

VALID = ["91350200776049653A", "91350500798359476R", "91440101MA5CJQ4N59", "9135021359498494XQ",
         "11370881004339597L"]
INVALID = "91350203M0001QAY9B"

alphabet_chars = st.sampled_from(ALPHABET)
bodies = st.text(alphabet=ALPHABET, min_size=17, max_size=17)
prefixes = st.text(alphabet=ALPHABET, min_size=8, max_size=8)
serials = st.integers(min_value=0, max_value=31 ** 9 - 1)


def test_alphabet_and_weights_are_those_of_the_standard():
    assert len(ALPHABET) == 31
    assert not set("IOSVZ") & set(ALPHABET)
    assert WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    # 31 is prime and no weight is a multiple of it: each weight is invertible mod 31,
    # which is what makes every single-character change detectable.
    assert all(w % 31 for w in WEIGHTS)


@pytest.mark.parametrize("code", VALID)
def test_domain_examples_are_valid(code):
    assert problem(code) is None
    assert is_valid(code)
    assert check_char(code[:17]) == code[17]
    validate_credit_code(code)  # does not raise


def test_domain_invalid_example_names_the_expected_check_character():
    expected = check_char(INVALID[:17])
    assert expected != "B"
    assert not is_valid(INVALID)
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(INVALID)
    message = exc.value.messages[0]
    assert "校验位错误" in message
    assert f"第18位应为“{expected}”" in message
    assert "实际为“B”" in message


@pytest.mark.parametrize("raw", [
    "  91350200776049653A  ",
    "91350200776049653a",
    "９１３５０２００７７６０４９６５３Ａ",  # full-width digits and letter
    "9135 0200 7760 4965 3A",
    "\u300091350200776049653A\t",  # ideographic space
    "９１３５０２００７７６０４９６５３ａ",  # full-width lower case
])
def test_input_is_normalised_before_the_check(raw):
    assert normalize(raw) == "91350200776049653A"
    assert is_valid(raw)
    assert clean_credit_code(raw) == "91350200776049653A"


def test_normalize_of_nothing_is_empty():
    assert normalize(None) == ""
    assert normalize("   ") == ""


@pytest.mark.parametrize("raw, length", [("", 0), ("9135020077604965", 16), ("91350200776049653", 17),
                                         ("91350200776049653AA", 19)])
def test_wrong_length_is_refused_in_chinese(raw, length):
    message = problem(normalize(raw))
    assert message == f"统一社会信用代码应为18位，实际为{length}位"
    with pytest.raises(ValidationError, match="应为18位"):
        validate_credit_code(raw)


@pytest.mark.parametrize("bad", list("IOSVZ") + ["-", "*"])
def test_illegal_characters_are_refused_in_chinese(bad):
    code = VALID[0][:10] + bad + VALID[0][11:]
    assert len(code) == 18
    message = problem(code)
    assert message.startswith("统一社会信用代码含非法字符")
    assert f"“{bad}”" in message
    assert not is_valid(code)


def test_lower_case_illegal_letter_is_named_after_normalisation():
    assert "“O”" in problem(normalize("91350200776o49653A"))


def test_validator_message_quotes_the_input():
    with pytest.raises(ValidationError) as exc:
        validate_credit_code("abc")
    assert exc.value.code == "credit_code"
    assert "输入值：abc" in exc.value.messages[0]


@given(body=bodies)
def test_body_plus_check_char_is_valid(body):
    assert is_valid(body + check_char(body))


def _single_changes(code):
    for position, original in enumerate(code):
        for replacement in ALPHABET:
            if replacement != original:
                yield position, code[:position] + replacement + code[position + 1:]


@given(body=bodies)
def test_any_single_character_change_is_detected(body):
    code = body + check_char(body)
    for position, changed in _single_changes(code):
        assert not is_valid(changed), (code, position, changed)


@given(prefix=prefixes, serial=serials)
def test_make_code_always_gives_a_valid_code_that_catches_any_single_change(prefix, serial):
    code = make_code(prefix, serial)
    assert len(code) == 18
    assert code.startswith(prefix)
    assert is_valid(code)
    assert all(not is_valid(changed) for _, changed in _single_changes(code))


@given(prefix=prefixes, a=serials, b=serials)
def test_make_code_is_deterministic_and_distinct_per_serial(prefix, a, b):
    assert make_code(prefix, a) == make_code(prefix, a)
    assert (make_code(prefix, a) == make_code(prefix, b)) == (a == b)


@given(position=st.integers(0, 16), replacement=alphabet_chars)
def test_the_domain_examples_catch_any_single_change(position, replacement):
    for code in VALID:
        if code[position] != replacement:
            assert not is_valid(code[:position] + replacement + code[position + 1:])


@pytest.mark.parametrize("prefix", ["9151000", "915100000", "9151000O"])
def test_make_code_refuses_a_bad_prefix(prefix):
    with pytest.raises(ValueError):
        make_code(prefix, 1)


@pytest.mark.parametrize("serial", [31 ** 9, -1])
def test_make_code_refuses_a_serial_it_cannot_hold(serial):
    with pytest.raises(ValueError):
        make_code("91510000", serial)
