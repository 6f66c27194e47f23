"""材料数字核对 on the sample briefing with the demo data, and the claim rules on small texts."""
from decimal import Decimal

import pytest

from yuanqu.core.periods import Period
from yuanqu.reports.checker import AGREES, DIFFERS, NOT_FOUND, agrees, check_text, find_claims, read_draft

from .conftest import sample_path

P = Period(2023, 8)


@pytest.fixture(scope="module")
def results(demo_county, django_db_blocker):
    from yuanqu.figures.scope import Scope

    path = sample_path()
    with django_db_blocker.unblock():
        found = check_text(read_draft(path.name, path.read_bytes()), Scope.county(demo_county), P)
    return {r.claim.text: r for r in found}, found


pytestmark = pytest.mark.django_db


def test_share_slip_is_flagged(results):
    r = results[0]["84.26%"]
    assert r.status == DIFFERS and r.key == "park.output_share" and r.display == "84.23%"
    assert r.rows_total == 90 + 117 and "84.23%" in r.explanation


def test_start_rate_is_explained_as_by_amount(results):
    r = results[0]["98%"]
    assert r.status == AGREES and r.key == "projects.start_rate.by_amount"
    assert "按投资额" in r.explanation and "按个数计算为95.0%" in r.explanation


@pytest.mark.parametrize("text, key", [
    ("83.98亿元", "industry.output_ytd"), ("增长17.1%", "industry.output_growth"), ("70.74亿元", "park.output_ytd"),
    ("高于时间进度28.83个百分点", "projects.key_province.progress_deviation"),
    ("高于时间进度8.84个百分点", "projects.key_city.progress_deviation"), ("114.88亿元", "projects.signed.investment"),
    ("294.48亿元", "projects.negotiating.investment"), ("42.8亿元", "chains.main_output_ytd"),
    ("81.6亿元", "projects.started.investment"), ("14.9亿元", "projects.production.investment"),
    ("120亩", "land.revitalized_mu"), ("4.6万平方米", "buildings.revitalized_m2"), ("81条", "service.tickets_closed"),
    ("6类", "service.ticket_categories"), ("82条", "policies.count"), ("87.88亿元", "finance.loans"),
    ("8家", "finance.institutions"), ("30家", "service.enterprises_connected"),
])
def test_agrees(results, text, key):
    r = results[0][text]
    assert (r.status, r.key) == (AGREES, key)


def test_lower_bound(results):
    r = results[0]["8000余人"]
    assert r.status == AGREES and r.computed == 8236 and "下限" in r.explanation


def test_future_targets_are_matched_to_targets_or_not_found(results):
    by_text = results[0]
    assert by_text["400亿元"].status == AGREES and by_text["400亿元"].target
    assert by_text["400亿元"].key == "targets.990999-park-output-2025"
    assert by_text["130户"].target and by_text["90%以上"].target
    future = [r for r in results[1] if r.claim.future]
    assert future and all(r.status != DIFFERS for r in future)
    assert by_text["40亿元"].status == NOT_FOUND  # 预计到20xx年完成投资40亿元: no such target


def test_only_the_slip_and_the_quarter_mismatch_differ(results):
    differing = [(r.claim.text, r.key) for r in results[1] if r.status == DIFFERS]
    # 84.26% is the sample's rounding slip; "8个…一季度骏马项目" is checked against the demo's 一季度 list
    assert differing == [("84.26%", "park.output_share"), ("8个", "rankings.steed")]


def test_precision_follows_the_claim():
    claim = find_claims("园区规上工业总产值占全县的84.26%。", P)[0]
    assert not agrees(Decimal("84.2343"), claim)
    claim = find_claims("开工率达98%。", P)[0]
    assert agrees(Decimal("97.99"), claim) and not agrees(Decimal("97.4"), claim)
    claim = find_claims("盘活4.6万平方米闲置厂房。", P)[0]
    assert agrees(Decimal("46000"), claim) and agrees(Decimal("46400"), claim) and not agrees(Decimal("46600"), claim)
    claim = find_claims("输送员工8000余人。", P)[0]
    assert agrees(8236, claim) and not agrees(7999, claim) and not agrees(9000, claim)


def test_claims_and_their_kinds():
    claims = find_claims("1-7月，产值下降3.2%，低于时间进度5.5个百分点，手续办理时间缩短2-3个月，“8+1”园区。", P)
    kinds = [(c.kind, c.number) for c in claims]
    assert kinds == [("growth", Decimal("-3.2")), ("points", Decimal("-5.5"))]
    assert claims[0].period == Period(2023, 7)


def test_docx_drafts_are_read(monthly_docx):
    text = read_draft("draft.docx", monthly_docx)
    assert "83.98亿元" in text
    with pytest.raises(ValueError, match="只支持"):
        read_draft("draft.pdf", b"%PDF")


def test_generated_briefing_checks_clean(monthly_report, demo_county, django_db_blocker):
    """The platform's own briefing, checked against the platform: nothing differs."""
    from yuanqu.figures.scope import Scope

    with django_db_blocker.unblock():
        found = check_text(monthly_report.text(), Scope.county(demo_county), P)
    assert sum(r.status == AGREES for r in found) >= 25
    assert [r.claim.text for r in found if r.status == DIFFERS] == []
