"""All rows that belong to a set of demo regions, in an order that can be deleted front to back.

Used by `--reset` (delete the demo) and by the fingerprint that proves idempotence and determinism.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.db.models import Q

from yuanqu.accounts.models import User
from yuanqu.chains.models import Chain, ChainSegment
from yuanqu.core.models import DataBatch
from yuanqu.enterprises.models import Enterprise, MonthlyStat, RosterEntry
from yuanqu.factors.models import Institution, LabourDemand, LabourSupply, Loan
from yuanqu.land.models import FactoryBuilding, LandParcel, Revitalization, Tenancy
from yuanqu.org.models import Department, Park, ParkZone, Region
from yuanqu.policies.models import Claim, Policy, Push
from yuanqu.projects.models import AnnualPlan, Designation, Lead, Progress, Project, StageChange
from yuanqu.service.models import Assignment, Ticket, TicketCategory, TicketEvent, Visit
from yuanqu.targets.models import Action, PublishedIndicator, Target, Task

from .service import CODE_PREFIX

SHARED = ("institution", "category", "parent")  # deleted only when no longer used


def demo_querysets(regions: Iterable[Region], batch_kind: str) -> list:
    """[(label, queryset)] children first. `regions` are the counties; their parents follow at the end."""
    r = list(regions)
    on_ent = Q(enterprise__region__in=r)
    on_ent_or_project = Q(enterprise__region__in=r) | Q(project__region__in=r)
    institutions = Institution.objects.filter(loans__enterprise__region__in=r).distinct()
    parents = Region.objects.filter(pk__in=ancestor_ids(r))
    return [
        ("ticket_event", TicketEvent.objects.filter(ticket__region__in=r)),
        ("ticket", Ticket.objects.filter(region__in=r)),
        ("category", TicketCategory.objects.filter(code__startswith=CODE_PREFIX)),
        ("claim", Claim.objects.filter(policy__region__in=r)),
        ("push", Push.objects.filter(policy__region__in=r)),
        ("policy", Policy.objects.filter(region__in=r)),
        ("task_project", Task.projects.through.objects.filter(task__action__region__in=r)),
        ("task", Task.objects.filter(action__region__in=r)),
        ("action", Action.objects.filter(region__in=r)),
        ("target", Target.objects.filter(region__in=r)),
        ("published", PublishedIndicator.objects.filter(region__in=r)),
        ("revitalization", Revitalization.objects.filter(Q(parcel__park__region__in=r)
                                                         | Q(building__park__region__in=r))),
        ("tenancy", Tenancy.objects.filter(building__park__region__in=r)),
        ("building", FactoryBuilding.objects.filter(park__region__in=r)),
        ("parcel", LandParcel.objects.filter(park__region__in=r)),
        ("institution", institutions),  # listed before loans so that they are found; deleted after
        ("loan", Loan.objects.filter(on_ent)),
        ("labour_supply", LabourSupply.objects.filter(on_ent)),
        ("labour_demand", LabourDemand.objects.filter(on_ent)),
        ("visit", Visit.objects.filter(on_ent_or_project)),
        ("assignment", Assignment.objects.filter(on_ent_or_project)),
        ("designation", Designation.objects.filter(region__in=r)),
        ("progress", Progress.objects.filter(project__region__in=r)),
        ("plan", AnnualPlan.objects.filter(project__region__in=r)),
        ("stage_change", StageChange.objects.filter(project__region__in=r)),
        ("lead", Lead.objects.filter(region__in=r)),
        ("project", Project.objects.filter(region__in=r)),
        ("monthly_stat", MonthlyStat.objects.filter(on_ent)),
        ("roster", RosterEntry.objects.filter(on_ent)),
        ("enterprise_segment", Enterprise.segments.through.objects.filter(enterprise__region__in=r)),
        ("enterprise", Enterprise.objects.filter(region__in=r)),
        ("segment", ChainSegment.objects.filter(chain__region__in=r)),
        ("chain", Chain.objects.filter(region__in=r)),
        ("user", User.objects.filter(region__in=r)),
        ("department", Department.objects.filter(region__in=r)),
        ("zone", ParkZone.objects.filter(park__region__in=r)),
        ("park", Park.objects.filter(region__in=r)),
        ("batch", DataBatch.objects.filter(source=DataBatch.Source.DEMO, kind=batch_kind)),
        ("county", Region.objects.filter(pk__in=[x.pk for x in r])),
        ("parent", parents),
    ]


def ancestor_ids(regions: list[Region]) -> list[int]:
    ids, level = [], [x.parent_id for x in regions if x.parent_id]
    while level:
        ids += level
        level = list(Region.objects.filter(pk__in=level, parent__isnull=False).values_list("parent_id", flat=True))
    return sorted(set(ids))


def delete_demo(regions: Iterable[Region], batch_kind: str) -> None:
    """Delete every row of the demo regions; shared rows (institutions, ticket categories, parent regions)
    only when no longer used."""
    sets = demo_querysets(regions, batch_kind)
    institution_ids = list(dict(sets)["institution"].values_list("pk", flat=True))
    parent_ids = list(dict(sets)["parent"].values_list("pk", flat=True))
    for label, qs in sets:
        if label not in SHARED:
            qs.delete()
    Institution.objects.filter(pk__in=institution_ids, loans__isnull=True).delete()
    TicketCategory.objects.filter(code__startswith=CODE_PREFIX, tickets__isnull=True).delete()
    for level in (Region.Level.COUNTY, Region.Level.CITY, Region.Level.PROVINCE):
        Region.objects.filter(pk__in=parent_ids, level=level, children__isnull=True).delete()


SKIP_FIELDS = {"created_at", "updated_at", "password", "last_login"}


def fingerprint(regions: Iterable[Region], batch_kind: str) -> dict[str, tuple[int, str]]:
    """label → (row count, sha256 of the rows). Keys are replaced by ordinals within the demo's rows, so two
    builds in different databases (or after a reset) compare equal when their data are the same."""
    sets = demo_querysets(regions, batch_kind)
    ids: dict = {}
    for _, qs in sets:
        ids.setdefault(qs.model, set()).update(qs.values_list("pk", flat=True))
    ordinals = {model: {pk: i for i, pk in enumerate(sorted(pks))} for model, pks in ids.items()}
    return {label: _digest(qs, ordinals) for label, qs in sets}


def _digest(qs, ordinals: dict) -> tuple[int, str]:
    fields = [f for f in qs.model._meta.concrete_fields if f.name not in SKIP_FIELDS]
    names = [f.attname for f in fields]
    maps = [ordinals.get(f.related_model if f.is_relation else qs.model if f.primary_key else None) for f in fields]
    digest = hashlib.sha256()
    count = 0
    for row in qs.order_by("pk").values_list(*names):
        digest.update(repr(tuple(m.get(v, v) if m is not None else v for m, v in zip(maps, row))).encode())
        count += 1
    return count, digest.hexdigest()
