"""Regions, departments, parks with zones, and the demo users of 示例县."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password

from yuanqu.accounts.models import User
from yuanqu.accounts.roles import sync_users
from yuanqu.org.models import Department, Park, ParkZone, Region

from .context import Ctx, bulk
from .names import Namer

TZ = ZoneInfo("Asia/Shanghai")
JOINED = datetime(2023, 1, 1, 9, 0, tzinfo=TZ)
DEMO_PASSWORD = "yuanqu2023"

# key, name, short name, kind, park key
DEPARTMENTS = (
    ("fgj", "县发展和改革局", "县发改局", "government", None),
    ("jxj", "县经济和信息化局", "县经信局", "government", None),
    ("zrzy", "县自然资源局", "县自然资源局", "government", None),
    ("rsj", "县人力资源和社会保障局", "县人社局", "government", None),
    ("zjj", "县住房和城乡建设局", "县住建局", "government", None),
    ("tcj", "县投资促进局", "县投促局", "government", None),
    ("czj", "县财政局", "县财政局", "government", None),
    ("spj", "县行政审批局", "县行政审批局", "government", None),
    ("jrzx", "县金融工作服务中心", "县金融中心", "government", None),
    ("sfj", "县司法局", "县司法局", "government", None),
    ("power", "国网{place}供电公司", "供电公司", "soe", None),
    ("water", "{place}水务有限公司", "县水务公司", "soe", None),
    ("gwh", "{place}工业园区管理委员会", "园区管委会", "park", "general"),
    ("fzy", "专用服装产业园服务中心", "服装园服务中心", "park", "clothing"),
)

# key, name, short, level, leading industry, planned 亩, built 亩, established, zones (code, name, 亩)
PARKS = (
    ("general", "{place}工业园区", "工业园区", "province", "综合制造、绿色建材", D("12000"), D("7800"),
     date(2006, 4, 18), (("cb", "城北片区", D("5200")), ("qd", "青东片区", D("6800")))),
    ("clothing", "专用服装产业园", "服装园", "city", "纺织鞋服", D("4500"), D("3100"),
     date(2012, 9, 6), (("y1", "一期", D("2200")), ("y2", "二期", D("2300")))),
    ("battery", "新能源电池产业园", "电池园", "county", "新能源电池", D("5000"), D("1900"),
     date(2019, 11, 26), (("qb", "起步区", D("2000")), ("tz", "拓展区", D("3000")))),
    ("food", "健康食品产业园", "食品园", "county", "健康食品", D("3600"), D("2300"),
     date(2015, 5, 12), (("dq", "东区", D("1800")), ("xq", "西区", D("1800")))),
)

# username, role, display name, title, attachment (park key / department key / None)
LOGIN_USERS = (
    ("leader", User.Role.LEADER, "周振华", "县委副书记、县长", None),
    ("park", User.Role.PARK_STAFF, "刘晓燕", "园区管委会经济发展局局长", "general"),
    ("dept", User.Role.DEPARTMENT, "陈立新", "县经信局副局长", "jxj"),
    ("commissioner", User.Role.COMMISSIONER, "杨雪梅", "工作专员", None),
    ("enterprise", User.Role.ENTERPRISE, "黄志强", "企业联络员", None),
    ("admin", User.Role.ADMIN, "林海", "平台运维", None),
)
EXTRA_COMMISSIONERS = 6


def region_chain(province: tuple, city: tuple, county: tuple) -> Region:
    """province → city → county, each (code, name); returns the county."""
    parent = None
    for (code, name), level in zip((province, city, county), Region.Level.values):
        parent, _ = Region.objects.get_or_create(code=code, defaults={"name": name, "level": level,
                                                                      "parent": parent})
    return parent


def build_departments(ctx: Ctx, specs=DEPARTMENTS) -> None:
    place, code = ctx.region.name, ctx.region.code
    rows = [Department(code=f"{code}-{key}", name=name.format(place=place), short_name=short,
                       region=ctx.region, kind=kind, park=ctx.parks.get(park_key))
            for key, name, short, kind, park_key in specs]
    for (key, *_), dept in zip(specs, bulk(Department, rows)):
        ctx.depts[key] = dept


def build_parks(ctx: Ctx, specs=PARKS) -> None:
    place, code = ctx.region.name, ctx.region.code
    rows = [Park(code=f"{code}-{key}", name=name.format(place=place), short_name=short, region=ctx.region,
                 level=level, leading_industry=industry, planned_area_mu=planned, built_area_mu=built,
                 established=est, sort=i)
            for i, (key, name, short, level, industry, planned, built, est, _) in enumerate(specs, start=1)]
    for spec, park in zip(specs, bulk(Park, rows)):
        ctx.parks[spec[0]] = park
    zones = [ParkZone(park=ctx.parks[spec[0]], code=zc, name=zn, area_mu=za)
             for spec in specs for zc, zn, za in spec[8]]
    for zone in bulk(ParkZone, zones):
        ctx.zones.setdefault(_park_key(ctx, zone.park), []).append(zone)


def _park_key(ctx: Ctx, park: Park) -> str:
    return next(k for k, p in ctx.parks.items() if p.pk == park.pk)


def build_users(ctx: Ctx) -> None:
    """One login user per role (shared demo password), each in their role's group, and the commissioners
    who serve firms. Only the administrator is staff (the admin is theirs)."""
    password = make_password(DEMO_PASSWORD)
    namer = Namer(ctx.rng("users"), ctx.region.name)
    taken = set(User.objects.filter(username__in=[s[0] for s in LOGIN_USERS]).values_list("username", flat=True))
    rows = [_login_user(ctx, spec, password, namer.mobile()) for spec in LOGIN_USERS if spec[0] not in taken]
    rows += [User(username=f"zy{n:02d}", role=User.Role.COMMISSIONER, display_name=namer.person(),
                  title="工作专员", phone=namer.mobile(), region=ctx.region, date_joined=JOINED,
                  password=make_password(None), is_active=True)
             for n in range(1, EXTRA_COMMISSIONERS + 1)]
    users = bulk(User, rows) + list(User.objects.filter(username__in=taken))
    for user in users:
        ctx.users[user.username] = user
    ctx.commissioners = sorted((u for u in users if u.role == User.Role.COMMISSIONER), key=lambda u: u.username)
    sync_users(users)


def _login_user(ctx: Ctx, spec: tuple, password: str, phone: str) -> User:
    username, role, display, title, attach = spec
    return User(username=username, role=role, display_name=display, title=title, region=ctx.region,
                park=ctx.parks.get(attach), department=ctx.depts.get(attach), password=password,
                is_staff=role == User.Role.ADMIN, is_superuser=role == User.Role.ADMIN, date_joined=JOINED,
                phone=phone)


def attach_enterprise_user(ctx: Ctx, enterprise) -> None:
    User.objects.filter(pk=ctx.users["enterprise"].pk).update(enterprise=enterprise)
