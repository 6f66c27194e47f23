"""Several counties in one installation: the import is of one county (--region, or the page user's),
names are looked up in it, a firm of another county is refused, and batches are listed by county."""
import pytest

from yuanqu.core.models import DataBatch
from yuanqu.enterprises.models import Enterprise
from yuanqu.imports import service

from . import helpers as h
from .test_kinds import imp, ok, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(county):
    from yuanqu.org.factories import ParkFactory, RegionFactory
    other = RegionFactory(code="510001", name="另一县")
    ParkFactory(region=other, code="Q1", name="另一县园区", short_name="另园")
    return county[0], other


def test_the_command_needs_the_county_when_there_are_several(two, tmp_path):
    path = h.write_xlsx(tmp_path / "r.xlsx", [["统一社会信用代码", "企业名称", "规上年度"], [h.code(40), "新企业", 2023]])
    before = h.snapshot()
    rc, out, err = h.cli("import", str(path), "--kind", "roster")
    assert rc == 1 and "有2个县" in err and "--region" in err and "510001 另一县" in err
    rc, out, err = h.cli("import", str(path), "--kind", "roster", "--region", "519999")
    assert rc == 1 and "“519999”不存在" in err
    assert h.snapshot() == before
    rc, out, err = h.cli("import", str(path), "--kind", "roster", "--region", "510001")
    assert rc == 0, err
    firm = Enterprise.objects.get(credit_code=h.code(40))
    assert firm.region == two[1]
    assert DataBatch.objects.get(kind="roster").region == two[1]


def test_a_firm_of_another_county_is_refused_and_names_are_the_countys(two, tmp_path):
    home, other = two
    grid = [["统一社会信用代码", "企业名称", "规上年度"], [h.code(1), "示例企业1", 2023]]  # a firm of 示例县
    refused(tmp_path, "roster", grid, ["第2行", "统一社会信用代码", h.code(1), "不属于另一县"], region=other)
    stats = [["统一社会信用代码", "企业名称", "工业总产值（本年1-本月）"], ["", "示例企业1", 100]]
    refused(tmp_path, "stats", stats, ["第2行", "示例企业1", "找不到"], region=other, period="2023-08")
    park = [["统一社会信用代码", "企业名称", "所在园区", "规上年度"], [h.code(41), "新企业", "示例工业园区", 2023]]
    refused(tmp_path, "roster", park, ["第2行", "所在园区", "示例工业园区"], region=other)


def test_import_batches_are_listed_for_the_users_county(two, tmp_path, client):
    from yuanqu.accounts.factories import UserFactory
    home, other = two
    ok(imp(tmp_path, "roster", [["统一社会信用代码", "企业名称", "规上年度"], [h.code(42), "另一县企业", 2023]],
           region=other))
    theirs = DataBatch.objects.get(region=other)
    client.force_login(UserFactory(role="admin", region=home))
    assert client.get(f"/imports/batches/{theirs.pk}/").status_code == 404
    assert client.get("/imports/").context["batches"] == []
    client.force_login(UserFactory(role="admin", region=other))
    assert client.get(f"/imports/batches/{theirs.pk}/").status_code == 200
    assert client.get("/imports/").context["batches"] == [theirs]


def test_a_city_is_not_a_county_to_import_into(two, tmp_path):
    from yuanqu.org.factories import RegionFactory
    city = RegionFactory(code="510100", name="示例市", level="city")
    result = imp(tmp_path, "roster", [["统一社会信用代码", "企业名称", "规上年度"], [h.code(43), "企业", 2023]], region=city)
    assert result.status == service.REFUSED and "“示例市”不是县级行政区" in str(result.errors[0])
