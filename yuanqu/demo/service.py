"""Enterprise service: 工作专员 assignments, visits, and tickets (诉求) with their history (DOMAIN §11)."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from yuanqu.enterprises.models import Enterprise
from yuanqu.service.models import Assignment, Ticket, TicketCategory, TicketEvent, TicketStatus, Visit

from . import targets as T
from .alloc import day_between, split_random
from .context import Ctx, bulk
from .org import TZ

# key, name, default department key. Categories are shared by all regions; their codes carry
# CODE_PREFIX so that the demo's never take a code that real data or a test may use.
CODE_PREFIX = "demo-"
CATEGORIES = (
    ("land", "用地保障", "zrzy"), ("labour", "用工招聘", "rsj"), ("finance", "融资贷款", "jrzx"),
    ("utility", "水电气保障", "power"), ("approval", "审批手续", "spj"), ("infrastructure", "基础设施配套", "zjj"),
    ("policy", "政策兑现", "jxj"), ("legal", "法律服务", "sfj"),
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
VISIT_NOTES = {
    Visit.Kind.NEEDS: "了解企业生产经营情况，收集用工、融资、用地等需求",
    Visit.Kind.EFFECT: "回访诉求办理成效，企业对办理结果表示满意",
    Visit.Kind.INTEGRITY: "了解干部服务作风和廉洁情况，征求意见建议",
}


def ensure_categories(depts: dict | None = None) -> dict[str, TicketCategory]:
    """Ticket categories are shared by all regions; the demo county sets their default units."""
    out = {}
    for sort, (key, name, dept) in enumerate(CATEGORIES, start=1):
        cat, _ = TicketCategory.objects.get_or_create(code=CODE_PREFIX + key, defaults={"name": name, "sort": sort})
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

def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=TZ)


def ticket_events(ticket: Ticket, closed_day: date | None) -> list[TicketEvent]:
    """受理 → 交办 → 办理 → 办结 → 销号, as far as the ticket's status, on consistent dates."""
    order = [s.value for s in TicketStatus]
    reached = order[: order.index(ticket.status) + 1]
    end = ticket.resolved_date or ticket.received_date + timedelta(days=2)
    days = {"received": ticket.received_date, "assigned": min(ticket.received_date + timedelta(days=1), end),
            "handling": min(ticket.received_date + timedelta(days=2), end), "resolved": ticket.resolved_date,
            "closed": closed_day}
    notes = {"received": "受理企业诉求", "assigned": f"交办{ticket.department or '承办单位'}", "handling": "承办单位办理中",
             "resolved": ticket.resolution, "closed": "企业确认，销号"}
    hours = {"received": 9, "assigned": 10, "handling": 11, "resolved": 16, "closed": 17}
    return [TicketEvent(ticket=ticket, status=s, at=_at(days[s], hours[s]), department=ticket.department,
                        user=ticket.commissioner if s == "received" else None, note=notes[s]) for s in reached]


class TicketMaker:
    """Makes tickets of one region with consecutive codes, and remembers their events."""

    def __init__(self, ctx: Ctx, rng: random.Random, categories: dict, firms: list, projects: list):
        self.ctx, self.rng, self.categories = ctx, rng, categories
        self.firms, self.projects = firms, projects
        self.tickets: list[tuple[Ticket, date | None]] = []

    def make(self, category: str, received: date, status: str, resolved: date | None = None) -> None:
        rng, cat = self.rng, self.categories[category]
        project = rng.choice(self.projects) if self.projects and rng.random() < 0.2 else None
        ticket = Ticket(
            code=f"SQ{self.ctx.region.code}{len(self.tickets) + 1:05d}", title=rng.choice(TITLES[category]),
            region=self.ctx.region, category=cat, source=rng.choice(list(Ticket.Source)),
            enterprise=None if project else rng.choice(self.firms), project=project,
            department=cat.default_department if cat.default_department
            and cat.default_department.region_id == self.ctx.region.pk else None,
            commissioner=rng.choice(self.ctx.commissioners) if self.ctx.commissioners else None,
            received_date=received, deadline=received + timedelta(days=15), status=status,
            resolved_date=resolved, resolution="已协调办结" if resolved else "",
            satisfaction=rng.choice(SATISFACTION) if resolved else None)
        ticket.description = f"{ticket.title}，请求协调解决。"
        closed = resolved + timedelta(days=rng.randint(2, 6)) if status == TicketStatus.CLOSED else None
        self.tickets.append((ticket, closed))

    def resolved(self, category: str, start: date, end: date, closed_before: date) -> None:
        resolved = day_between(self.rng, start, end)
        received = resolved - timedelta(days=self.rng.randint(2, 30))
        status = TicketStatus.CLOSED if resolved < closed_before else TicketStatus.RESOLVED
        self.make(category, received, status, resolved)

    def save(self) -> None:
        tickets = bulk(Ticket, [t for t, _ in self.tickets])
        bulk(TicketEvent, [e for t, (_, closed) in zip(tickets, self.tickets) for e in ticket_events(t, closed)])


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
    for i in range(10):  # still open; those received before mid-August are overdue
        received = day_between(rng, date(2023, 7, 1), date(2023, 8, 10)) if i < 5 else \
            day_between(rng, date(2023, 11, 20), date(2023, 12, 28))
        maker.make(codes[-2:][i % 2] if i % 3 == 0 else rng.choice(codes), received, open_statuses[i % 3])
    maker.save()
