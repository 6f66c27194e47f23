"""Enterprise service: 工作专员 assignments, visits, and tickets (诉求) with their history (DOMAIN §11).

The demo county's tickets go through the ticket services step by step, so that the sample's counts
(协调解决问题6类81条) are those of the records; the province's scaled counties write the same steps in bulk."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from yuanqu.accounts.models import User
from yuanqu.enterprises.models import Enterprise
from yuanqu.service import services
from yuanqu.service.models import Assignment, Ticket, TicketCategory, TicketEvent, TicketRoute, TicketStatus, Visit

from . import targets as T
from .alloc import day_between, split_random
from .context import Ctx, bulk
from .org import TZ

# key, code, name, default department key. Categories are shared by all regions. The first six are
# the platform's defaults (added by migration service 0003: 用地, 用工, 融资, 审批, 基础设施, 政策兑现);
# the demo's own carry CODE_PREFIX so that they never take a code that real data or a test may use.
CODE_PREFIX = "demo-"
CATEGORIES = (
    ("land", "land", "用地", "zrzy"), ("labour", "labour", "用工", "rsj"), ("finance", "finance", "融资", "jrzx"),
    ("approval", "approval", "审批", "spj"), ("infrastructure", "infrastructure", "基础设施", "zjj"),
    ("policy", "policy", "政策兑现", "jxj"), ("utility", CODE_PREFIX + "utility", "水电气保障", "power"),
    ("legal", CODE_PREFIX + "legal", "法律服务", "sfj"),
)
CLOSED_IN_WINDOW = tuple(c[0] for c in CATEGORIES[:T.TICKET_CATEGORIES_CLOSED])
TITLES = {
    "land": ("协调解决项目用地报批问题", "厂区扩建用地指标申请", "红线外道路用地征拆协调"),
    "labour": ("急需招聘熟练缝纫工", "招聘普工及技术工人", "订单班学员输送需求"),
    "finance": ("流动资金贷款需求", "设备购置中长期贷款对接", "续贷过桥资金需求"),
    "utility": ("新增专用变压器报装", "厂区供水管网压力不足", "天然气接入申请"),
    "approval": ("施工许可办理咨询", "环评及排污许可协调", "不动产权证办理"),
    "infrastructure": ("园区道路破损影响运输", "厂区周边排水不畅", "路灯及标识标牌完善"),
    "policy": ("技改奖补资金兑现", "稳岗补贴申领", "首次升规奖励兑现"),
    "legal": ("合同纠纷法律咨询", "劳动争议调处"),
}
SATISFACTION = (3, 3, 3, 3, 3, 3, 2, 2, 3, 1)
SOURCES = (Ticket.Source.VISIT, Ticket.Source.ENTERPRISE, Ticket.Source.HOTLINE, Ticket.Source.DISPATCH,
           Ticket.Source.COMMISSIONER)
VISIT_NOTES = {
    Visit.Kind.NEEDS: "了解企业生产经营情况，收集用工、融资、用地等需求",
    Visit.Kind.EFFECT: "回访诉求办理成效，企业对办理结果表示满意",
    Visit.Kind.INTEGRITY: "了解干部服务作风和廉洁情况，征求意见建议",
}


def ensure_categories(depts: dict | None = None) -> dict[str, TicketCategory]:
    """Ticket categories are shared by all regions; the demo county sets their default units."""
    out = {}
    for sort, (key, code, name, dept) in enumerate(CATEGORIES, start=1):
        cat, _ = TicketCategory.objects.get_or_create(code=code, defaults={"name": name, "sort": sort})
        if depts and cat.default_department_id is None:
            cat.default_department = depts[dept]
            cat.save(update_fields=["default_department"])
        out[key] = cat
    return out


# --- assignments and visits -----------------------------------------------------------------

def build_assignments(ctx: Ctx) -> list[Enterprise]:
    """30 firms served in the window (four changed commissioner, two ended), others outside it."""
    rng = ctx.rng("assignments")
    candidates = [f.enterprise for f in ctx.firms if f.in_s and f.park]
    served = rng.sample(candidates, T.CONNECTED_ENTERPRISES)
    others = rng.sample([e for e in candidates if e not in served], 7)
    people = ctx.commissioners
    rows = []
    for i, ent in enumerate(served):
        who = people[i % len(people)]
        if i < 4:
            rows.append(Assignment(commissioner=people[(i + 1) % len(people)], enterprise=ent,
                                   start_date=date(2022, 5, 1), end_date=date(2023, 4, 30), note="专员调整"))
            rows.append(Assignment(commissioner=who, enterprise=ent, start_date=date(2023, 5, 1)))
        elif i < 6:
            rows.append(Assignment(commissioner=who, enterprise=ent, start_date=date(2022, 6, 1),
                                   end_date=date(2023, 3, 31), note="企业问题已解决，结束包联"))
        else:
            rows.append(Assignment(commissioner=who, enterprise=ent,
                                   start_date=day_between(rng, date(2022, 3, 1), date(2023, 6, 30))))
        if i >= 6 or i < 4:
            ent.commissioner = who
    for i, ent in enumerate(others):
        ended = i < 4
        rows.append(Assignment(commissioner=people[i % len(people)], enterprise=ent,
                               start_date=date(2021, 9, 1) if ended else date(2023, 10, 8),
                               end_date=date(2022, 11, 30) if ended else None))
        if not ended:
            ent.commissioner = people[i % len(people)]
    key_projects = [p for p in ctx.projects.values() if p.key_level and p.commissioner_id]
    rows += [Assignment(commissioner=p.commissioner, project=p, start_date=date(2023, 1, 1)) for p in key_projects]
    bulk(Assignment, rows)
    Enterprise.objects.bulk_update(served + others, ["commissioner"])
    return served


def build_visits(ctx: Ctx, served: list[Enterprise]) -> None:
    rng = ctx.rng("visits")
    kinds = list(Visit.Kind)
    rows = []
    for ent in served:
        who = ent.commissioner or ctx.commissioners[0]
        for _ in range(rng.randint(3, 9)):
            kind = rng.choice(kinds)
            rows.append(Visit(commissioner=who, enterprise=ent, kind=kind, summary=VISIT_NOTES[kind],
                              date=day_between(rng, date(2022, 9, 1), date(2023, 12, 20))))
    for p in (p for p in ctx.projects.values() if p.key_level and p.commissioner_id):
        rows.append(Visit(commissioner=p.commissioner, project=p, kind=Visit.Kind.NEEDS,
                          date=day_between(rng, date(2023, 2, 1), date(2023, 8, 31)),
                          summary="现场查看项目建设进度，协调解决施工难题"))
    bulk(Visit, rows)


# --- tickets ----------------------------------------------------------------------------------

@dataclass
class Plan:
    """One ticket as the demo draws it: what, about whom, and the days of its steps."""
    category: str
    title: str
    source: str
    enterprise: Enterprise | None
    project: object
    commissioner: object
    received: date
    status: str
    resolved: date | None
    closed: date | None
    satisfaction: int | None


class TicketMaker:
    """Draws the tickets of one region in order (consecutive codes); the demo county records them through
    the ticket services (`run_workflow`), the province's scaled counties in bulk (`save`)."""

    def __init__(self, ctx: Ctx, rng: random.Random, categories: dict, firms: list, projects: list):
        self.ctx, self.rng, self.categories = ctx, rng, categories
        self.firms, self.projects = firms, projects
        self.plans: list[Plan] = []

    def make(self, category: str, received: date, status: str, resolved: date | None = None) -> None:
        rng = self.rng
        project = rng.choice(self.projects) if self.projects and rng.random() < 0.2 else None
        title, source = rng.choice(TITLES[category]), rng.choice(SOURCES)
        enterprise = None if project else rng.choice(self.firms)
        commissioner = rng.choice(self.ctx.commissioners) if self.ctx.commissioners else None
        satisfaction = rng.choice(SATISFACTION) if resolved else None
        closed = resolved + timedelta(days=rng.randint(2, 6)) if status == TicketStatus.CLOSED else None
        self.plans.append(Plan(category, title, source, enterprise, project, commissioner, received, status,
                               resolved, closed, satisfaction))

    def resolved(self, category: str, start: date, end: date, closed_before: date) -> None:
        resolved = day_between(self.rng, start, end)
        received = resolved - timedelta(days=self.rng.randint(2, 30))
        status = TicketStatus.CLOSED if resolved < closed_before else TicketStatus.RESOLVED
        self.make(category, received, status, resolved)

    def lead(self, plan: Plan):
        cat = self.categories[plan.category]
        dept = cat.default_department
        return dept if dept and dept.region_id == self.ctx.region.pk else self.ctx.depts["jxj"]

    def run_workflow(self) -> None:
        Workflow(self.ctx).run(self)

    def save(self) -> None:
        """In bulk: 受理, 交办 to the lead, 接收, 办结 and 销号 as far as each ticket's status."""
        region, rows = self.ctx.region, []
        for n, plan in enumerate(self.plans, start=1):
            assigned = None if plan.status == TicketStatus.RECEIVED else min(plan.received + ONE, plan.resolved
                                                                              or plan.received + ONE)
            rows.append(Ticket(
                code=f"SQ{region.code}{n:05d}", title=plan.title, description=f"{plan.title}，请求协调解决。",
                region=region, category=self.categories[plan.category], source=plan.source,
                enterprise=plan.enterprise, project=plan.project, commissioner=plan.commissioner,
                department=self.lead(plan) if assigned else None, received_date=plan.received,
                assigned_date=assigned,
                deadline=assigned and services.deadline_for(self.categories[plan.category], assigned),
                status=plan.status, resolved_date=plan.resolved, resolution="已协调办结" if plan.resolved else "",
                satisfaction=plan.satisfaction if plan.closed else None,
                confirmation=Ticket.Confirmation.COMMISSIONER if plan.closed else "",
                confirmed_by=plan.commissioner if plan.closed else None))
        tickets = bulk(Ticket, rows)
        bulk(TicketRoute, [TicketRoute(ticket=t, department=t.department, role=TicketRoute.Role.LEAD,
                                       assigned_on=t.assigned_date, position=TicketRoute.Position.PENDING
                                       if t.status == TicketStatus.ASSIGNED else TicketRoute.Position.ACCEPTED,
                                       decided_on=None if t.status == TicketStatus.ASSIGNED else t.assigned_date)
                           for t in tickets if t.assigned_date])
        bulk(TicketEvent, [e for t, plan in zip(tickets, self.plans) for e in plain_history(t, plan)])


