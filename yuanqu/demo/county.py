"""Build the demo county 示例县 once: idempotent, deterministic, in one transaction."""
from __future__ import annotations

from django.db import transaction

from yuanqu.core.db import analyze
from yuanqu.core.models import DataBatch
from yuanqu.enterprises.models import MonthlyStat
from yuanqu.org.models import Region
from yuanqu.projects.models import Progress

from . import factors, goals, industry, land, org, policies, projects, service
from . import targets as T
from .context import Ctx
from .scope import delete_demo

BATCH_KIND = "demo_county"
# The demo's edition: raise it when the demo gains data (e.g. the recorded 骏马 designations), so that
# `yuanqu demo` rebuilds a county built by an older edition instead of keeping it as complete.
EDITION = "第2版：上级评定记录、GB/T 4754-2017 行业代码"


def county_region() -> Region | None:
    return Region.objects.filter(code=T.COUNTY_CODE).first()


def is_complete() -> bool:
    """The county exists and its build of this edition finished (the batch is written last, in the same
    transaction)."""
    return county_region() is not None and DataBatch.objects.filter(
        source=DataBatch.Source.DEMO, kind=BATCH_KIND, row_count__gt=0, file_name=EDITION).exists()


def ensure_county(reset: bool = False) -> tuple[Region, bool]:
    """(region, built): builds the county unless it is complete; `reset` deletes and rebuilds it."""
    with transaction.atomic():
        if is_complete() and not reset:
            return county_region(), False
        reset_county()
        region = build_county()
    analyze()
    return region, True


def reset_county() -> None:
    region = county_region()
    if region is not None:
        delete_demo([region], BATCH_KIND)
    DataBatch.objects.filter(source=DataBatch.Source.DEMO, kind=BATCH_KIND).delete()


def build_county() -> Region:
    region = org.region_chain((T.PROVINCE_CODE, T.PROVINCE_NAME), (T.CITY_CODE, T.CITY_NAME),
                              (T.COUNTY_CODE, T.COUNTY_NAME))
    batch = DataBatch.objects.create(source=DataBatch.Source.DEMO, kind=BATCH_KIND, file_name=EDITION, period_year=2023,
                                     period_month=12, note=f"{T.COUNTY_NAME}演示数据（yuanqu demo）")
    ctx = Ctx(region=region, batch=batch, seed=T.SEED)
    for step in STEPS:
        step(ctx)
    batch.row_count = MonthlyStat.objects.filter(batch=batch).count() + Progress.objects.filter(batch=batch).count()
    batch.save(update_fields=["row_count"])
    return region


def _people_and_places(ctx: Ctx) -> None:
    org.build_parks(ctx)
    org.build_departments(ctx)
    org.build_users(ctx)


def _industry(ctx: Ctx) -> None:
    industry.build_chains(ctx)
    industry.build_enterprises(ctx)
    industry.build_statistics(ctx)
    org.attach_enterprise_user(ctx, ctx.chains["textile"].owner)


def _projects(ctx: Ctx) -> None:
    projects.build_projects(ctx)
    projects.build_plans(ctx)
    projects.build_leads(ctx)
    projects.build_designations(ctx)


def _service(ctx: Ctx) -> None:
    served = service.build_assignments(ctx)
    service.build_visits(ctx, served)
    service.build_tickets(ctx, served)


def _factors(ctx: Ctx) -> None:
    factors.build_loans(ctx)
    factors.build_labour(ctx)


def _goals(ctx: Ctx) -> None:
    goals.build_targets(ctx)
    goals.build_actions(ctx)


STEPS = (_people_and_places, _industry, _projects, land.build_land, _service, policies.build_policies, _factors,
         _goals)
