"""The statistics bureau's own roster: its headers, 行业代码 as it writes them, firms outside every park,
是否规上 deciding the year's roster, 所属产业链 naming the county's chains."""
from decimal import Decimal

import pytest

from yuanqu.enterprises.models import Enterprise, RosterEntry
from yuanqu.imports.models import Revision

from . import helpers as h
from .test_kinds import imp, ok, refused

pytestmark = pytest.mark.django_db

HEAD = ["序号", "单位详细名称", "统一社会信用代码", "行业代码", "所属园区", "是否规上", "所属产业链", "用地面积(亩)"]


@pytest.fixture
def chains(county):
    from yuanqu.chains.factories import ChainFactory
    from yuanqu.org.factories import RegionFactory
    region = county[0]
    ChainFactory(region=RegionFactory(code="510002", name="别县"), name="别县产业链", short_name="纺织")
    return (ChainFactory(region=region, name="纺织服装产业链", short_name="纺织"),
            ChainFactory(region=region, name="锂电新能源产业链", short_name="锂电"))


def roster(*rows):
    return [["示例县2023年工业企业名录"], HEAD, *rows]


def test_the_bureaus_roster(county, chains, tmp_path):
    textile, lithium = chains
    result = ok(imp(tmp_path, "roster", roster(
        [1, "示例企业1", h.code(1), "1811", "园区外", "是", "纺织、锂电", "56.5"],
        [2, "示例企业2", h.code(2), 3841, "工业园", "否", "无", ""],
        [3, "新企业甲", h.code(50), "C3841", "", "√", "锂电新能源产业链", 12],
        [4, "新企业乙", h.code(51), "13", "不在园区", "×", "其他", ""],
    ), region=county[0]))
    firms = {e.credit_code: e for e in Enterprise.objects.all()}
    one, two, new, small = firms[h.code(1)], firms[h.code(2)], firms[h.code(50)], firms[h.code(51)]
    assert (one.industry_code, one.industry_name, one.park, one.land_area_mu) == ("C1811", "运动机织服装制造",
                                                                                  None, Decimal("56.5"))
    assert (two.industry_code, two.industry_name, two.park) == ("C3841", "锂离子电池制造", county[1])
    assert small.park is None and small.industry_code == "C13" and small.region == county[0]
    assert set(one.chains.all()) == {textile, lithium} and set(new.chains.all()) == {lithium}
    assert not two.chains.exists() and not small.chains.exists()
    on_roster = set(RosterEntry.objects.filter(year=2023).values_list("enterprise__credit_code", flat=True))
    assert on_roster == {h.code(1), h.code(3), h.code(50)}  # 企业2 said 否: removed; 企业3 not in the file: kept
    gone = Revision.objects.get(action=Revision.Action.DELETE)
    assert gone.model == "enterprises.RosterEntry" and gone.batch == result.batch
    notices = " ".join(str(i) for i in result.infos)
    assert "2户企业“是否规上”为“否”" in notices and "1户原在名录中，导入后从名录移出" in notices
    # the file's chains replace the firm's: 企业1 now only 纺织
    ok(imp(tmp_path, "roster", roster([1, "示例企业1", h.code(1), "1811", "园区外", "是", "纺织", "56.5"]),
           region=county[0]))
    assert set(one.chains.all()) == {textile}
    assert Revision.objects.filter(changes__has_key="chains").count() >= 2


def test_an_unknown_chain_names_the_countys_chains(county, chains, tmp_path):
    refused(tmp_path, "roster", roster([1, "示例企业1", h.code(1), "1811", "", "是", "别县产业链", ""]),
            ["第3行", "G列", "所属产业链", "别县产业链", "纺织服装产业链", "锂电新能源产业链"], region=county[0])


def test_a_number_cell_that_lost_its_zero_is_read_or_refused(county, tmp_path):
    # 141 may be C141 焙烤食品制造 or A0141 (the zero lost): refused, asking for text
    refused(tmp_path, "roster", roster([1, "示例企业1", h.code(1), 141, "", "是", "", ""]),
            ["第3行", "D列", "141", "C141", "0141", "文本"])
    # as text, it is what it says
    ok(imp(tmp_path, "roster", roster([1, "示例企业1", h.code(1), "0141", "", "是", "", ""])))
    assert Enterprise.objects.get(credit_code=h.code(1)).industry_code == "A0141"
    refused(tmp_path, "roster", roster([1, "示例企业1", h.code(1), "1810", "", "是", "", ""]),
            ["第3行", "1810", "C1811", "C1819"])  # a 2011 code: the 2017 candidates named
