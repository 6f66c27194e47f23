"""The world of the permission tests: the demo county with one login user per role (and a county
administrator who is staff but no superuser, a city and a province reader), rows each role may and may
not reach, and the second county 乙县 beside it.

What each role may read and change is written here from the roles table of the README, with plain
ORM reads over the relations (never through yuanqu.core.access): the test compares the site with it.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.apps import apps
from django.db import models
from django.db.models import Max, Q

from yuanqu.accounts.factories import UserFactory
from yuanqu.accounts.models import User
from yuanqu.core.models import DataBatch
from yuanqu.enterprises.models import Enterprise, MonthlyStat
from yuanqu.imports.models import Revision
from yuanqu.land.models import FactoryBuilding, LandParcel
from yuanqu.notifications.factories import NotificationFactory
from yuanqu.org.models import Department, Park
from yuanqu.policies.models import Claim, Policy, Push
from yuanqu.projects.models import Project
from yuanqu.service.models import Ticket, TicketCategory, TicketRoute
from yuanqu.targets.models import Action, Target, Task

DEMO_ROLES = ("leader", "park", "dept", "commissioner", "enterprise", "admin")
ROLES = DEMO_ROLES + ("county_admin", "city", "province")
# who reads every row of the demo county (and nothing of 乙县)
COUNTY_WIDE = {"leader", "park", "admin", "county_admin", "city", "province"}
ADMINS = {"admin", "county_admin"}  # admin is the demo's superuser; county_admin a staff 系统管理员
FIGURES = COUNTY_WIDE | {"dept", "commissioner"}  # read the county's aggregate figures
BRIEFINGS = COUNTY_WIDE  # download the briefings (their appendix ranks every firm)
IMPORTERS = ADMINS
SETTINGS = ADMINS  # 系统设置
ADMIN_SITE = ADMINS

ROUTE_ROWS = ("dept_route", "other_route", "b_route")  # a department's routes: its own, another's, 乙县's
KINDS = ("firm", "project", "parcel", "building", "ticket", "chain", "policy", "target", "action", "task",
         "batch", "system_park", "system_chain", "system_department", "system_user")


def _today():
    from django.utils import timezone

    return timezone.localdate()


def _current(path: str, user) -> Q:
    today = _today()
    return Q(**{f"{path}__commissioner": user}) & (Q(**{f"{path}__end_date__isnull": True})
                                                   | Q(**{f"{path}__end_date__gte": today}))


def build(demo_county) -> SimpleNamespace:
    from yuanqu.org.tests.helpers import second_county
    from yuanqu.service.factories import TicketFactory

    w = SimpleNamespace(region=demo_county)
    u = {name: User.objects.get(username=name) for name in DEMO_ROLES}
    u["county_admin"] = UserFactory(username="county-admin", role=User.Role.ADMIN, region=demo_county,
                                    is_staff=True, display_name="县管理员")
    u["city"] = UserFactory(username="city-reader", role=User.Role.CITY, region=demo_county.parent,
                            display_name="市级用户")
    u["province"] = UserFactory(username="province-reader", role=User.Role.PROVINCE,
                                region=demo_county.parent.parent, display_name="省级用户")
    w.users = u
    w.park, w.dept = u["park"].park, u["dept"].department
    w.own = u["enterprise"].enterprise
    firms = Enterprise.objects.filter(region=demo_county)

    # the department reads what its tickets and tasks concern: give one of its tasks a project
    w.dept_task = Task.objects.filter(owner_unit=w.dept).first()
    w.dept_project = Project.objects.filter(region=demo_county, enterprise__isnull=False).exclude(
        park=w.park).exclude(Q(commissioner=u["commissioner"]) | _current("assignments", u["commissioner"])).last()
    w.dept_task.projects.add(w.dept_project)
    w.own_ticket = TicketFactory(region=demo_county, enterprise=w.own, title="鑫润服饰用工需求对接",
                                 category=TicketCategory.objects.first(), code="SQ-OWN-0001")
    battery = Park.objects.get(region=demo_county, code__endswith="-battery")
    w.not_own_policy = Policy.objects.create(region=demo_county, title="电池园专项奖补（仅限电池园企业）",
                                             issuer="示例县人民政府", level="county", category="财政奖补",
                                             issued_date=dt.date(2023, 1, 1), eligibility={"parks": [battery.code]})
    w.own_policy = Policy.objects.filter(pushes__enterprise=w.own).first()
    w.demo_batch = DataBatch.objects.create(source=DataBatch.Source.IMPORT, kind="stats", file_name="示例县统计.xlsx",
                                            user=u["county_admin"], region=w.region, period_year=2023,
                                            period_month=8)
    Revision.objects.create(batch=w.demo_batch, model="enterprises.MonthlyStat", object_id=1, changes={})

    _workflow_rows(w)
    _sets(w, firms)
    w.rows = _rows(w, firms, battery)
    w.notifications = {role: NotificationFactory(recipient=user, title=f"{user.display_name or role}的通知")
                       for role, user in u.items()}
    w.demo_task = _installation_rows("示例县")
    # every row written so far is the demo county's (or, for the installation's tables, the first row);
    # what follows is 乙县's (or the second)
    # models with integer keys (PostgreSQL has no max(uuid): the task queue's results are picked explicitly)
    w.before = {m: (m._default_manager.aggregate(n=Max("pk"))["n"] or 0) for m in apps.get_models()
                if isinstance(m._meta.pk, (models.AutoField, models.BigAutoField, models.IntegerField))}
    w.b = second_county()
    _second_county_rows(w)
    w.b_task_result = _installation_rows("乙县")
    w.rows.update(b_firm=w.b.firms[0], b_project=w.b.project, b_parcel=w.b.parcel, b_building=w.b.building,
                  b_ticket=w.b.ticket, b_chain=w.b.chain, b_policy=w.b.policy, b_target=w.b.target,
                  b_action=w.b.action, b_task=w.b.task, b_batch=w.b_batch, b_route=w.b_route, b_system_park=w.b.parks["hi"],
                  b_system_chain=w.b.chain, b_system_department=w.b.department, b_system_user=w.b.leader)
    _witnesses(w)
    return w


def _sets(w, firms) -> None:
    """What the department, the commissioner and the enterprise user may read, from the relations."""
    c = w.users["commissioner"]
    tasks = Task.objects.filter(owner_unit=w.dept)
    # its tickets; the projects it is responsible for or that its tickets and tasks concern; the firms
    # of its tickets and the owners of the projects it is responsible for or has a task on
    # its tickets: those it leads and those routed to it (牵头 or 协办, whatever its position)
    w.dept_tickets = set(Ticket.objects.filter(Q(department=w.dept) | Q(routes__department=w.dept))
                         .values_list("pk", flat=True))
    w.dept_led = set(Ticket.objects.filter(department=w.dept).values_list("pk", flat=True))
    w.dept_projects = set(Project.objects.filter(Q(responsible_unit=w.dept) | Q(tasks__in=tasks)
                                                 | Q(tickets__department=w.dept)).values_list("pk", flat=True))
    w.dept_firms = set(firms.filter(Q(tickets__department=w.dept) | Q(projects__responsible_unit=w.dept)
                                    | Q(projects__tasks__in=tasks)).values_list("pk", flat=True))
    w.comm_firms = set(firms.filter(Q(commissioner=c) | _current("assignments", c)).values_list("pk", flat=True))
    w.comm_projects = set(Project.objects.filter(Q(commissioner=c) | _current("assignments", c))
                          .values_list("pk", flat=True))
    w.comm_tickets = set(Ticket.objects.filter(commissioner=c).values_list("pk", flat=True))
    w.own_tickets = set(Ticket.objects.filter(enterprise=w.own).values_list("pk", flat=True))


def _workflow_rows(w) -> None:
    """The workflow's rows of the demo county the admin keeps: a reminder and a unit head (the demo's
    routes are there already)."""
    from yuanqu.service.factories import UnitHeadFactory
    from yuanqu.service.models import Reminder, UnitHead

    ticket = Ticket.objects.filter(region=w.region, routes__isnull=False).order_by("pk").first()
    if not Reminder.objects.filter(ticket__region=w.region).exists():
        Reminder.objects.create(ticket=ticket, rung="handler", due_date=dt.date(2023, 3, 9), workdays=5,
                                fired_at=dt.datetime(2023, 3, 9, 9, tzinfo=dt.timezone.utc))
    if not UnitHead.objects.filter(department__region=w.region).exists():
        UnitHeadFactory(department=w.dept, head=w.users["dept"])


def _installation_rows(tag: str) -> None:
    """Rows of the installation's own tables (no county): the holiday table, the login records of
    django-axes and the notification deliveries; `tag` tells the two rows apart."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_tasks_db.models import DBTaskResult

    from yuanqu.notifications.models import Delivery
    from yuanqu.workdays.factories import HolidayArrangementFactory, HolidayYearFactory

    year = 2031 if tag == "示例县" else 2032
    HolidayArrangementFactory(year=HolidayYearFactory(year=year), date=dt.date(year, 10, 1))
    login = {"username": f"{tag}-guess", "ip_address": "10.0.0.1", "user_agent": "test", "path_info": "/accounts/login/",
             "http_accept": "text/html"}
    AccessAttempt.objects.create(**login, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**login)
    AccessFailureLog.objects.create(**login, locked_out=False)
    Delivery.objects.create(channel="email", title=f"{tag}通知", target="someone@example.com")
    return DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path="yuanqu.service.tasks.remind",
                                       backend_name="default", run_after=dt.datetime(2023, 3, 9, tzinfo=dt.timezone.utc))


