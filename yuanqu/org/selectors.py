"""Reads of org: which county a request is about.

`county_for(user)` is the one rule for "the county": every page, list, export, import page,
report, figure page and the cockpit takes its region from it (core reaches it through
`yuanqu.core.access.county_for`, registered in `OrgConfig.ready`).
"""
from __future__ import annotations

from django.conf import settings

from yuanqu.core.access import NoCounty

from .models import Region


def installation_county() -> Region:
    """The county this installation serves: settings.YUANQU_REGION (its code) if set, else the only
    (or first) county."""
    counties = Region.objects.counties()
    code = getattr(settings, "YUANQU_REGION", "")
    if code:
        region = counties.filter(code=code).first()
        if region is None:
            raise NoCounty(f"设置 YUANQU_REGION 指定的县级行政区“{code}”不存在")
        return region
    region = counties.order_by("code").first()
    if region is None:
        raise NoCounty("数据库中没有县级行政区，请先建立本县（yuanqu county create）或生成示例数据（yuanqu demo）")
    return region


def county_for(user=None) -> Region:
    """The region `user`'s pages are about: the user's own region (a county; a city or province
    covers the counties below it), else the installation's county. No user: the installation's."""
    region = getattr(user, "region", None) if user is not None else None
    return region if region is not None else installation_county()
