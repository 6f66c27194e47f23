"""材料数字核对 on the sample briefing and on the platform's own monthly briefing, against the demo county."""
import pytest
from django.core.management import call_command

from yuanqu.core.periods import Period
from yuanqu.reports.checker import AGREES, DIFFERS, NOT_FOUND, PLAN, check_text, read_draft, read_draft_file

from .conftest import sample_path

P = Period(2023, 8)
pytestmark = pytest.mark.django_db


def _check(demo_county, django_db_blocker, draft, period=P):
    from yuanqu.figures.scope import Scope

    with django_db_blocker.unblock():
        return check_text(draft, Scope.county(demo_county), period)


@pytest.fixture(scope="module")
def sample(demo_county, django_db_blocker):
    """The sample checked with its period left to the checker (the draft's own: 1-8月, dated 2023)."""
    check = _check(demo_county, django_db_blocker, read_draft_file(sample_path()), None)
    return {r.claim.text: r for r in check}, check


def test_the_period_is_the_drafts_own(sample):
    check = sample[1]
    assert check.period == P and check.draft_period.words == "1-8月" and check.warnings == []
    assert any("2023年" in note for note in check.notes)  # the year is read from the draft's date


def test_only_what_is_wrong_differs(sample):
    differing = [(r.claim.text, r.key) for r in sample[1] if r.status == DIFFERS and r.key != "rankings.steed"]
    assert differing == [("84.26%", "park.output_share")]


def test_the_share_slip_is_explained(sample):
    r = sample[0]["84.26%"]
    assert r.display == "84.23%" and r.rows_total == 90 + 117
    assert r.url == "/figures/park.output_share/?period=2023-08&scope=county"
    hint = " ".join(r.hints)
    assert "70.74亿元 ÷ 83.98亿元 × 100 = 84.23%" in hint and "相互矛盾" in hint and "舍入" in hint


def test_the_start_rate_is_explained_as_by_amount(sample):
    r = sample[0]["98%"]
    assert r.status == AGREES and r.key == "projects.start_rate.by_amount"
    assert "按投资额" in r.explanation and "按个数计算为95.0%（19个 ÷ 20个" in r.explanation


def test_the_eight_steed_projects_agree_with_the_recorded_designation(sample):
    r = next(r for r in sample[1] if "骏马" in r.claim.segment)  # 8个项目成为一季度全市“骏马项目”
    assert r.claim.text == "8个" and r.period == Period(2023, 3)
    assert (r.status, r.key) == (AGREES, "designations.steed")


@pytest.mark.parametrize("text, key", [
    ("83.98亿元", "industry.output_ytd"), ("增长17.1%", "industry.output_growth"), ("70.74亿元", "park.output_ytd"),
    ("高于时间进度28.83个百分点", "projects.key_province.progress_deviation"),
    ("高于时间进度8.84个百分点", "projects.key_city.progress_deviation"), ("114.88亿元", "projects.signed.investment"),
    ("294.48亿元", "projects.negotiating.investment"), ("42.8亿元", "chains.main_output_ytd"),
    ("81.6亿元", "projects.started.investment"), ("19个", "projects.started.count"),
    ("14.9亿元", "projects.production.investment"), ("120亩", "land.revitalized_mu"),
    ("4.6万平方米", "buildings.revitalized_m2"), ("81条", "service.tickets_closed"),
    ("6类", "service.ticket_categories"), ("82条", "policies.count"), ("87.88亿元", "finance.loans"),
    ("8家", "finance.institutions"), ("30家", "service.enterprises_connected"),
])
def test_agrees(sample, text, key):
    r = sample[0][text]
    assert (r.status, r.key) == (AGREES, key)
    assert r.url == f"/figures/{key}/?period=2023-08&scope=county"


def test_lower_bound(sample):
    r = sample[0]["8000余人"]
    assert r.status == AGREES and r.computed == 8236 and "下限" in r.explanation


def test_plans_and_targets_are_never_compared_with_actuals(sample):
    by_text, check = sample
    assert by_text["400亿元"].status == AGREES and by_text["400亿元"].target
    assert by_text["400亿元"].key == "targets.990999-park-output-2025"
    assert by_text["130户"].target and by_text["90%以上"].target and by_text["增长7.8%"].target
    assert by_text["14个"].status == AGREES and "产业项目落地促建攻坚行动" in by_text["14个"].explanation
    signed = by_text["10个以上"]  # 力争年内签约项目10个以上: a plan, the action's goal is 30
    assert signed.status == PLAN and "全年签约项目30个以上" in " ".join(signed.hints)
    plans = [r for r in check if r.claim.mood == "plan"]
    assert len(plans) == 14 and all(r.status != DIFFERS and r.target for r in plans if r.status != NOT_FOUND)


def test_a_done_task_is_a_recorded_fact(sample):
    r = sample[0]["27项"]  # 下放27项行政审批及管理职能到园区
    assert r.status == AGREES and "已完成" in r.explanation and r.url.startswith("/targets/actions/")


def test_the_platforms_own_briefing_is_recognized_and_agrees(demo_county, django_db_blocker, tmp_path):
    """The current monthly briefing, written by the platform and read back: ≥ 90 % of its figures found, none
    differing (its wording is the briefing templates'; the checker reads it by the figure vocabulary)."""
    path = tmp_path / "月调度.docx"
    with django_db_blocker.unblock():
        call_command("report", "monthly", "--period", "2023-08", "--format", "docx", "-o", str(path))
    check = _check(demo_county, django_db_blocker, read_draft(path.name, path.read_bytes()), None)
    assert check.period == P and check.warnings == []
    assert len(check) >= 50 and check.recognized >= 0.9, [r.claim.text for r in check if r.status == NOT_FOUND]
    assert [(r.claim.where, r.claim.text, r.full_explanation) for r in check if r.status == DIFFERS] == []
    compared = [r for r in check if r.status in (AGREES, DIFFERS) and not r.key.startswith("published.")]
    assert all(r.url for r in compared)  # each row links to its figure page (or the action it matches)
    figures = [r for r in compared if r.url.startswith("/figures/")]
    assert len(figures) >= 40 and all(r.url.startswith(f"/figures/{r.key}/?period={r.period}&scope=") for r in figures)
