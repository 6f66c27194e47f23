"""Template context for every page: the main navigation."""
from django.urls import NoReverseMatch, reverse

NAV = [
    ("驾驶舱", "cockpit:dashboard"),
    ("企业", "enterprises:list"),
    ("产业链", "chains:list"),
    ("项目", "projects:list"),
    ("土地厂房", "land:parcels"),
    ("诉求", "service:list"),
    ("政策", "policies:list"),
    ("目标与行动", "targets:list"),
    ("数据导入", "imports:upload"),
    ("指标说明", "cockpit:figures"),
    ("材料生成与核对", "reports:index"),
    ("数据维护", "admin:index"),
]


def nav(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items = []
    for label, name in NAV:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return {"nav_items": items}
