"""chains.services.chain_save: a county's chain with its segments, all or nothing."""
import pytest
from django.core.exceptions import ValidationError

from yuanqu.chains.models import Chain, ChainSegment
from yuanqu.chains.services import SegmentChange, chain_save, position_of
from yuanqu.enterprises.factories import EnterpriseFactory
from yuanqu.org.factories import DepartmentFactory, RegionFactory
from yuanqu.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    return RegionFactory(code="510104", name="锦江区")


def segments_of(chain):
    return list(chain.segments.order_by("sort").values_list("position", "name", "code"))


def test_a_chain_with_its_segments(county):
    chain = chain_save(county=county, name="电子信息", is_main=True, leader_name="李四", leader_title="区长",
                       segments=[SegmentChange(position="上游", name="芯片设计"), SegmentChange(position="mid", name="封装测试"),
                                 SegmentChange(position="下", name="终端制造")])
    assert chain.code == "510104-C01" and chain.is_main and chain.leader_title == "区长" and chain.sort == 1
    assert segments_of(chain) == [("up", "芯片设计", "S01"), ("mid", "封装测试", "S02"), ("down", "终端制造", "S03")]


def test_segments_are_renamed_added_and_deleted(county):
    chain = chain_save(county=county, name="电子信息", segments=[SegmentChange(position="up", name="芯片设计"),
                                                            SegmentChange(position="mid", name="封装")])
    up, mid = chain.segments.order_by("sort")
    chain_save(county=county, chain=chain, name="电子信息产业", segments=[
        SegmentChange(segment=up, position="up", name="集成电路设计"), SegmentChange(segment=mid, delete=True),
        SegmentChange(position="down", name="整机制造")])
    chain.refresh_from_db()
    assert chain.name == "电子信息产业"
    assert segments_of(chain) == [("up", "集成电路设计", "S01"), ("down", "整机制造", "S02")]


def test_refusals_write_nothing(county):
    chain = chain_save(county=county, name="电子信息", segments=[SegmentChange(position="up", name="芯片设计")])
    segment = chain.segments.get()
    before = (Chain.objects.count(), segments_of(chain), chain.name)

    def refused(text, **kwargs):
        with pytest.raises(ValidationError) as info:
            chain_save(county=county, **kwargs)
        assert any(text in m for m in info.value.messages), info.value.messages
        chain.refresh_from_db()
        assert (Chain.objects.count(), segments_of(chain), chain.name) == before

    refused("锦江区已有名为“电子信息”的产业链", name="电子信息")
    refused("上游已有环节“芯片设计”", chain=chain, name="改名", segments=[SegmentChange(position="up", name="芯片设计")])
    refused("上游已有环节“晶圆”", chain=chain, name="改名", segments=[SegmentChange(position="up", name="晶圆"),
                                                             SegmentChange(position="上游", name="晶圆")])
    refused("环节位置应为上游、中游或下游", chain=chain, name="改名", segments=[SegmentChange(position="旁路", name="x")])
    refused("牵头部门“", chain=chain, name="改名", lead_department=DepartmentFactory(region=RegionFactory()))
    EnterpriseFactory(region=county).segments.add(segment)
    ProjectFactory(region=county, segment=segment)
    refused("挂接了1户企业、1个项目，不能删除", chain=chain, name="改名", segments=[SegmentChange(segment=segment, delete=True)])
    assert ChainSegment.objects.filter(pk=segment.pk).exists()


def test_positions_in_words():
    assert [position_of(t) for t in ("上游", "中", "down", " 下游 ")] == ["up", "mid", "down", "down"]
