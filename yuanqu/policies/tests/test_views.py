"""Policy pages on the demo county: valid policies as the engine counts them, eligible firms, pushes, claims."""
import pytest
from django.urls import reverse

from yuanqu.core.periods import Period
from yuanqu.core.tests.pages import AUG, export, first_cells, login, staff  # noqa: F401 (fixture)
from yuanqu.enterprises.models import Enterprise
from yuanqu.figures.engine import figure
from yuanqu.figures.scope import Scope
from yuanqu.policies import eligibility as elig
from yuanqu.policies.models import Policy

pytestmark = pytest.mark.django_db

LIST = reverse("policies:list")



def test_valid_policies_are_the_engines_count(staff, demo_county):
    response = staff.get(LIST, {**AUG, "validity": "valid"})
    assert response.context["paginator"].count == figure("policies.count", Scope.county(demo_county),
                                                         Period(2023, 8)).value == 82
    assert "政策名称" in response.content.decode() and "推送企业（户）" in response.content.decode()


def test_filters_and_sort(staff, demo_county):
    qs = Policy.objects.filter(region=demo_county)
    assert staff.get(LIST, {"delivery": "automatic"}).context["paginator"].count == qs.filter(
        delivery_mode="automatic").count()
    assert staff.get(LIST, {"level": "county"}).context["paginator"].count == qs.filter(level="county").count()
    titles = first_cells(staff.get(LIST, {"sort": "issued_date"}))
    assert titles[0] == qs.order_by("issued_date", "pk")[0].title


def test_export(staff, demo_county):
    headers, rows, count = export(staff, LIST, {**AUG, "validity": "valid", "level": "province"})
    assert headers[0] == "政策名称" and "推送企业（户）" in headers
    assert len(rows) == count > 0


def test_detail_lists_the_eligible_firms_and_records(staff, demo_county):
    policy = Policy.objects.filter(region=demo_county, eligibility={"above_scale": True}).first()
    response = staff.get(reverse("policies:detail", args=[policy.pk]), AUG)
    page = response.content.decode()
    expected = elig.eligible_enterprises(policy, 2023, Enterprise.objects.filter(region=demo_county))
    assert len(response.context["eligible"]) == expected.count() > 0
    for text in [policy.title, "适用条件：", "规上企业", "符合条件的企业", "推送记录", "申报兑现"]:
        assert text in page, text
    if policy.pushes.exists():
        assert policy.pushes.first().enterprise.name in page


def test_enterprise_page_lists_its_matched_policies(staff, demo_county):
    firm = Enterprise.objects.filter(region=demo_county, roster_entries__year=2023, park__isnull=False).first()
    matched = staff.get(reverse("enterprises:detail", args=[firm.pk]), AUG).context["policies"]
    titles = {m["policy"].title for m in matched}
    valid = Policy.objects.filter(region=demo_county, issued_date__lte="2023-08-31").valid_on(Period(2023, 8).end)
    assert titles == {p.title for p in valid if elig.matches(p.eligibility, firm, 2023)}


def test_anonymous_goes_to_login(client, demo_county):
    assert client.get(reverse("policies:detail", args=[Policy.objects.first().pk])).status_code == 302
