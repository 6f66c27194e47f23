"""factory_boy factories for commissioner assignments, visits and tickets."""
import datetime as dt

import factory
from factory.django import DjangoModelFactory

from yuanqu.accounts.factories import UserFactory
from yuanqu.enterprises.factories import EnterpriseFactory
from yuanqu.org.factories import DepartmentFactory, RegionFactory

from .models import Assignment, Ticket, TicketCategory, TicketEvent, TicketRoute, TicketStatus, UnitHead, Visit


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
    action = TicketEvent.Action.RAISE
    status = TicketStatus.RECEIVED
    at = factory.LazyFunction(lambda: dt.datetime(2023, 3, 1, 9, tzinfo=dt.timezone.utc))
    date = factory.LazyAttribute(lambda e: e.at.date())


class RatingFactory(TicketEventFactory):
    """The enterprise's evaluation of a ticket: 销号 with a rating (or, with 不满意, a reopening)."""

    action = factory.LazyAttribute(lambda e: TicketEvent.Action.REOPEN if e.satisfaction == 1 else TicketEvent.Action.CLOSE)
    status = factory.LazyAttribute(lambda e: TicketStatus.HANDLING if e.satisfaction == 1 else TicketStatus.CLOSED)
    satisfaction = Ticket.Satisfaction.SATISFIED


class TicketRouteFactory(DjangoModelFactory):
    class Meta:
        model = TicketRoute

    ticket = factory.SubFactory(TicketFactory)
    department = factory.SubFactory(DepartmentFactory, region=factory.SelfAttribute("..ticket.region"))
    role = TicketRoute.Role.LEAD
    assigned_on = dt.date(2023, 3, 2)


class UnitHeadFactory(DjangoModelFactory):
    class Meta:
        model = UnitHead

    department = factory.SubFactory(DepartmentFactory)
    head = factory.SubFactory(UserFactory, role="department")
