"""国民经济行业分类 GB/T 4754-2017 (DOMAIN §12): the shipped list, normalisation and the check."""
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from yuanqu.core.industrycode import (
    SHAPE, IndustryCodeError, children, clean_industry_code, entries, is_valid, label, lookup, normalize,
    problem, validate_industry_code,
)

LISTED = sorted(entries())
DIVISIONS = {code[1:]: code[0] for code, e in entries().items() if e.level == 2}
# DOMAIN §12: the section of each division
SECTION_OF = {"A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50), "F": (51, 52),
              "G": (53, 60), "H": (61, 62), "I": (63, 65), "J": (66, 69), "K": (70, 70), "L": (71, 72),
              "M": (73, 75), "N": (76, 79), "O": (80, 82), "P": (83, 83), "Q": (84, 85), "R": (86, 90),
              "S": (91, 96), "T": (97, 97)}

codes = st.sampled_from(LISTED)
spaces = st.text(alphabet=" \t\u3000", max_size=2)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# --- the list --------------------------------------------------------------------------------

def test_the_list_is_the_2017_edition_with_its_counts():
    levels = Counter(e.level for e in entries().values())
    # 20 门类, 97 大类, 473 中类; 1380 小类 in 2017, and 8522 康复辅具适配服务 added by amendment No. 1 (2019)
    assert levels == {1: 20, 2: 97, 3: 473, 4: 1381}
    by_section = Counter(code[0] for code, e in entries().items() if e.level == 4)
    assert (by_section["A"], by_section["B"], by_section["C"], by_section["T"]) == (72, 39, 609, 1)


@pytest.mark.parametrize("code, name", [
    ("C181", "机织服装制造"), ("C1811", "运动机织服装制造"), ("C1819", "其他机织服装制造"),
    ("C349", "其他通用设备制造业"), ("C3491", "工业机器人制造"), ("C3499", "其他未列明通用设备制造业"),
    ("B1019", "粘土及其他土砂石开采"), ("C3841", "锂离子电池制造"), ("C3849", "其他电池制造"),
    ("I6520", "集成电路设计"), ("I6531", "信息系统集成服务"), ("C3612", "新能源车整车制造"),
    ("Q8522", "康复辅具适配服务"), ("C", "制造业"), ("C18", "纺织服装、服饰业"), ("C15", "酒、饮料和精制茶制造业"),
    ("B061", "烟煤和无烟煤开采洗选"), ("B0610", "烟煤和无烟煤开采洗选"), ("T9700", "国际组织"),
])
def test_2017_codes_and_names(code, name):
    assert entries()[code].name == name


@pytest.mark.parametrize("code", ["C1810", "C3490", "I6510", "C4041", "T9600", "S9500"])
def test_codes_of_the_2011_edition_are_not_listed(code):
    assert code not in entries()


def test_every_division_sits_in_its_section_and_every_code_under_its_parent():
    assert DIVISIONS == {f"{n:02d}": s for s, (lo, hi) in SECTION_OF.items() for n in range(lo, hi + 1)}
    for code, e in entries().items():
        assert e.level == (1 if len(code) == 1 else len(code) - 1)
        if e.level > 1:
            parent = code[:-1] if e.level > 2 else code[0]
            assert code in {c.code for c in children(parent)}


def test_a_group_of_one_class_shares_its_name_and_ends_in_zero():
    for code, e in entries().items():
        if e.level == 3 and len(children(code)) == 1:
            [only] = children(code)
            assert only.code == code + "0" and only.name == e.name


# --- normalize ---------------------------------------------------------------------------

@pytest.mark.parametrize("raw, code", [
    ("3841", "C3841"), ("C3841", "C3841"), ("c 3841", "C3841"), ("38", "C38"), ("384", "C384"),
    ("C", "C"), ("c", "C"), ("３８４１", "C3841"), ("Ｃ３８４１", "C3841"), (" 0141\u3000", "A0141"),
    ("1019", "B1019"), ("9700", "T9700"), (3841, "C3841"), (3841.0, "C3841"), ("", ""), (None, ""), ("  ", ""),
])
def test_normalize_writes_the_stored_form(raw, code):
    assert normalize(raw) == code


