"""A second county 乙县 built with factories beside the demo county: its own province and city, two
parks, a main chain, firms on the 2023 roster with 1—8月 statistics, a project, land, a ticket, a policy,
a target, an action with a task, and its users (leader, administrator, park staff)."""
from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from yuanqu.accounts.factories import UserFactory
from yuanqu.accounts.models import User
from yuanqu.chains.factories import ChainFactory, ChainSegmentFactory
from yuanqu.enterprises.factories import EnterpriseFactory, MonthlyStatFactory, RosterEntryFactory
from yuanqu.land.factories import FactoryBuildingFactory, LandParcelFactory
from yuanqu.org.factories import DepartmentFactory, ParkFactory, RegionFactory
from yuanqu.policies.factories import PolicyFactory
from yuanqu.projects.factories import ProjectFactory
from yuanqu.service.factories import TicketFactory
from yuanqu.targets.factories import ActionFactory, TargetFactory, TaskFactory

NAME = "乙县"
CODE = "520102"
# (firm, park key or None, 1—8月 2023 output, 上年同期) in 万元; the outside firm is 园区外
FIRMS = (("乙县磷都化工有限公司", "hi", "3000.00", "2500.00"), ("乙县黔山新材料有限公司", "hi", "1200.00", "1000.00"),
         ("乙县苗岭食品有限公司", "food", "800.00", "900.00"), ("乙县园外铸造有限公司", None, "500.00", "400.00"))


def D(text) -> Decimal:
    return Decimal(str(text))


def second_county() -> SimpleNamespace:
    b = SimpleNamespace(name=NAME, firm_names=[f[0] for f in FIRMS])
    province = RegionFactory(code="520000", name="乙省", level="province")
    city = RegionFactory(code="520100", name="乙市", level="city", parent=province)
    b.province, b.city = province, city
    b.region = RegionFactory(code=CODE, name=NAME, level="county", parent=city)
    b.parks = {"hi": ParkFactory(region=b.region, code=f"{CODE}-hi", name="乙县高新技术产业园", short_name="高新园",
                                 leading_industry="磷化工", planned_area_mu=D("3000")),
               "food": ParkFactory(region=b.region, code=f"{CODE}-food", name="乙县绿色食品园", short_name="食品园")}
    b.department = DepartmentFactory(region=b.region, code=f"{CODE}-jxj", name="乙县工业和信息化局",
                                     short_name="乙县工信局")
    b.chain = ChainFactory(region=b.region, code=f"{CODE}-phos", name="乙县磷化工", is_main=True, leader_name="乙县长")
    b.segment = ChainSegmentFactory(chain=b.chain, code="mine", name="磷矿开采", position="up")
    b.firms = []
    for name, park, output, prev in FIRMS:
        firm = EnterpriseFactory(region=b.region, park=b.parks.get(park), name=name, land_area_mu=D("20"))
        RosterEntryFactory(enterprise=firm, year=2023)
        MonthlyStatFactory(enterprise=firm, year=2023, month=8, output_cum=D(output), output_prev_cum=D(prev))
        b.firms.append(firm)
    b.firms[0].segments.add(b.segment)
    b.output = sum(D(f[2]) for f in FIRMS)
    b.output_prev = sum(D(f[3]) for f in FIRMS)
    b.park_output = sum(D(f[2]) for f in FIRMS if f[1])
    b.project = ProjectFactory(region=b.region, park=b.parks["hi"], name="乙县磷酸铁锂项目", segment=b.segment,
                               enterprise=b.firms[0])
    b.parcel = LandParcelFactory(park=b.parks["hi"], name="乙县高新园一号地块", holder=b.firms[0])
    b.building = FactoryBuildingFactory(park=b.parks["hi"], name="乙县高新园标准厂房1号楼")
    b.ticket = TicketFactory(region=b.region, title="乙县磷都化工用电增容", enterprise=b.firms[0],
                             department=b.department)
    b.policy = PolicyFactory(region=b.region, title="乙县稳工业十条", issuer="乙县人民政府")
    b.target = TargetFactory(region=b.region, name="乙县规上工业总产值目标", indicator="industry.output_ytd",
                             year=2023, value=D("10000"))
    b.action = ActionFactory(region=b.region, name="乙县园区提质攻坚行动", lead_unit=b.department)
    b.task = TaskFactory(action=b.action, title="乙县新增规上企业3户", owner_unit=b.department)
    b.leader = UserFactory(username="yi-leader", role=User.Role.LEADER, region=b.region, display_name="乙县领导")
    b.admin = UserFactory(username="yi-admin", role=User.Role.ADMIN, region=b.region, display_name="乙县管理员")
    b.staff = UserFactory(username="yi-park", role=User.Role.PARK_STAFF, region=b.region, park=b.parks["hi"],
                          display_name="乙县园区专员")
    return b
