"""org.services: regions (validated 行政区划代码, parent, duplicates, idempotence), parks and departments
(names unique in the county, codes unique in the installation and derived from the county's code)."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from yuanqu.org.factories import DepartmentFactory, ParkFactory, RegionFactory
from yuanqu.org.models import Department, Park, Region
from yuanqu.org.services import department_save, next_code, park_save, region_create

pytestmark = pytest.mark.django_db


def refused(field, text, call, **kwargs):
    """The service refuses with `text` on `field` and writes nothing."""
    counts = (Region.objects.count(), Park.objects.count(), Department.objects.count())
    with pytest.raises(ValidationError) as info:
        call(**kwargs)
    messages = info.value.message_dict.get(field, []) if hasattr(info.value, "error_dict") else info.value.messages
    assert any(text in m for m in messages), info.value
    assert (Region.objects.count(), Park.objects.count(), Department.objects.count()) == counts


def test_a_province_city_and_county_are_created_once():
    province, created = region_create(code="510000", name="四川省", level="province")
    assert created and province.level == Region.Level.PROVINCE and province.parent is None
    city, _ = region_create(code="510100", name="成都市", level="市", parent_code="510000")
    county, created = region_create(code=" 510104 ", name="锦江区", parent_code="510100")
    assert created and county.parent == city and city.parent == province and county.level == "county"
    again, created = region_create(code="510104", name="锦江区", parent_code="510100")
    assert again == county and not created
    assert Region.objects.count() == 3


def test_a_county_directly_under_a_province():
    region_create(code="420000", name="湖北省", level="province")
    county, _ = region_create(code="429004", name="仙桃市", parent_code="420000")
    assert county.parent.code == "420000"


@pytest.mark.parametrize("code, level, text", [
    ("51010", "county", "行政区划代码应为6位数字"),
    ("51010A", "county", "行政区划代码应为6位数字"),
    ("510100", "county", "县级行政区划代码应末两位不为00"),
    ("510104", "city", "市级行政区划代码应以00结尾"),
    ("510000", "city", "市级行政区划代码应以00结尾"),
    ("510100", "province", "省级行政区划代码应以0000结尾"),
])
def test_bad_codes_are_refused(code, level, text):
    refused("code", text, region_create, code=code, name="某地", level=level)


def test_bad_levels_and_names_are_refused():
    refused("level", "层级应为 county（县级）", region_create, code="510104", name="锦江区", level="town")
    refused("name", "名称不能为空", region_create, code="510104", name="  ")


def test_the_parent_must_exist_and_fit():
    refused("parent", "上级行政区“510100”不存在", region_create, code="510104", name="锦江区", parent_code="510100")
    region_create(code="510000", name="四川省", level="province")
    region_create(code="510100", name="成都市", level="city", parent_code="510000")
    region_create(code="510104", name="锦江区", parent_code="510100")
    refused("parent", "县级行政区的上级应为市级、省级行政区", region_create, code="510105", name="青羊区",
            parent_code="510104")
    refused("parent", "省级行政区的上级应为无行政区", region_create, code="520000", name="贵州省", level="province",
            parent_code="510000")
    refused("code", "不在上级“成都市”（510100）之下：前4位应为5101", region_create, code="510204", name="某区",
            parent_code="510100")


def test_duplicates_are_refused_with_the_holder_named():
    region_create(code="510000", name="四川省", level="province")
    region_create(code="510100", name="成都市", level="city", parent_code="510000")
    region_create(code="510104", name="锦江区", parent_code="510100")
    refused("code", "行政区划代码“510104”已被“锦江区”（县级，上级：成都市）使用", region_create, code="510104",
            name="青羊区", parent_code="510100")
    refused("name", "上级“成都市”下已有名为“锦江区”的行政区（510104）", region_create, code="510105", name="锦江区",
            parent_code="510100")


def test_park_codes_are_derived_from_the_county_code():
    county = RegionFactory(code="510104", name="锦江区")
    first = park_save(county=county, name="锦江工业园", short_name="锦江园", level="province",
                      planned_area_mu=Decimal("1200"), leading_industry="电子信息")
    second = park_save(county=county, name="锦江物流园")
    assert (first.code, second.code) == ("510104-P01", "510104-P02")
    assert (first.sort, second.sort) == (1, 2) and first.region == county
    assert Park.objects.get(code="510104-P01").planned_area_mu == Decimal("1200")
    ParkFactory(region=county, code="510104-P03")
    assert next_code(Park, county, "P") == "510104-P04"


def test_park_names_are_unique_in_the_county_and_codes_everywhere():
    county, other = RegionFactory(code="510104", name="锦江区"), RegionFactory(code="510105", name="青羊区")
    park = park_save(county=county, name="锦江工业园")
    park_save(county=other, name="锦江工业园")  # another county may have a park of the same name
    refused("name", "锦江区已有名为“锦江工业园”的园区", park_save, county=county, name=" 锦江工业园 ")
    refused("code", "园区代码“510104-P01”已被“锦江工业园”使用", park_save, county=other, name="新园",
            code="510104-P01")
    refused("code", "只能包含字母、数字", park_save, county=other, name="新园", code="园区1")
    refused("name", "园区名称不能为空", park_save, county=county, park=park, name="")
    changed = park_save(county=county, park=park, name="锦江高新园", short_name="高新园")
    assert Park.objects.get(pk=park.pk).name == "锦江高新园" and changed.code == "510104-P01"


def test_a_park_of_another_county_or_a_city_is_refused():
    county, other = RegionFactory(code="510104"), RegionFactory(code="510105")
    theirs = ParkFactory(region=other)
    with pytest.raises(ValidationError, match="不属于"):
        park_save(county=county, park=theirs, name="改名")
    city = RegionFactory(code="510100", level="city")
    with pytest.raises(ValidationError, match="不是县级行政区"):
        park_save(county=city, name="市级园区")


def test_departments_keep_to_the_county():
    county, other = RegionFactory(code="510104", name="锦江区"), RegionFactory(code="510105", name="青羊区")
    park = ParkFactory(region=county)
    dept = department_save(county=county, name="锦江区经济和信息化局", short_name="区经信局", kind="government",
                           contact="王科长", phone="028-12345678", park=park)
    assert dept.code == "510104-D01" and dept.park == park and dept.contact == "王科长"
    refused("name", "锦江区已有名为“锦江区经济和信息化局”的单位", department_save, county=county,
            name="锦江区经济和信息化局")
    refused("park", "所属园区“", department_save, county=county, name="园区服务中心", park=ParkFactory(region=other))
    DepartmentFactory(region=county, code="510104-D02")
    assert department_save(county=county, name="锦江区财政局").code == "510104-D03"