ONE = timedelta(days=1)


def _at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=TZ)


def plain_history(ticket: Ticket, plan: Plan) -> list[TicketEvent]:
    """The events of a ticket recorded in bulk: each step on its day, as far as its status."""
    A, S = TicketEvent.Action, TicketStatus
    steps = [(A.RAISE, S.RECEIVED, plan.received, "受理企业诉求", None)]
    if ticket.assigned_date:
        steps.append((A.ASSIGN, S.ASSIGNED, ticket.assigned_date, f"牵头：{ticket.department}", None))
    if plan.status != S.RECEIVED and plan.status != S.ASSIGNED:
        steps.append((A.ACCEPT, S.HANDLING, ticket.assigned_date, f"{ticket.department}接收（牵头）", None))
    if plan.resolved:
        steps.append((A.RESOLVE, S.RESOLVED, plan.resolved, ticket.resolution, None))
    if plan.closed:
        steps.append((A.CLOSE, S.CLOSED, plan.closed, "工作专员代企业确认", ticket.satisfaction))
    return [TicketEvent(ticket=ticket, action=a, status=s, date=d, at=_at(d, 9 + i), user=None,
                        department=ticket.department if a != A.RAISE else None, note=note, satisfaction=sat)
            for i, (a, s, d, note, sat) in enumerate(steps)]


