"""Enterprise, roster and monthly statistics: rules held by the model and the database."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from yuanqu.core.creditcode import make_code
from yuanqu.core.tests.helpers import enterprise, park, refused, region
from yuanqu.enterprises.models import Enterprise, MonthlyStat, RosterEntry
from yuanqu.org.models import ParkZone

pytestmark = pytest.mark.django_db

CODE = "91350200776049653A"


def stat(firm, year=2023, month=8, **kw):
    return MonthlyStat.objects.create(enterprise=firm, year=year, month=month, **kw)


# --- credit code ---------------------------------------------------------------------------

def test_save_normalises_the_credit_code():
    firm = Enterprise.objects.create(credit_code=" ９１３５０２００７７６０４９６５３ａ ", name="甲", region=region())
    firm.refresh_from_db()
    assert firm.credit_code == CODE


def test_save_refuses_an_invalid_credit_code_in_chinese():
    with pytest.raises(ValidationError) as exc:
        Enterprise.objects.create(credit_code="91350203M0001QAY9B", name="乙", region=region())
    assert "校验位错误" in exc.value.messages[0]
    assert not Enterprise.objects.exists()


def test_duplicate_credit_code_is_refused_by_the_database():
    reg = region()
    Enterprise.objects.create(credit_code=CODE, name="甲", region=reg)
    with refused():
        Enterprise.objects.create(credit_code=CODE, name="甲（重复）", region=reg)


def test_duplicate_after_normalisation_is_refused_by_the_database():
    reg = region()
    Enterprise.objects.create(credit_code=CODE, name="甲", region=reg)
    with refused():
        Enterprise.objects.create(credit_code=CODE.lower(), name="甲（小写）", region=reg)


def test_bulk_create_of_duplicate_codes_is_refused():
    reg = region()
    with refused():
        Enterprise.objects.bulk_create([Enterprise(credit_code=CODE, name=n, region=reg) for n in ("甲", "乙")])


def test_full_clean_reports_a_duplicate_in_chinese():
    reg = region()
    Enterprise.objects.create(credit_code=CODE, name="甲", region=reg)
    with pytest.raises(ValidationError) as exc:
        Enterprise(credit_code=CODE, name="乙", region=reg).full_clean()
    assert "已存在" in exc.value.message_dict["credit_code"][0]


# --- other fields --------------------------------------------------------------------------

def test_full_clean_refuses_negative_money_in_chinese():
    firm = enterprise(region())
    firm.registered_capital = Decimal("-1")
    with pytest.raises(ValidationError) as exc:
        firm.full_clean()
    assert exc.value.message_dict["registered_capital"] == ["确保该值大于或等于0。"]


def test_full_clean_refuses_a_zone_of_another_park():
    reg = region()
    east, west = park(reg, "E", "东园"), park(reg, "W", "西园")
    zone = ParkZone.objects.create(park=west, code="Z", name="西区")
    firm = enterprise(reg, park=east)
    firm.zone = zone
    with pytest.raises(ValidationError) as exc:
        firm.full_clean()
    assert exc.value.message_dict["zone"] == ["所在片区不属于所在园区"]


# --- industry code (GB/T 4754-2017) ------------------------------------------------------------

@pytest.mark.parametrize("raw, code, name", [
    ("3841", "C3841", "锂离子电池制造"), ("c 3841", "C3841", "锂离子电池制造"), ("C18", "C18", "纺织服装、服饰业"),
    ("384", "C384", "电池制造"), ("C", "C", "制造业"), ("１０１９", "B1019", "粘土及其他土砂石开采"), ("", "", ""),
])
def test_save_stores_the_code_with_its_letter_and_its_name_from_the_list(raw, code, name):
    firm = enterprise(region(), industry_code=raw)
    firm.refresh_from_db()
    assert (firm.industry_code, firm.industry_name) == (code, name)
    assert firm.industry_label == (f"{code} {name}" if code else "")


def test_the_name_follows_the_code():
    firm = enterprise(region(), industry_code="1819")
    firm.industry_code, firm.industry_name = "3841", "随便写的名称"
    firm.save()
    assert Enterprise.objects.values_list("industry_code", "industry_name").get() == ("C3841", "锂离子电池制造")
    firm.industry_code = ""
    firm.save()
    assert Enterprise.objects.values_list("industry_code", "industry_name").get() == ("", "")


@pytest.mark.parametrize("raw, expected", [
    ("C1810", "不在 GB/T 4754-2017 中；中类“C181 机织服装制造”下的小类为：C1811 运动机织服装制造、C1819 其他机织服装制造"),
    ("Z18", "门类字母与大类不符"), ("B3841", "门类字母与大类不符"), ("C1", "行业代码应为2至4位数字"),
    ("98", "没有大类“98”"),
])
def test_full_clean_and_save_refuse_a_code_not_in_the_list(raw, expected):
    firm = Enterprise(credit_code=make_code("91510000", 7), name="甲", region=region(), industry_code=raw)
    with pytest.raises(ValidationError) as exc:
        firm.full_clean()
    [message] = exc.value.message_dict["industry_code"]
    assert expected in message and raw in message
    with pytest.raises(ValidationError):
        firm.save()
    assert not Enterprise.objects.exists()


def test_full_clean_normalises_the_code():
    firm = Enterprise(credit_code=make_code("91510000", 8), name="乙", region=region(), industry_code="3499")
    firm.full_clean()
    assert (firm.industry_code, firm.industry_name) == ("C3499", "其他未列明通用设备制造业")


# --- roster and monthly statistics ---------------------------------------------------------

@pytest.mark.parametrize("month", [0, 13])
def test_monthly_stat_month_outside_1_12_is_refused_by_the_database(month):
    with refused():
        stat(enterprise(region()), month=month)


@pytest.mark.parametrize("month", [1, 12])
def test_monthly_stat_month_1_and_12_are_accepted(month):
    assert stat(enterprise(region()), month=month).pk


def test_monthly_stat_month_cannot_be_updated_out_of_range():
    row = stat(enterprise(region()))
    with refused():
        MonthlyStat.objects.filter(pk=row.pk).update(month=13)


def test_one_monthly_stat_per_enterprise_and_period():
    firm = enterprise(region())
    stat(firm)
    with refused():
        stat(firm)
    assert stat(firm, month=7).pk and stat(firm, year=2022).pk


def test_monthly_stat_refuses_negative_output_but_not_negative_profit():
    row = MonthlyStat(enterprise=enterprise(region()), year=2023, month=8, output_cum=Decimal("-1"),
                      profit_cum=Decimal("-12.50"))
    with pytest.raises(ValidationError) as exc:
        row.full_clean()
    assert set(exc.value.message_dict) == {"output_cum"}
    assert exc.value.message_dict["output_cum"] == ["确保该值大于或等于0。"]


def test_monthly_stat_keeps_decimals_exact():
    row = stat(enterprise(region()), output_cum=Decimal("83980.12"))
    row.refresh_from_db()
    assert row.output_cum == Decimal("83980.12")
    assert isinstance(row.output_cum, Decimal)


def test_roster_is_per_year_and_joined_month_is_1_12():
    firm = enterprise(region())
    RosterEntry.objects.create(enterprise=firm, year=2023)
    with refused():
        RosterEntry.objects.create(enterprise=firm, year=2023)
    with refused():
        RosterEntry.objects.create(enterprise=firm, year=2024, joined_month=13)
    assert RosterEntry.objects.create(enterprise=firm, year=2022).pk


def test_querysets_for_parks_and_roster():
    reg = region()
    inside = enterprise(reg, 1, park=park(reg))
    outside = enterprise(reg, 2)
    RosterEntry.objects.create(enterprise=inside, year=2023)
    assert list(Enterprise.objects.in_parks()) == [inside]
    assert list(Enterprise.objects.outside_parks()) == [outside]
    assert list(Enterprise.objects.above_scale(2023)) == [inside]
    assert not Enterprise.objects.above_scale(2022).exists()


def test_make_code_gives_distinct_valid_codes_for_fixtures():
    reg = region()
    firms = [enterprise(reg, serial) for serial in range(1, 6)]
    assert len({f.credit_code for f in firms}) == 5
    assert firms[0].credit_code == make_code("91510000", 1)