def _pick(qs, label):
    row = qs.order_by("pk").first()
    assert row is not None, f"the demo county has no row for {label}"
    return row


def _rows(w, firms, battery) -> dict:
    c = w.users["commissioner"]
    related = w.dept_firms | w.comm_firms | {w.own.pk}
    unrelated = firms.exclude(pk__in=related)
    other_parks = ~Q(park=w.park) & Q(park__isnull=False)
    gwh = Department.objects.get(region=w.region, park=w.park)  # the park's own unit
    plain_tickets = Ticket.objects.filter(region=w.region).exclude(pk__in=w.dept_tickets | w.comm_tickets
                                                                   | w.own_tickets)
    plain_projects = Project.objects.filter(region=w.region).exclude(pk__in=w.dept_projects | w.comm_projects)
    return {
        "own_firm": w.own,
        "park_firm": _pick(unrelated.filter(park=w.park), "a firm of the park user's park"),
        "other_firm": _pick(unrelated.filter(park=battery), "a firm of another park"),
        "dept_firm": _pick(firms.filter(pk__in=w.dept_firms).filter(other_parks), "a firm of a department ticket"),
        "comm_firm": _pick(firms.filter(pk__in=w.comm_firms).filter(other_parks), "a firm the commissioner serves"),
        "park_project": _pick(plain_projects.filter(park=w.park), "a project of the park user's park"),
        "other_project": _pick(plain_projects.filter(other_parks), "a project of another park"),
        "comm_project": _pick(Project.objects.filter(pk__in=w.comm_projects).filter(other_parks), "a commissioner's project"),
        "dept_project": w.dept_project,
        "park_parcel": _pick(LandParcel.objects.filter(park=w.park).exclude(holder__pk__in=related), "a parcel of the park"),
        "other_parcel": _pick(LandParcel.objects.filter(park__region=w.region).exclude(park=w.park)
                              .exclude(holder__pk__in=related).exclude(project__pk__in=w.dept_projects | w.comm_projects),
                              "a parcel of another park"),
        "park_building": _pick(FactoryBuilding.objects.filter(park=w.park), "a building of the park"),
        "other_building": _pick(FactoryBuilding.objects.filter(park__region=w.region).exclude(park=w.park),
                                "a building of another park"),
        "dept_ticket": _pick(Ticket.objects.filter(pk__in=w.dept_tickets).exclude(enterprise__park=w.park),
                             "a ticket of the department"),
        "comm_ticket": _pick(Ticket.objects.filter(pk__in=w.comm_tickets).exclude(enterprise__park=w.park)
                             .exclude(project__park=w.park), "a commissioner's ticket"),
        "park_ticket": _pick(plain_tickets.filter(enterprise__park=w.park), "a ticket of the park"),
        "labour_ticket": _pick(plain_tickets.filter(title__contains="劳动争议").exclude(enterprise__park=w.park),
                               "a 劳动争议 ticket of another unit"),
        "own_ticket": w.own_ticket,
        "chain": _pick(w.region.chains.all(), "a chain"),
        "own_policy": w.own_policy,
        "not_own_policy": w.not_own_policy,
        "target": _pick(Target.objects.filter(region=w.region), "a target"),
        "action": _pick(Action.objects.filter(region=w.region), "an action"),
        "dept_task": w.dept_task,
        "park_task": _pick(Task.objects.filter(action__region=w.region, owner_unit=gwh), "a task of the park's unit"),
        "other_task": _pick(Task.objects.filter(action__region=w.region).exclude(owner_unit__in=[w.dept, gwh]),
                            "a task of another unit"),
        "dept_route": _pick(TicketRoute.objects.filter(department=w.dept).exclude(ticket__enterprise__park=w.park),
                            "a route of the department"),
        "other_route": _pick(TicketRoute.objects.filter(ticket__region=w.region).exclude(department=w.dept)
                             .exclude(ticket__in=w.dept_tickets).exclude(ticket__enterprise__park=w.park),
                             "a route of another department"),
        "batch": w.demo_batch,
        "system_park": w.park,
        "system_chain": _pick(w.region.chains.all(), "a chain"),
        "system_department": w.dept,
        "system_user": w.users["leader"],
        "commissioner_user": c,
    }