class Workflow:
    """The demo county's tickets recorded step by step through yuanqu.service.services (no notifications):
    most routed to their category's unit and accepted the next day; some with an assisting unit (one in
    two of those refuses with a reason), some transferred (转办), some refused by every unit and so
    returned (退回) and routed again; a firm rating 不满意 reopens its ticket before the final result."""

    ALTERNATE = "gwh"  # the 园区管委会 takes what another unit refuses or transfers

    def __init__(self, ctx: Ctx):
        self.ctx, self.rng = ctx, ctx.rng("ticket-workflow")
        self.park, self.dept = ctx.users["park"], ctx.users["dept"]
        self.enterprise_user = User.objects.get(pk=ctx.users["enterprise"].pk)  # with its enterprise attached

    def run(self, maker: TicketMaker) -> None:
        for i, plan in enumerate(maker.plans):
            self.record(i, plan, maker.categories[plan.category], maker.lead(plan))

    def answerer(self, department):
        return self.dept if department.pk == self.dept.department_id else self.park

    def other(self, department):
        alternate = self.ctx.depts[self.ALTERNATE]
        return alternate if alternate.pk != department.pk else self.ctx.depts["fgj"]

    def record(self, i: int, plan: Plan, category, lead) -> None:
        S = TicketStatus
        raiser = plan.commissioner if plan.source in (Ticket.Source.VISIT, Ticket.Source.COMMISSIONER) else self.park
        ticket = services.raise_ticket(
            title=plan.title, description=f"{plan.title}，请求协调解决。", category=category, source=plan.source,
            enterprise=plan.enterprise, project=plan.project, commissioner=plan.commissioner, user=raiser,
            on=plan.received, announce=False)
        if plan.status == S.RECEIVED:
            return
        end = plan.resolved or plan.received + 2 * ONE
        assign_day, accept_day = min(plan.received + ONE, end), min(plan.received + 2 * ONE, end)
        self.route(i, ticket, lead, assign_day, accept_day, accept=plan.status != S.ASSIGNED)
        if plan.resolved is None:
            return
        rating = plan.satisfaction
        if plan.closed and rating == Ticket.Satisfaction.UNSATISFIED:
            if (plan.resolved - plan.received).days >= 5:  # room for a first result the firm rejects
                self.resolve(ticket, plan.received + 3 * ONE, "已初步协调，提出解决方案")
                self.confirm(ticket, plan.received + 4 * ONE, rating, "企业反映问题未彻底解决，请继续协调")
            rating = self.rng.choice((3, 3, 2))
        self.resolve(ticket, plan.resolved, "已协调办结")
        if plan.closed:
            self.confirm(ticket, plan.closed, rating)

    def route(self, i: int, ticket, lead, assign_day: date, accept_day: date, accept: bool) -> None:
        variant = ("transfer", "return", "assist", "assist")[i % 17] if i % 17 < 4 else "plain"
        services.route_ticket(ticket=ticket, lead=lead, user=self.park, on=assign_day, announce=False,
                              assisting=[self.other(lead)] if variant == "assist" else [])
        other = self.other(lead)
        if variant == "transfer":
            self.answer(ticket, lead, TicketRoute.Position.TRANSFERRED, assign_day, f"该事项由{other}负责", other)
            lead = other
        elif variant == "return":  # the only unit refuses: 退回, then routed to another
            self.answer(ticket, lead, TicketRoute.Position.REFUSED, assign_day, f"不属于本单位职责，建议由{other}牵头")
            lead = other
            services.route_ticket(ticket=ticket, lead=lead, user=self.park, on=accept_day, announce=False)
        if not accept:
            return
        self.answer(ticket, lead, TicketRoute.Position.ACCEPTED, accept_day)
        if variant == "assist":
            refuse = i % 2 == 1
            self.answer(ticket, other, TicketRoute.Position.REFUSED if refuse else TicketRoute.Position.ACCEPTED,
                        accept_day, "本单位无相关职能，不予协办" if refuse else "")

    def answer(self, ticket, department, position, day: date, reason: str = "", transfer_to=None) -> None:
        route = ticket.routes.live().get(department=department)
        services.answer_route(route=route, position=position, user=self.answerer(department), on=day,
                              reason=reason, transfer_to=transfer_to, announce=False)

    def resolve(self, ticket, day: date, resolution: str) -> None:
        services.resolve_ticket(ticket=ticket, user=self.park, resolution=resolution, on=day, announce=False)

    def confirm(self, ticket, day: date, rating: int, note: str = "") -> None:
        ticket.refresh_from_db()
        user = (self.enterprise_user if ticket.enterprise_id and ticket.enterprise_id == self.enterprise_user.enterprise_id
                else ticket.commissioner)
        services.confirm_ticket(ticket=ticket, user=user, satisfaction=rating, confirmed=True, on=day, note=note,
                                announce=False)


