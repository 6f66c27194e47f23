"""Land and building pages on the demo county: idle and low-efficiency parcels from the engine,
buildings with vacancy, details and edits."""
from decimal import Decimal

import pytest
from django.urls import reverse

from yuanqu.core.periods import Period
from yuanqu.core.tests.pages import AUG, export, first_cells, login, staff  # noqa: F401 (fixture)
from yuanqu.figures.engine import compute
from yuanqu.figures.scope import Scope
from yuanqu.land.models import FactoryBuilding, LandParcel

pytestmark = pytest.mark.django_db

PARCELS, BUILDINGS = reverse("land:parcels"), reverse("land:buildings")



@pytest.fixture
def land(demo_county):
    return compute(Scope.county(demo_county), Period(2023, 8), keys=["land."])


def test_parcel_list(staff, demo_county):
    response = staff.get(PARCELS, AUG)
    page = response.content.decode()
    assert "地块编号" in page and "研判" in page and "闲置土地宗数" in page
    assert response.context["paginator"].count == LandParcel.objects.filter(park__region=demo_county).count()


def test_idle_and_low_efficiency_lists_are_the_engines(staff, land):
    for which, key in (("idle", "land.idle"), ("low", "land.low_efficiency")):
        response = staff.get(PARCELS, {**AUG, "judged": which})
        assert response.context["paginator"].count == land[key].value > 0
        assert set(first_cells(response)) == {d["parcel"] for d in land[key].detail}
    page = staff.get(PARCELS, {**AUG, "judged": "idle"}).content.decode()
    assert "闲置土地" in page and "未动工" in page


def test_parcel_filters_and_sort(staff, demo_county):
    qs = LandParcel.objects.filter(park__region=demo_county)
    assert staff.get(PARCELS, {"status": "stopped"}).context["paginator"].count == qs.filter(status="stopped").count()
    assert staff.get(PARCELS, {"park": "990999-food"}).context["paginator"].count == qs.filter(
        park__code="990999-food").count()
    codes = first_cells(staff.get(PARCELS, {"sort": "-area_mu"}))
    assert codes[0] == qs.order_by("-area_mu", "pk")[0].code


def test_parcel_export(staff, land):
    headers, rows, count = export(staff, PARCELS, {**AUG, "judged": "low"})
    assert headers[:2] == ["地块编号", "地块名称/坐落"] and "研判依据" in headers
    assert len(rows) == count == land["land.low_efficiency"].value
    assert all("低效用地" in r[headers.index("研判")] for r in rows)


def test_parcel_detail_shows_the_judgement(staff, land):
    item = land["land.idle"].detail[0]
    parcel = LandParcel.objects.get(code=item["parcel"])
    page = staff.get(reverse("land:parcel", args=[parcel.pk]), AUG).content.decode()
    assert parcel.code in page and "闲置土地" in page and item["reason"] in page and item["action"] in page


def test_building_list_vacancy(staff, demo_county):
    qs = FactoryBuilding.objects.filter(park__region=demo_county)
    response = staff.get(BUILDINGS, {"sort": "-vacancy"})
    page = response.content.decode()
    assert "空置率" in page and "标准厂房空置率" in page
    top = max(qs, key=lambda b: (b.floor_area_m2 - b.let_area_m2) / b.floor_area_m2)
    assert first_cells(response, 1)[0] == top.name
    vacant = [b for b in qs if b.let_area_m2 < b.floor_area_m2]
    assert staff.get(BUILDINGS, {"vacancy": "vacant"}).context["paginator"].count == len(vacant)
    assert staff.get(BUILDINGS, {"vacancy": "full"}).context["paginator"].count == qs.count() - len(vacant)


def test_building_export(staff, demo_county):
    headers, rows, count = export(staff, BUILDINGS, {"park": "990999-general"})
    assert "空置面积（平方米）" in headers and "空置率（%）" in headers
    assert len(rows) == count == FactoryBuilding.objects.filter(park__code="990999-general").count()
    row = rows[0]
    b = FactoryBuilding.objects.get(name=row[headers.index("厂房名称")])
    assert Decimal(str(row[headers.index("空置面积（平方米）")])) == b.floor_area_m2 - b.let_area_m2


def test_building_detail_and_edit(staff, demo_county):
    b = FactoryBuilding.objects.filter(park__region=demo_county, let_area_m2__gt=0).first()
    page = staff.get(reverse("land:building", args=[b.pk])).content.decode()
    assert b.name in page and "入驻企业" in page and "空置率" in page
    url = reverse("land:building_edit", args=[b.pk])
    form = staff.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}
    data["let_area_m2"] = str(b.floor_area_m2)
    assert staff.post(url, data).status_code == 302
    b.refresh_from_db()
    assert b.let_area_m2 == b.floor_area_m2
    data["let_area_m2"] = str(b.floor_area_m2 + 1)
    response = staff.post(url, data)
    assert response.status_code == 400 and "已出租面积不能大于建筑面积" in response.content.decode()


def test_parcel_edit(staff, demo_county):
    parcel = LandParcel.objects.filter(park__region=demo_county).first()
    url = reverse("land:parcel_edit", args=[parcel.pk])
    form = staff.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}
    data["developed_area_mu"] = "1.5"
    assert staff.post(url, data).status_code == 302
    parcel.refresh_from_db()
    assert parcel.developed_area_mu == Decimal("1.5")


def test_anonymous_goes_to_login(client, demo_county):
    parcel = LandParcel.objects.first()
    assert client.get(reverse("land:parcel", args=[parcel.pk])).status_code == 302