def _second_county_rows(w) -> None:
    """A row of 乙县 for every model the admin keeps (its rules keep each to its county)."""
    from yuanqu.factors.factories import InstitutionFactory, LabourDemandFactory, LabourSupplyFactory, LoanFactory
    from yuanqu.land.factories import RevitalizationFactory, TenancyFactory
    from yuanqu.org.factories import ParkZoneFactory
    from yuanqu.policies.factories import ClaimFactory, PushFactory
    from yuanqu.projects.factories import AnnualPlanFactory, LeadFactory, ProgressFactory, StageChangeFactory
    from yuanqu.projects.factories import DesignationFactory
    from yuanqu.service.factories import (AssignmentFactory, TicketEventFactory, TicketRouteFactory, UnitHeadFactory,
                                          VisitFactory)
    from yuanqu.service.models import Reminder
    from yuanqu.targets.factories import PublishedIndicatorFactory

    b, firm = w.b, w.b.firms[0]
    ParkZoneFactory(park=b.parks["hi"], code="yi-z1", name="乙县一区")
    AssignmentFactory(commissioner=b.staff, enterprise=firm)
    VisitFactory(commissioner=b.staff, enterprise=firm)
    TicketEventFactory(ticket=b.ticket)
    w.b_route = TicketRouteFactory(ticket=b.ticket, department=b.department)
    Reminder.objects.create(ticket=b.ticket, rung="handler", due_date=dt.date(2023, 3, 9), workdays=5,
                            fired_at=dt.datetime(2023, 3, 9, 9, tzinfo=dt.timezone.utc))
    UnitHeadFactory(department=b.department, head=b.staff)
    DesignationFactory(project=b.project, region=b.region)
    NotificationFactory(recipient=b.leader, title="乙县领导的通知")
    StageChangeFactory(project=b.project)
    AnnualPlanFactory(project=b.project, year=2023)
    ProgressFactory(project=b.project, year=2023, month=8)
    LeadFactory(region=b.region, name="乙县磷化工线索")
    TenancyFactory(building=b.building, enterprise=firm)
    RevitalizationFactory(parcel=b.parcel)
    PushFactory(policy=b.policy, enterprise=firm)
    ClaimFactory(policy=b.policy, enterprise=firm)
    LoanFactory(enterprise=firm, institution=InstitutionFactory(name="乙县农商银行"))
    LabourDemandFactory(enterprise=firm)
    LabourSupplyFactory(enterprise=firm)
    PublishedIndicatorFactory(region=b.region)
    w.b_batch = DataBatch.objects.create(source=DataBatch.Source.IMPORT, kind="stats", file_name="乙县统计.xlsx",
                                         user=b.admin, region=b.region, period_year=2023, period_month=8)
    Revision.objects.create(batch=w.b_batch, model="enterprises.MonthlyStat", object_id=1, changes={})


