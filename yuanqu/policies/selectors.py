"""Reads for the policy pages: policies valid in a period, the ones a firm is eligible for."""
from __future__ import annotations

import json

from yuanqu.core.access import visible

from . import eligibility as elig
from .models import Claim, Policy, Push


def valid_policies(user, region, day):
    """Policies of the county issued by `day` and valid on it (the rule of the figure policies.count)."""
    qs = visible(Policy.objects.all(), user)
    if region is not None:
        qs = qs.filter(region=region)
    return qs.filter(issued_date__lte=day).valid_on(day)


def matched_policies(enterprise, user, region, period) -> list[dict]:
    """Valid policies whose eligibility the firm meets: one check per distinct set of conditions.

    Each item: {policy, pushed (date or None), claim (Claim or None)}.
    """
    policies = list(valid_policies(user, region, period.end).order_by("-issued_date", "title"))
    verdicts: dict[str, bool] = {}
    matched = []
    for policy in policies:
        text = json.dumps(policy.eligibility, sort_keys=True)
        if text not in verdicts:
            verdicts[text] = not elig.problems(policy.eligibility) and elig.matches(
                policy.eligibility, enterprise, period.year)
        if verdicts[text]:
            matched.append(policy)
    ids = [p.pk for p in matched]
    pushes = {}
    for policy_id, day in (visible(Push.objects.filter(enterprise=enterprise, policy_id__in=ids), user)
                           .order_by("date").values_list("policy_id", "date")):
        pushes.setdefault(policy_id, day)
    claims = {c.policy_id: c for c in visible(Claim.objects.filter(enterprise=enterprise, policy_id__in=ids), user)}
    return [{"policy": p, "pushed": pushes.get(p.pk), "claim": claims.get(p.pk)} for p in matched]
