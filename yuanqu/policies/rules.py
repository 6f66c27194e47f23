"""Who sees policies, pushes and claims: policies are read by every government role of the county
and kept by administrators; an enterprise user reads the policies its firm qualifies for (or was
pushed, or claimed); pushes and claims follow their firm."""
from __future__ import annotations

import json

from django.db.models import Max, Q
from django.utils import timezone

from yuanqu.core.access import Follows, Reference, register

from . import eligibility as elig
from .models import Claim, Policy, Push


def qualifying_ids(enterprise_id) -> list[int]:
    """Policies of the firm's county it meets the conditions of (in the latest year it reported), was
    pushed or claimed: one query for every distinct set of conditions."""
    from yuanqu.enterprises.models import Enterprise

    firm = Enterprise.objects.filter(pk=enterprise_id).annotate(latest=Max("monthly_stats__year")).first()
    if firm is None:
        return []
    year = firm.latest or timezone.localdate().year
    policies = list(Policy.objects.filter(region_id=firm.region_id).values_list("pk", "eligibility"))
    texts = sorted({json.dumps(e, sort_keys=True) for _, e in policies if not elig.problems(e)})
    flags = {}
    if texts:
        classes = [(firm.region_id, json.loads(t)) for t in texts]
        row = elig.flagged(Enterprise.objects.filter(pk=firm.pk), classes, year).values(
            *[f"c{i}" for i in range(len(texts))]).first()
        flags = {t: bool(row[f"c{i}"]) for i, t in enumerate(texts)}
    met = {pk for pk, e in policies if flags.get(json.dumps(e, sort_keys=True))}
    met |= set(Push.objects.filter(enterprise=firm).values_list("policy_id", flat=True))
    met |= set(Claim.objects.filter(enterprise=firm).values_list("policy_id", flat=True))
    return sorted(met)


@register(Policy)
class PolicyRule(Reference):
    def read_enterprise(self, user):
        return Q(pk__in=qualifying_ids(user.enterprise_id))


class OfFirm(Follows):
    parent = "enterprise"
    region = ("policy__region",)


@register(Push)
class PushRule(OfFirm):
    pass


@register(Claim)
class ClaimRule(OfFirm):
    pass