# --- what each role may read and change (the README's roles table) ----------------------------------

def in_second_county(w, obj) -> bool:
    return obj.pk > w.before[type(obj)]


def reads(w, role: str, kind: str, obj) -> bool:
    """Whether `role` may open the row `obj` (of `kind`) on the working pages."""
    if role == "anonymous" or in_second_county(w, obj):
        return False
    if kind.startswith("system_") or kind == "batch":
        return role in ADMINS
    if role in COUNTY_WIDE:
        return True
    if kind in ("chain", "target", "action", "task", "policy"):
        if role == "enterprise":
            return kind == "policy" and obj.pk == w.own_policy.pk
        return True
    if role in ("dept", "commissioner"):
        firms, projects, tickets = ((w.dept_firms, w.dept_projects, w.dept_tickets) if role == "dept"
                                    else (w.comm_firms, w.comm_projects, w.comm_tickets))
        if kind == "parcel":
            return obj.holder_id in firms or obj.project_id in projects
        return obj.pk in {"firm": firms, "project": projects, "ticket": tickets}.get(kind, ())
    if role == "enterprise":
        return obj.pk in {"firm": {w.own.pk}, "ticket": w.own_tickets}.get(kind, ())
    return False


def writes(w, role: str, kind: str, obj) -> bool:
    """Whether `role` may change the row `obj` (of `kind`) on the working pages."""
    if not reads(w, role, kind, obj):
        return False
    if role in ADMINS:
        return True
    park = w.park.pk
    if role == "park":
        if kind == "ticket":
            return park in (getattr(obj.enterprise, "park_id", None), getattr(obj.project, "park_id", None))
        if kind == "task":
            return obj.owner_unit_id is not None and obj.owner_unit.park_id == park
        return kind in ("firm", "project", "parcel", "building") and obj.park_id == park
    if role == "dept":
        return (kind == "ticket" and obj.department_id == w.dept.pk) or (
            kind == "task" and obj.owner_unit_id == w.dept.pk)
    if role == "commissioner":
        return kind in ("project", "ticket")
    return False


