"""Template context for every page: the county the pages are about, and the main navigation, each user
shown only the places they may open (the predicates of yuanqu.core.access)."""
from django.urls import NoReverseMatch, reverse

from yuanqu.core.access import ENTERPRISE, is_admin, may_use_admin, reads_county, reads_figures, role_of
from yuanqu.core.pages import page_region


def _everyone(user) -> bool:
    return True


def _importer(user) -> bool:
    from yuanqu.imports.roles import may_import

    return may_import(user)


NAV = [
    ("驾驶舱", "cockpit:dashboard", reads_figures),
    ("企业", "enterprises:list", _everyone),
    ("产业链", "chains:list", reads_figures),
    ("项目", "projects:list", reads_figures),
    ("土地厂房", "land:parcels", reads_figures),
    ("诉求", "service:list", _everyone),
    ("政策", "policies:list", _everyone),
    ("目标与行动", "targets:list", reads_figures),
    ("数据导入", "imports:upload", _importer),  # the page answers 403 to the others
    ("指标说明", "cockpit:figures", reads_figures),
    ("材料生成与核对", "reports:index", reads_county),
    ("系统设置", "system:index", is_admin),  # parks, chains, departments and users of the county
    ("数据维护", "admin:index", may_use_admin),  # the admin: 系统管理员 only
]


def nav(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    items = []
    if role_of(user) == ENTERPRISE and user.enterprise_id:
        url = reverse("enterprises:detail", args=[user.enterprise_id])
        items.append({"label": "本企业", "url": url, "active": request.path == url})
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
