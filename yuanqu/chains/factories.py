"""factory_boy factories for industry chains and their segments."""
import factory
from factory.django import DjangoModelFactory

from yuanqu.org.factories import RegionFactory

from .models import Chain, ChainSegment


class ChainFactory(DjangoModelFactory):
    class Meta:
        model = Chain

    code = factory.Sequence(lambda n: f"chain{n}")
    name = factory.Sequence(lambda n: f"测试产业链{n}")
    region = factory.SubFactory(RegionFactory)
    is_main = False
    sort = factory.Sequence(lambda n: n)


class ChainSegmentFactory(DjangoModelFactory):
    class Meta:
        model = ChainSegment

    chain = factory.SubFactory(ChainFactory)
    position = ChainSegment.Position.MIDSTREAM
    code = factory.Sequence(lambda n: f"seg{n}")
    name = factory.Sequence(lambda n: f"环节{n}")
    sort = factory.Sequence(lambda n: n)
