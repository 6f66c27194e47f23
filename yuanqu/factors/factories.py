"""factory_boy factories for financial institutions, loans and labour."""
import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from yuanqu.enterprises.factories import EnterpriseFactory

from .models import Institution, LabourDemand, LabourSupply, Loan


class InstitutionFactory(DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试银行{n}")
    short_name = factory.Sequence(lambda n: f"测行{n}")


class LoanFactory(DjangoModelFactory):
    class Meta:
        model = Loan

    enterprise = factory.SubFactory(EnterpriseFactory)
    institution = factory.SubFactory(InstitutionFactory)
    amount = Decimal("1000")
    date = dt.date(2023, 3, 1)


class LabourDemandFactory(DjangoModelFactory):
    class Meta:
        model = LabourDemand

    enterprise = factory.SubFactory(EnterpriseFactory)
    date = dt.date(2023, 2, 1)
    positions = "普工"
    headcount = 10


class LabourSupplyFactory(DjangoModelFactory):
    class Meta:
        model = LabourSupply

    enterprise = factory.SubFactory(EnterpriseFactory)
    date = dt.date(2023, 3, 1)
    workers = 10
