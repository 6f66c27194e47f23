"""factory_boy factories for projects, their stage history, annual plans and monthly progress."""
import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from yuanqu.org.factories import RegionFactory

from .models import AnnualPlan, Designation, Lead, Progress, Project, Stage, StageChange


def _region_of(obj):
    return obj.park.region if obj.park is not None else RegionFactory()


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"XM{n:05d}")
    name = factory.Sequence(lambda n: f"测试项目{n}")
    park = None
    region = factory.LazyAttribute(_region_of)
    total_investment = Decimal("10000")
    stage = Stage.LEAD


class StageChangeFactory(DjangoModelFactory):
    class Meta:
        model = StageChange

    project = factory.SubFactory(ProjectFactory)
    stage = Stage.SIGNED
    date = dt.date(2023, 3, 1)
    amount = None


class AnnualPlanFactory(DjangoModelFactory):
    class Meta:
        model = AnnualPlan

    project = factory.SubFactory(ProjectFactory)
    year = 2023
    planned_investment = Decimal("1000")


class ProgressFactory(DjangoModelFactory):
    class Meta:
        model = Progress

    project = factory.SubFactory(ProjectFactory)
    year = 2023
    month = 8
    completed_investment_cum = Decimal("0")


class LeadFactory(DjangoModelFactory):
    class Meta:
        model = Lead

    name = factory.Sequence(lambda n: f"招商线索{n}")
    region = factory.SubFactory(RegionFactory)


class DesignationFactory(DjangoModelFactory):
    class Meta:
        model = Designation

    kind = Designation.Kind.STEED
    level = Designation.Level.CITY
    project = factory.SubFactory(ProjectFactory)
    region = factory.LazyAttribute(lambda o: o.project.region if o.project is not None else RegionFactory())
    year = 2023
    quarter = 1
    issuer = "示例市“园区提质”“企业满园”行动领导小组办公室"
    document = "关于2023年一季度全市重点项目“骏马项目”评定情况的通报"
