"""The enterprise admin and its form: the credit-code check is a message on the field, never a 500."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yuanqu.core.creditcode import check_char
from yuanqu.core.tests.helpers import (
    assert_admin_pages, enterprise, login_superuser, park, region, sample_world,
)
from yuanqu.enterprises.forms import EnterpriseForm
from yuanqu.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db

CODE = "91350200776049653A"
BAD = "91350203M0001QAY9B"
ADD_URL = reverse("admin:enterprises_enterprise_add")
CHANGELIST_URL = reverse("admin:enterprises_enterprise_changelist")


def form_data(reg, credit_code, **extra):
    return {"credit_code": credit_code, "name": "示例纺织有限公司", "region": reg.pk, "land_area_mu": "12.50",
            "is_active": "on", **extra}


def admin_post_data(reg, credit_code, **extra):
    inline = {"roster_entries-TOTAL_FORMS": "1", "roster_entries-INITIAL_FORMS": "0",
              "roster_entries-MIN_NUM_FORMS": "0", "roster_entries-MAX_NUM_FORMS": "1000",
              "roster_entries-0-year": "2023", "roster_entries-0-joined_month": "1"}
    return {**form_data(reg, credit_code), **inline, **extra}


def test_every_model_has_a_working_admin(client):
    sample_world()
    login_superuser(client)
    assert_admin_pages(client, "enterprises")


# --- the form ------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["91350200776049653a", " 9135 0200 7760 4965 3A ", "９１３５０２００７７６０４９６５３Ａ"])
def test_form_normalises_the_credit_code(raw):
    form = EnterpriseForm(data=form_data(region(), raw))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["credit_code"] == CODE
    assert form.save().credit_code == CODE


def test_form_reports_a_wrong_check_character_on_the_field_in_chinese():
    form = EnterpriseForm(data=form_data(region(), BAD))
    assert not form.is_valid()
    assert list(form.errors) == ["credit_code"]
    [message] = form.errors["credit_code"]
    assert f"第18位应为“{check_char(BAD[:17])}”" in message


@pytest.mark.parametrize("raw, expected", [("9135020077604965", "应为18位，实际为16位"),
                                           ("91350200776O49653A", "含非法字符“O”")])
def test_form_reports_length_and_alphabet_in_chinese(raw, expected):
    form = EnterpriseForm(data=form_data(region(), raw))
    assert not form.is_valid()
    assert expected in form.errors["credit_code"][0]


def test_form_requires_the_credit_code_in_chinese():
    form = EnterpriseForm(data=form_data(region(), "  "))
    assert not form.is_valid()
    assert form.errors["credit_code"] == ["这个字段是必填项。"]


def test_form_reports_a_duplicate_after_normalisation():
    reg = region()
    Enterprise.objects.create(credit_code=CODE, name="甲", region=reg)
    form = EnterpriseForm(data=form_data(reg, CODE.lower()))
    assert not form.is_valid()
    assert "已存在" in form.errors["credit_code"][0]


def test_form_edits_keep_the_own_code():
    firm = enterprise(region())
    form = EnterpriseForm(data=form_data(firm.region, firm.credit_code.lower(), name="改名后"), instance=firm)
    assert form.is_valid(), form.errors
    assert form.save().name == "改名后"


@pytest.mark.parametrize("raw", ["3841", "c 3841", "Ｃ３８４１"])
def test_form_takes_the_industry_code_as_the_bureau_writes_it(raw):
    form = EnterpriseForm(data=form_data(region(), CODE, industry_code=raw))
    assert form.is_valid(), form.errors
    firm = form.save()
    assert (firm.industry_code, firm.industry_name) == ("C3841", "锂离子电池制造")


def test_form_names_the_2017_candidates_of_a_2011_code_on_the_field():
    form = EnterpriseForm(data=form_data(region(), CODE, industry_code="1810"))
    assert not form.is_valid()
    assert list(form.errors) == ["industry_code"]
    [message] = form.errors["industry_code"]
    assert "“1810”不在 GB/T 4754-2017 中" in message and "C1811 运动机织服装制造、C1819 其他机织服装制造" in message


# --- the admin pages -----------------------------------------------------------------------

def test_admin_add_with_a_bad_code_shows_the_message_not_a_500(client):
    reg = region()
    login_superuser(client)
    response = client.post(ADD_URL, admin_post_data(reg, BAD))
    assert response.status_code == 200
    page = response.content.decode()
    assert "校验位错误" in page
    assert f"第18位应为“{check_char(BAD[:17])}”" in page
    assert not Enterprise.objects.exists()


def test_admin_add_normalises_the_code_and_saves_the_roster(client):
    reg = region()
    login_superuser(client)
    response = client.post(ADD_URL, admin_post_data(reg, "９１３５ ０２００ ７７６０ ４９６５ ３ａ"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    firm = Enterprise.objects.get()
    assert firm.credit_code == CODE
    assert list(firm.roster_entries.values_list("year", flat=True)) == [2023]


def test_changelist_shows_the_code_and_outside_parks(client):
    reg = region()
    enterprise(reg, 1, park=park(reg, name="示例工业园区"))
    outside = enterprise(reg, 2, name="园区外企业")
    login_superuser(client)
    page = client.get(CHANGELIST_URL).content.decode()
    assert outside.credit_code in page
    assert "示例工业园区" in page
    assert '<td class="field-park_column">园区外</td>' in page


def test_changelist_shows_the_industry_with_its_name(client):
    enterprise(region(), industry_code="3841")
    login_superuser(client)
    page = client.get(CHANGELIST_URL).content.decode()
    assert "国民经济行业" in page and "C3841 锂离子电池制造" in page
    assert client.get(CHANGELIST_URL, {"q": "锂离子"}).context["cl"].result_count == 1


def test_admin_add_with_a_bad_industry_code_shows_the_message_not_a_500(client):
    login_superuser(client)
    response = client.post(ADD_URL, admin_post_data(region(), CODE, industry_code="B3841"))
    assert response.status_code == 200
    assert "门类字母与大类不符" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_park_filter_has_an_outside_choice(client):
    reg = region()
    inside = enterprise(reg, 1, park=park(reg))
    outside = enterprise(reg, 2)
    login_superuser(client)
    found = client.get(CHANGELIST_URL, {"in_park": "outside"}).context["cl"].result_list
    assert list(found) == [outside]
    found = client.get(CHANGELIST_URL, {"in_park": str(inside.park_id)}).context["cl"].result_list
    assert list(found) == [inside]


@pytest.mark.parametrize("term", [CODE, CODE.lower(), "９１３５ ０２００ ７７６０ ４９６５ ３ａ", "76049653"])
def test_search_finds_a_firm_by_its_code_as_typed(client, term):
    reg = region()
    firm = Enterprise.objects.create(credit_code=CODE, name="甲", region=reg)
    enterprise(reg, 2)
    login_superuser(client)
    assert list(client.get(CHANGELIST_URL, {"q": term}).context["cl"].result_list) == [firm]
    roster_url = reverse("admin:enterprises_rosterentry_changelist")
    firm.roster_entries.create(year=2023)
    assert [r.enterprise for r in client.get(roster_url, {"q": term}).context["cl"].result_list] == [firm]


def test_roster_year_filter(client):
    world = sample_world()
    login_superuser(client)
    found = client.get(CHANGELIST_URL, {"roster_year": "2023"}).context["cl"].result_list
    assert list(found) == [world.enterprise]


def test_changelists_do_not_query_per_row(client):
    """The query count of the big tables' lists does not grow with the rows."""
    from yuanqu.enterprises.models import MonthlyStat

    reg = region()
    p = park(reg)
    login_superuser(client)
    urls = [CHANGELIST_URL, reverse("admin:enterprises_monthlystat_changelist"),
            reverse("admin:enterprises_rosterentry_changelist")]

    def add_firm(serial):
        firm = enterprise(reg, serial, park=p if serial % 2 else None)
        MonthlyStat.objects.create(enterprise=firm, year=2023, month=8)
        firm.roster_entries.create(year=2023)

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    add_firm(1)
    before = counts()
    for serial in range(2, 8):
        add_firm(serial)
    assert counts() == before