def reads_figures_of(w, role: str, firm_pk: int) -> bool:
    """Whether `role` may read the firm's confidential figures (output, revenue … phone)."""
    if role in COUNTY_WIDE:
        return True
    return (role == "commissioner" and firm_pk in w.comm_firms) or (role == "enterprise" and firm_pk == w.own.pk)


# --- what must never show ---------------------------------------------------------------------------

def _named_firms(w, role: str) -> set[int]:
    """Firms whose name `role` meets on pages they may open (readable rows name their firm)."""
    if role in COUNTY_WIDE:
        return set(Enterprise.objects.filter(region=w.region).values_list("pk", flat=True))
    if role == "dept":
        firms, projects, tickets = w.dept_firms, w.dept_projects, w.dept_tickets
    elif role == "commissioner":
        firms, projects, tickets = w.comm_firms, w.comm_projects, w.comm_tickets
    elif role == "enterprise":
        return {w.own.pk}
    else:
        return set()
    named = set(firms) | set(w.region.chains.values_list("owner", flat=True))  # a chain names its 链主
    named |= set(Project.objects.filter(pk__in=projects).values_list("enterprise", flat=True))
    named |= set(Ticket.objects.filter(pk__in=tickets).values_list("enterprise", flat=True))
    named |= set(LandParcel.objects.filter(Q(holder__in=firms) | Q(project__in=projects)).values_list("holder", flat=True))
    return named - {None}


