"""factory_boy factories for commissioner assignments, visits and tickets."""
import datetime as dt

import factory
from factory.django import DjangoModelFactory

from yuanqu.accounts.factories import UserFactory
from yuanqu.enterprises.factories import EnterpriseFactory
from yuanqu.org.factories import RegionFactory

from .models import Assignment, Ticket, TicketCategory, TicketEvent, TicketStatus, Visit


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    commissioner = factory.SubFactory(UserFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    start_date = dt.date(2023, 1, 1)


class VisitFactory(DjangoModelFactory):
    class Meta:
        model = Visit

    commissioner = factory.SubFactory(UserFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    date = dt.date(2023, 3, 1)
    kind = Visit.Kind.NEEDS


class TicketCategoryFactory(DjangoModelFactory):
    class Meta:
        model = TicketCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"cat{n}")
    name = factory.Sequence(lambda n: f"类别{n}")


class TicketFactory(DjangoModelFactory):
    class Meta:
        model = Ticket

    code = factory.Sequence(lambda n: f"SQ{n:05d}")
    title = factory.Sequence(lambda n: f"诉求{n}")
    region = factory.SubFactory(RegionFactory)
    category = factory.SubFactory(TicketCategoryFactory)
    received_date = dt.date(2023, 3, 1)
    status = TicketStatus.RECEIVED


class TicketEventFactory(DjangoModelFactory):
    class Meta:
        model = TicketEvent

    ticket = factory.SubFactory(TicketFactory)
    status = TicketStatus.RECEIVED
    at = factory.LazyFunction(lambda: dt.datetime(2023, 3, 1, 9, tzinfo=dt.timezone.utc))
