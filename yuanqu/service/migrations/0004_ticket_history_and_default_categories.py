"""Existing tickets into the workflow model, and the default ticket categories.

Each event gets its step (from the status it recorded) and its local date; a ticket that was 交办 gets
its lead route (accepted once it was 办理) and its 交办日期; a 销号 event carries the ticket's rating.
The six default categories (用地, 用工, 融资, 审批, 基础设施, 政策兑现) are added where their code is free.
"""
from django.db import migrations
from django.utils import timezone

STEP = {"received": "raise", "assigned": "assign", "handling": "accept", "resolved": "resolve", "closed": "close"}
AFTER_ASSIGNED = ("assigned", "handling", "resolved", "closed")
CATEGORIES = (("land", "用地"), ("labour", "用工"), ("finance", "融资"), ("approval", "审批"),
              ("infrastructure", "基础设施"), ("policy", "政策兑现"))


def forward(apps, schema_editor):
    Ticket = apps.get_model("service", "Ticket")
    TicketEvent = apps.get_model("service", "TicketEvent")
    TicketRoute = apps.get_model("service", "TicketRoute")
    TicketCategory = apps.get_model("service", "TicketCategory")
    for event in TicketEvent.objects.all().iterator():
        event.action = STEP[event.status]
        event.date = timezone.localdate(event.at) if timezone.is_aware(event.at) else event.at.date()
        if event.status == "closed":
            event.satisfaction = Ticket.objects.filter(pk=event.ticket_id).values_list("satisfaction", flat=True)[0]
        event.save(update_fields=["action", "date", "satisfaction"])
    routes = []
    for ticket in Ticket.objects.filter(status__in=AFTER_ASSIGNED).iterator():
        events = {e.action: e for e in TicketEvent.objects.filter(ticket=ticket).order_by("at", "id")}
        assigned = events.get("assign")
        ticket.assigned_date = assigned.date if assigned else ticket.received_date
        ticket.save(update_fields=["assigned_date"])
        if ticket.department_id:
            accepted = events.get("accept")
            routes.append(TicketRoute(
                ticket=ticket, department_id=ticket.department_id, role="lead",
                position="accepted" if ticket.status != "assigned" else "pending",
                assigned_on=ticket.assigned_date, assigned_by_id=assigned.user_id if assigned else None,
                decided_on=(accepted.date if accepted else ticket.assigned_date) if ticket.status != "assigned"
                else None))
    TicketRoute.objects.bulk_create(routes, batch_size=1000)
    sort = TicketCategory.objects.order_by("-sort").values_list("sort", flat=True).first() or 0
    for i, (code, name) in enumerate(CATEGORIES, start=1):
        TicketCategory.objects.get_or_create(code=code, defaults={"name": name, "sort": sort + i})


class Migration(migrations.Migration):

    dependencies = [
        ("service", "0003_ticket_workflow"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