def _named_projects(w, role: str) -> set[int]:
    if role in COUNTY_WIDE:
        return set(Project.objects.filter(region=w.region).values_list("pk", flat=True))
    projects, tickets, firms = {"dept": (w.dept_projects, w.dept_tickets, w.dept_firms),
                                "commissioner": (w.comm_projects, w.comm_tickets, w.comm_firms),
                                "enterprise": (set(), w.own_tickets, {w.own.pk})}.get(role, (set(), set(), set()))
    named = set(projects) | set(Ticket.objects.filter(pk__in=tickets).values_list("project", flat=True))
    named |= set(LandParcel.objects.filter(Q(holder__in=firms) | Q(project__in=projects)).values_list("project", flat=True))
    return named - {None}


def _readable_tickets(w, role: str) -> set[int]:
    if role in COUNTY_WIDE:
        return set(Ticket.objects.filter(region=w.region).values_list("pk", flat=True))
    return {"dept": w.dept_tickets, "commissioner": w.comm_tickets, "enterprise": w.own_tickets}.get(role, set())


def _unambiguous(names: set[str], shown: set[str]) -> set[str]:
    return {n for n in names if not any(n in s for s in shown)}


def _value_text(value: Decimal) -> str | None:
    """A firm's exact output as a page or an export would write it, when no other number is likely to be it."""
    text = format(value, "f")
    return text if len(text) >= 7 and repr(float(value)) == text and not text.endswith("0") else None


def _witnesses(w) -> None:
    """Per role: strings no response may contain — names of firms and projects, ticket codes and
    titles they may not see, exact figures of firms whose figures they may not read — and 乙县's."""
    b_texts = set(w.b.firm_names) | {w.b.project.name, w.b.ticket.code, w.b.ticket.title, w.b.parcel.name}
    firms = dict(Enterprise.objects.filter(region=w.region).values_list("pk", "name"))
    projects = dict(Project.objects.filter(region=w.region).values_list("pk", "name"))
    tickets = list(Ticket.objects.filter(region=w.region).values_list("pk", "code", "title"))
    outputs = {}
    for firm, value in MonthlyStat.objects.filter(enterprise__region=w.region, year=2023, month=8).values_list(
            "enterprise", "output_cum"):
        if value is not None and _value_text(value):
            outputs[firm] = _value_text(value)
    counts = {}
    for text in outputs.values():
        counts[text] = counts.get(text, 0) + 1
    w.witness = {}
    for role in ROLES + ("anonymous",):
        shown_firms = {firms[pk] for pk in _named_firms(w, role) if pk in firms}
        shown_projects = {projects[pk] for pk in _named_projects(w, role) if pk in projects}
        readable = _readable_tickets(w, role)
        shown_titles = {title for pk, _, title in tickets if pk in readable}
        texts = set(b_texts)
        texts |= _unambiguous(set(firms.values()) - shown_firms, shown_firms | shown_projects)
        texts |= _unambiguous(set(projects.values()) - shown_projects, shown_firms | shown_projects)
        texts |= {code for pk, code, _ in tickets if pk not in readable}
        texts |= {title for pk, _, title in tickets if pk not in readable and title not in shown_titles
                  and ("劳动争议" in title or "合同纠纷" in title)}
        values = {text for firm, text in outputs.items() if counts[text] == 1 and not reads_figures_of(w, role, firm)}
        w.witness[role] = (texts, values)
