"""示例县 service, policies and factors for 2023-08 (docs/figures.md “Service, policies, factors”)."""
from decimal import Decimal

import pytest
from django.db.models import Q, Sum

from yuanqu.factors.models import Institution, LabourDemand, LabourSupply, Loan
from yuanqu.policies.models import Claim, Policy, Push
from yuanqu.service.models import Assignment, Ticket, TicketCategory, TicketEvent, TicketRoute, TicketStatus, Visit

from .helpers import E, W, total, yi

pytestmark = [pytest.mark.django_db, pytest.mark.demo]
STATUS_ORDER = [s.value for s in TicketStatus]


def test_thirty_enterprises_connected(demo_county):
    overlapping = Assignment.objects.filter(enterprise__region=demo_county, start_date__lte=E).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=W[0]))
    assert overlapping.values("enterprise").distinct().count() == 30
    assert overlapping.count() > 30  # some firms changed commissioner
    everyone = Assignment.objects.filter(enterprise__region=demo_county).values("enterprise").distinct().count()
    assert everyone > 30


def test_tickets_closed_in_the_window(demo_county):
    closed = Ticket.objects.filter(region=demo_county, resolved_date__range=W)
    assert closed.count() == 81
    assert set(closed.values_list("status", flat=True)) == {TicketStatus.RESOLVED, TicketStatus.CLOSED}
    assert closed.values("category").distinct().count() == 6
    assert set(closed.values_list("category__name", flat=True)) == {"用地", "用工", "融资", "审批", "基础设施", "政策兑现"}
    assert TicketCategory.objects.count() >= 8
    # rated when the firm confirmed (销号), not before
    assert not closed.filter(status=TicketStatus.CLOSED, satisfaction__isnull=True).exists()
    assert not closed.filter(status=TicketStatus.RESOLVED, satisfaction__isnull=False).exists()


def test_open_overdue_and_older_tickets(demo_county):
    tickets = Ticket.objects.filter(region=demo_county)
    open_ = tickets.filter(status__in=[TicketStatus.RECEIVED, TicketStatus.ASSIGNED, TicketStatus.HANDLING])
    assert open_.filter(resolved_date__isnull=True).count() == open_.count() > 0
    assert open_.filter(deadline__lt=E).exists()
    assert tickets.filter(resolved_date__year=2022).count() >= 20
    assert tickets.filter(resolved_date__gt=E).exists()


def test_ticket_histories_follow_the_status(demo_county):
    """Recorded through the ticket services: each history starts with 受理, never goes back in time, ends in
    the ticket's status; a routed ticket has its lead; a closed one its confirmation and rating."""
    A = TicketEvent.Action
    tickets = Ticket.objects.filter(region=demo_county).prefetch_related("events", "routes")
    for ticket in tickets:
        events = sorted(ticket.events.all(), key=lambda e: (e.at, e.id))
        assert (events[0].action, events[0].date) == (A.RAISE, ticket.received_date), ticket.code
        assert [e.date for e in events] == sorted(e.date for e in events), ticket.code
        assert events[-1].status == ticket.status, ticket.code
        resolves = [e.date for e in events if e.action == A.RESOLVE]
        assert (resolves[-1] if resolves else None) == ticket.resolved_date or ticket.status == "handling"
        live = [r for r in ticket.routes.all() if r.current and r.position in ("pending", "accepted")]
        leads = [r.department for r in live if r.role == "lead"]
        assert leads == ([] if ticket.status == TicketStatus.RECEIVED else [ticket.department]), ticket.code
        if ticket.status == TicketStatus.CLOSED:
            close = events[-1]
            assert (close.action, close.satisfaction) == (A.CLOSE, ticket.satisfaction) and ticket.confirmation
    actions = set(TicketEvent.objects.filter(ticket__region=demo_county).values_list("action", flat=True))
    assert actions == set(A.values)  # refusals, transfers, 退回 and 不满意 reopenings among them
    assert TicketRoute.objects.filter(ticket__region=demo_county, role="assist").exists()


def test_visits_of_the_three_kinds(demo_county):
    kinds = set(Visit.objects.filter(enterprise__region=demo_county).values_list("kind", flat=True))
    assert kinds == set(Visit.Kind.values)


def test_policies_valid_at_the_end_of_august(demo_county):
    policies = Policy.objects.filter(region=demo_county)
    valid = policies.valid_on(E).filter(issued_date__lte=E)
    assert valid.count() == 82
    assert policies.filter(valid_to__lt=E).count() >= 2
    assert policies.filter(issued_date__gt=E).exists()
    assert valid.exclude(eligibility={}).count() >= 60
    assert Push.objects.filter(policy__in=valid).exists() and Claim.objects.filter(policy__in=valid).exists()
    assert set(valid.values_list("level", flat=True)) == set(Policy.Level.values)


def test_loans_in_the_window(demo_county):
    loans = Loan.objects.filter(enterprise__region=demo_county, date__range=W)
    amount = total(loans, "amount")
    assert amount == Decimal("878800.00") and yi(amount) == Decimal("87.88")
    banks = Institution.objects.filter(pk__in=loans.values("institution"))
    assert banks.count() == 8
    assert {"农发行", "农行"} <= set(banks.values_list("short_name", flat=True))
    older = Loan.objects.filter(enterprise__region=demo_county, date__year=2022)
    assert older.exists() and older.values("institution").distinct().count() == 9


def test_labour_supplied_in_the_window(demo_county):
    supplied = LabourSupply.objects.filter(enterprise__region=demo_county, date__range=W)
    workers = supplied.aggregate(n=Sum("workers"))["n"]
    assert workers == 8236 and workers >= 8000
    assert supplied.filter(demand__isnull=False).exists()
    assert LabourDemand.objects.filter(enterprise__region=demo_county).exists()
    for s in supplied.filter(demand__isnull=False).select_related("demand"):
        assert s.demand.date <= s.date and s.demand.enterprise_id == s.enterprise_id
