"""factory_boy factories for the holiday table."""
import datetime as dt

import factory
from factory.django import DjangoModelFactory

from .models import HolidayArrangement, HolidayYear


class HolidayYearFactory(DjangoModelFactory):
    class Meta:
        model = HolidayYear
        django_get_or_create = ("year",)

    year = 2031
    notice = factory.LazyAttribute(lambda o: f"国务院办公厅关于{o.year}年部分节假日安排的通知")
    published_on = factory.LazyAttribute(lambda o: dt.date(o.year - 1, 11, 1))


class HolidayArrangementFactory(DjangoModelFactory):
    class Meta:
        model = HolidayArrangement

    year = factory.SubFactory(HolidayYearFactory, year=factory.SelfAttribute("..date.year"))
    date = dt.date(2031, 10, 1)
    kind = HolidayArrangement.Kind.REST
    name = "国庆节"
