"""A small county for the ticket workflow: three departments with their users, a dispatcher, a leader,
a commissioner serving an enterprise that has its own user, and a category with a deadline."""
import datetime as dt
from types import SimpleNamespace

import pytest

from yuanqu.accounts.factories import UserFactory
from yuanqu.enterprises.factories import EnterpriseFactory
from yuanqu.org.factories import DepartmentFactory, ParkFactory, RegionFactory
from yuanqu.service.factories import TicketCategoryFactory, UnitHeadFactory
from yuanqu.service.models import Ticket

day = dt.date.fromisoformat


@pytest.fixture
def world(db):
    w = SimpleNamespace()
    w.region = RegionFactory(code="519901", name="试验县")
    w.park = ParkFactory(region=w.region, name="试验工业园区")
    w.land = DepartmentFactory(region=w.region, code="519901-zrzy", name="县自然资源局", short_name="县自然资源局")
    w.build = DepartmentFactory(region=w.region, code="519901-zjj", name="县住房和城乡建设局", short_name="县住建局")
    w.park_office = DepartmentFactory(region=w.region, code="519901-gwh", name="工业园区管理委员会",
                                      short_name="园区管委会", park=w.park)

    def user(username, role, **extra):
        return UserFactory(username=username, display_name=extra.pop("name", username), role=role,
                           region=w.region, email=f"{username}@example.cn", **extra)

    w.dispatcher = user("dispatcher", "park_staff", name="园区调度员", park=w.park)
    w.leader = user("leader", "leader", name="县领导")
    w.commissioner = user("commissioner", "commissioner", name="包联专员")
    w.land_clerk = user("land_clerk", "department", name="自然资源局经办人", department=w.land)
    w.build_clerk = user("build_clerk", "department", name="住建局经办人", department=w.build)
    w.park_clerk = user("park_clerk", "department", name="管委会经办人", department=w.park_office)
    w.land_head = UnitHeadFactory(department=w.land, head=user("land_head", "department", name="自然资源局局长",
                                                                department=w.land)).head
    w.firm = EnterpriseFactory(park=w.park, name="试验机械有限公司", commissioner=w.commissioner)
    w.firm_user = user("firm_user", "enterprise", name="企业联络员", enterprise=w.firm)
    w.other_firm = EnterpriseFactory(park=w.park, name="另一家公司")
    w.category = TicketCategoryFactory(code="t-land", name="用地报批", default_department=w.land,
                                       deadline_workdays=6)
    return w


@pytest.fixture
def raise_(world):
    """raise_(on=…, **kw) → a new ticket (受理) about the world's firm, raised by its commissioner."""
    from yuanqu.service import services

    def make(on=day("2023-09-20"), **kw):
        kw.setdefault("title", "厂区扩建用地报批")
        kw.setdefault("category", world.category)
        kw.setdefault("enterprise", world.firm)
        kw.setdefault("user", world.commissioner)
        kw.setdefault("source", Ticket.Source.VISIT)
        return services.raise_ticket(on=on, **kw)
    return make
