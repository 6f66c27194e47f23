"""Template context for every page: the county the pages are about, and the main navigation, each user
shown only the places they may open."""
from django.urls import NoReverseMatch, reverse

from yuanqu.core.access import is_admin, may_edit
from yuanqu.core.pages import page_region


def _everyone(user) -> bool:
    return True


def _staff(user) -> bool:
    """The admin site (数据维护) lets in staff users only; others would meet its login form."""
    return bool(user.is_active and user.is_staff)


NAV = [
    ("驾驶舱", "cockpit:dashboard", _everyone),
    ("企业", "enterprises:list", _everyone),
    ("产业链", "chains:list", _everyone),
    ("项目", "projects:list", _everyone),
    ("土地厂房", "land:parcels", _everyone),
    ("诉求", "service:list", _everyone),
    ("政策", "policies:list", _everyone),
    ("目标与行动", "targets:list", _everyone),
    ("数据导入", "imports:upload", may_edit),  # the page answers 403 to roles that only read
    ("指标说明", "cockpit:figures", _everyone),
    ("材料生成与核对", "reports:index", _everyone),
    ("系统设置", "system:index", is_admin),  # parks, chains, departments and users of the county
    ("数据维护", "admin:index", _staff),
]


def nav(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    items = []
    for label, name, shown in NAV:
        if not shown(user):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return {"nav_items": items, "page_county": page_region(user)}
