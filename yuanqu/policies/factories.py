"""factory_boy factories for policies, pushes and claims."""
import datetime as dt

import factory
from factory.django import DjangoModelFactory

from yuanqu.enterprises.factories import EnterpriseFactory
from yuanqu.org.factories import RegionFactory

from .models import Claim, Policy, Push


class PolicyFactory(DjangoModelFactory):
    class Meta:
        model = Policy

    title = factory.Sequence(lambda n: f"惠企政策{n}")
    region = factory.SubFactory(RegionFactory)
    issuer = "县人民政府"
    level = Policy.Level.COUNTY
    issued_date = dt.date(2023, 1, 10)
    category = "财政奖补"
    eligibility = factory.LazyFunction(dict)


class PushFactory(DjangoModelFactory):
    class Meta:
        model = Push

    policy = factory.SubFactory(PolicyFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    date = dt.date(2023, 3, 1)


class ClaimFactory(DjangoModelFactory):
    class Meta:
        model = Claim

    policy = factory.SubFactory(PolicyFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    applied_date = dt.date(2023, 3, 1)
