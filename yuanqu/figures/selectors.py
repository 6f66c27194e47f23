"""The rows of a scope, model by model (docs/figures.md, "Scope").

county = all rows of the region (a city or province region covers the counties below it);
parks = rows whose enterprise or project is in a park; park:CODE = rows of that park;
chain:CODE = enterprises of the chain (named on the roster or on one of its segments; each once), projects on a
segment of the chain. Every queryset starts from `visible()`, the one hook for role rules.
"""
from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from yuanqu.chains.models import Chain, ChainSegment
from yuanqu.core.access import visible
from yuanqu.enterprises import models as enterprise_models
from yuanqu.enterprises.models import Enterprise, MonthlyStat
from yuanqu.factors.models import LabourSupply, Loan
from yuanqu.land.models import FactoryBuilding, LandParcel, Revitalization, Tenancy
from yuanqu.org.models import Park
from yuanqu.policies.models import Policy, Push
from yuanqu.projects.models import Project
from yuanqu.service.models import Assignment, Ticket

from .engine import memo

def chain_member_ids(chain):
    """Enterprise ids of the chain's firms (a subquery; enterprises.models.chain_member_ids is the rule)."""
    return enterprise_models.chain_member_ids([chain.pk])


def main_chain_member_ids(region):
    return enterprise_models.chain_member_ids(Chain.objects.filter(region.within_q("region"), is_main=True))


# --- enterprises and their statistics -------------------------------------------------------

@memo
def enterprises(scope):
    qs = visible(Enterprise.objects.in_region(scope.region))
    if scope.kind == "parks":
        return qs.in_parks()
    if scope.kind == "park":
        return qs.in_park(scope.park)
    if scope.kind == "chain":
        return qs.filter(pk__in=chain_member_ids(scope.chain))
    return qs


def roster(scope, period, enterprise_qs=None):
    """S(Y, scope): enterprises of the scope on the 规上 roster of Y, joined by month N (DOMAIN §2)."""
    qs = enterprises(scope) if enterprise_qs is None else enterprise_qs
    return qs.filter(roster_entries__year=period.year, roster_entries__joined_month__lte=period.month)


def monthly_stats(enterprise_qs, year, month):
    """MonthlyStat rows of the given enterprises for 1—month of year."""
    return visible(MonthlyStat.objects.filter(enterprise__in=enterprise_qs, year=year, month=month))


# --- chains ---------------------------------------------------------------------------------

@memo
def chains(scope):
    qs = visible(Chain.objects.in_region(scope.region))
    return qs.filter(pk=scope.chain.pk) if scope.kind == "chain" else qs


@memo
def segments(scope):
    qs = visible(ChainSegment.objects.filter(scope.region.within_q("chain__region")))
    return qs.filter(chain=scope.chain) if scope.kind == "chain" else qs


@memo
def parks(scope):
    qs = visible(Park.objects.in_region(scope.region))
    return qs.filter(pk=scope.park.pk) if scope.kind == "park" else qs


# --- projects -------------------------------------------------------------------------------

@memo
def projects(scope):
    qs = visible(Project.objects.in_region(scope.region))
    if scope.kind == "parks":
        return qs.filter(park__isnull=False)
    if scope.kind == "park":
        return qs.in_park(scope.park)
    if scope.kind == "chain":
        return qs.in_chain(scope.chain)
    return qs


# --- rows that belong to an enterprise or a project -----------------------------------------

def linked_q(scope, enterprise: str = "enterprise", project: str = "project") -> Q:
    """Rows whose enterprise or project is in the scope (for models without a region)."""
    e, p = f"{enterprise}__", f"{project}__"
    in_region = scope.region.within_q(e + "region") | scope.region.within_q(p + "region")
    if scope.kind == "parks":
        return in_region & (Q(**{e + "park__isnull": False}) | Q(**{p + "park__isnull": False}))
    if scope.kind == "park":
        return Q(**{e + "park": scope.park}) | Q(**{p + "park": scope.park})
    if scope.kind == "chain":
        return (Q(**{e + "pk__in": chain_member_ids(scope.chain)})
                | Q(**{p + "segment__chain": scope.chain}))
    return in_region


@memo
def tickets(scope):
    qs = visible(Ticket.objects.in_region(scope.region))
    return qs if scope.kind == "county" else qs.filter(linked_q(scope))


def assignments(scope):
    return visible(Assignment.objects.filter(linked_q(scope)))


def of_enterprises(scope, path: str = "enterprise") -> Exists:
    """The row's enterprise is one of the scope's: a correlated EXISTS, so the database reads the
    (few) rows of the table and probes each one's enterprise by key, instead of probing the table once
    for every enterprise of the scope (at province scale 20,000 probes into a small table)."""
    return Exists(enterprises(scope).filter(pk=OuterRef(path)))


def loans(scope):
    return visible(Loan.objects.filter(of_enterprises(scope)))


def labour_supplies(scope):
    return visible(LabourSupply.objects.filter(of_enterprises(scope)))


@memo
def policies(scope):
    """Policies are listed per county (梳理); every scope of the county shares them."""
    return visible(Policy.objects.in_region(scope.region))


def pushes(scope):
    return visible(Push.objects.filter(policy__in=policies(scope), enterprise__in=enterprises(scope)))


# --- land and buildings ---------------------------------------------------------------------

@memo
def parcels(scope):
    qs = visible(LandParcel.objects.in_region(scope.region))
    if scope.kind == "park":
        return qs.in_park(scope.park)
    if scope.kind == "chain":
        return qs.filter(Q(holder__in=chain_member_ids(scope.chain)) | Q(project__segment__chain=scope.chain))
    return qs


@memo
def buildings(scope):
    qs = visible(FactoryBuilding.objects.in_region(scope.region))
    if scope.kind == "park":
        return qs.in_park(scope.park)
    if scope.kind == "chain":
        tenants = Tenancy.objects.filter(enterprise__in=chain_member_ids(scope.chain)).values("building_id")
        return qs.filter(pk__in=tenants)
    return qs


def revitalizations(scope):
    return visible(Revitalization.objects.filter(Q(parcel__in=parcels(scope)) | Q(building__in=buildings(scope))))