@pytest.mark.parametrize("raw, message", [
    ("B3841", "行业代码“B3841”的门类字母与大类不符：大类“38”属于门类“C 制造业”"),
    ("Z18", "行业代码“Z18”的门类字母与大类不符：大类“18”属于门类“C 制造业”"),
    ("98", "行业代码“98”不在 GB/T 4754-2017 中：没有大类“98”"),
    ("Z", "行业代码“Z”不在 GB/T 4754-2017 中：门类为 A 至 T 的字母"),
    ("3", f"{SHAPE}（输入值：3）"), ("38411", f"{SHAPE}（输入值：38411）"), ("C-3841", f"{SHAPE}（输入值：C-3841）"),
    ("锂电池", f"{SHAPE}（输入值：锂电池）"), (38.5, f"{SHAPE}（输入值：38.5）"),
])
def test_normalize_refuses_in_chinese(raw, message):
    with pytest.raises(IndustryCodeError) as exc:
        normalize(raw)
    assert str(exc.value) == message
    assert problem(raw) == message


@given(codes, st.booleans(), spaces, spaces)
def test_a_listed_code_comes_back_from_any_way_of_writing_it(code, lower, before, after):
    digits = code[1:]
    for text in ({digits, code} if digits else {code}):
        written = text.lower() if lower else text
        assert normalize(f"{before}{written}{after}") == code
        assert normalize(full_width(written)) == code
        assert normalize(" ".join(written)) == code


@given(codes)
def test_normalize_is_idempotent_and_label_starts_with_the_code(code):
    assert normalize(normalize(code)) == code
    assert label(code) == f"{code} {entries()[code].name}" == label(code[1:] or code)
    assert lookup(code) == (code, entries()[code].name)


@given(st.sampled_from(sorted(DIVISIONS)), st.text(alphabet="0123456789", max_size=2),
       st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
def test_a_letter_other_than_the_divisions_section_is_refused(division, rest, letter):
    text = letter + division + rest
    if letter == DIVISIONS[division]:
        assert normalize(text) == text
    else:
        with pytest.raises(IndustryCodeError, match="门类字母与大类不符"):
            normalize(text)


@given(st.text(max_size=8))
def test_any_text_is_a_code_or_a_chinese_message(text):
    try:
        code = normalize(text)
    except IndustryCodeError as exc:
        assert "行业代码" in str(exc)
        return
    assert code == "" or code[0] in SECTION_OF and (code[1:] == "" or code[1:3] in DIVISIONS)


# --- the check against the list ---------------------------------------------------------------

@pytest.mark.parametrize("raw, candidates", [
    ("1810", "中类“C181 机织服装制造”下的小类为：C1811 运动机织服装制造、C1819 其他机织服装制造"),
    ("C3490", "中类“C349 其他通用设备制造业”下的小类为：C3491 工业机器人制造、C3492 特殊作业机器人制造、"
              "C3493 增材制造装备制造、C3499 其他未列明通用设备制造业"),
    ("188", "大类“C18 纺织服装、服饰业”下的中类为：C181 机织服装制造、C182 针织或钩针编织服装制造、C183 服饰制造"),
])
def test_a_2011_code_is_refused_naming_the_2017_candidates(raw, candidates):
    assert problem(raw) == f"行业代码“{raw}”不在 GB/T 4754-2017 中；{candidates}"
    assert not is_valid(raw)
    with pytest.raises(IndustryCodeError):
        lookup(raw)


def test_validator_and_clean():
    validate_industry_code("3841")  # does not raise
    validate_industry_code("")
    assert clean_industry_code("c 3841") == "C3841"
    with pytest.raises(ValidationError) as exc:
        validate_industry_code("1810")
    assert exc.value.messages == [problem("1810")]
    assert exc.value.code == "industry_code"


def test_lookup_and_label_of_blank_and_unlisted_values():
    assert lookup("") == ("", "")
    assert lookup("3841") == ("C3841", "锂离子电池制造")
    assert label("") == label(None) == ""
    assert label("C1810") == "C1810"  # a stored code of the 2011 edition is shown as stored
    assert label("B3841") == "B3841"