def build_tickets(ctx: Ctx, served: list[Enterprise]) -> None:
    rng = ctx.rng("tickets")
    categories = ensure_categories(ctx.depts)
    firms = served + [f.enterprise for f in ctx.firms if f.park and f.kind == "small"]
    projects = [p for p in ctx.projects.values() if p.started_date]
    maker = TicketMaker(ctx, rng, categories, firms, projects)
    codes = [c[0] for c in CATEGORIES]
    for _ in range(40):  # 2022: all categories
        maker.resolved(rng.choice(codes), date(2022, 2, 1), date(2022, 12, 28), date(2023, 1, 1))
    for code, count in zip(CLOSED_IN_WINDOW, split_random(rng, T.TICKETS_CLOSED, len(CLOSED_IN_WINDOW), 8)):
        for _ in range(count):
            maker.resolved(code, T.W_START, T.W_END, date(2023, 8, 20))
    for _ in range(6):  # resolved after the window
        maker.resolved(rng.choice(codes), date(2023, 9, 10), date(2023, 11, 30), date(2023, 11, 15))
    open_statuses = [TicketStatus.RECEIVED, TicketStatus.ASSIGNED, TicketStatus.HANDLING]
    for i in range(10):  # still open; those routed before mid-August are overdue
        received = day_between(rng, date(2023, 7, 1), date(2023, 8, 10)) if i < 5 else \
            day_between(rng, date(2023, 11, 20), date(2023, 12, 28))
        maker.make(codes[-2:][i % 2] if i % 3 == 0 else rng.choice(codes), received, open_statuses[i % 3])
    maker.run_workflow()
