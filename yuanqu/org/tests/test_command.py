"""`yuanqu county create CODE NAME [--parent CODE] [--level …]` and `yuanqu county list`."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from yuanqu.org.models import Region

pytestmark = pytest.mark.django_db


def county(*args) -> str:
    out = StringIO()
    call_command("county", *args, stdout=out)
    return out.getvalue()


def test_create_a_province_city_and_county_then_list_them():
    assert "已建立省级行政区 四川省（510000）" in county("create", "510000", "四川省", "--level", "province")
    assert "上级：四川省（510000）" in county("create", "510100", "成都市", "--level", "city", "--parent", "510000")
    assert "已建立县级行政区 锦江区（510104），上级：成都市（510100）" in county("create", "510104", "锦江区",
                                                                             "--parent", "510100")
    listing = county("list")
    assert "510104  县级  锦江区  上级：成都市（510100）" in listing and "510000  省级  四川省" in listing
    assert Region.objects.get(code="510104").parent.code == "510100"


def test_asking_again_changes_nothing():
    county("create", "510104", "锦江区")
    assert "县级行政区 锦江区（510104）已存在，未作改动" in county("create", "510104", "锦江区")
    assert Region.objects.count() == 1


def test_refusals_are_chinese_and_write_nothing():
    with pytest.raises(CommandError, match="行政区划代码应为6位数字"):
        county("create", "5101", "锦江区")
    with pytest.raises(CommandError, match=r"上级行政区“510100”不存在.*yuanqu county create 510100 名称 --level city"):
        county("create", "510104", "锦江区", "--parent", "510100")
    county("create", "510104", "锦江区")
    with pytest.raises(CommandError, match="已被“锦江区”（县级）使用"):
        county("create", "510104", "青羊区")
    assert list(Region.objects.values_list("code", flat=True)) == ["510104"]


def test_an_empty_list_says_how_to_begin():
    assert "yuanqu county create" in county("list")
