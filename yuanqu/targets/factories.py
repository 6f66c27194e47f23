"""factory_boy factories for targets, published indicators, actions and tasks."""
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from yuanqu.org.factories import RegionFactory

from .models import Action, PublishedIndicator, Target, Task


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = Target

    code = factory.Sequence(lambda n: f"target{n}")
    name = factory.Sequence(lambda n: f"目标{n}")
    region = factory.SubFactory(RegionFactory)
    indicator = "industry.output_ytd"
    year = 2025
    value = Decimal("1000")
    unit = "万元"


class PublishedIndicatorFactory(DjangoModelFactory):
    class Meta:
        model = PublishedIndicator

    region = factory.SubFactory(RegionFactory)
    code = "gdp_growth"
    name = "地区生产总值增速"
    year = 2023
    month = 6
    value = Decimal("7.5")
    unit = "%"


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    code = factory.Sequence(lambda n: f"action{n}")
    name = factory.Sequence(lambda n: f"攻坚行动{n}")
    region = factory.SubFactory(RegionFactory)


class TaskFactory(DjangoModelFactory):
    class Meta:
        model = Task

    action = factory.SubFactory(ActionFactory)
    title = factory.Sequence(lambda n: f"任务{n}")
