"""Property tests: on random data the engine's SQL aggregates equal naive sums over the rows,
park figures add up to the all-parks figure, and shares lie in [0, 100]."""
import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from yuanqu.core.periods import Period
from yuanqu.figures.base import growth
from yuanqu.figures.engine import compute
from yuanqu.figures.scope import Scope
from yuanqu.org.factories import ParkFactory, RegionFactory
from yuanqu.projects.factories import ProjectFactory, StageChangeFactory

from .helpers import firm, stat

AUG = Period(2023, 8)
money = st.one_of(st.none(), st.integers(min_value=0, max_value=10**9).map(lambda c: Decimal(c) / 100))
firm_rows = st.lists(st.fixed_dictionaries({
    "park": st.integers(min_value=-1, max_value=2),  # −1: outside the parks
    "roster": st.sampled_from(["on", "left", "late"]),  # on the roster / left it / joins in September
    "cur": money, "prev": money, "last": money,
}), max_size=9)
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def build(rows):
    region = RegionFactory(code="519900", name="性质县")
    parks = [ParkFactory(region=region, code=f"H{i}") for i in range(3)]
    made = []
    for row in rows:
        years = {"on": (2023,), "left": (2022,), "late": (2023,)}[row["roster"]]
        e = firm(region, parks[row["park"]] if row["park"] >= 0 else None, years=years,
                 joined_month=9 if row["roster"] == "late" else 1)
        stat(e, 8, output_cum=row["cur"], output_prev_cum=row["prev"])
        stat(e, 7, output_cum=row["last"], output_prev_cum=None)
        made.append((e, row))
    return region, parks, made


def naive(made, keep=lambda e: True):
    """The figures recomputed the simple way, row by row."""
    s = [row for e, row in made if row["roster"] == "on" and keep(e)]
    total = sum((r["cur"] for r in s if r["cur"] is not None), Decimal(0))
    pairs = [r for r in s if r["cur"] is not None and r["prev"] is not None]
    base_cur = sum((r["cur"] for r in pairs), Decimal(0))
    base_prev = sum((r["prev"] for r in pairs), Decimal(0))
    month = [r["cur"] - r["last"] for r in s if r["cur"] is not None and r["last"] is not None]
    return {"n": len(s), "total": total, "reported": sum(1 for r in s if r["cur"] is not None),
            "base": (base_cur, base_prev), "month": sum(month, Decimal(0)) if month else None}


class IndustryProperties(TestCase):
    @FAST
    @given(firm_rows)
    def test_engine_sums_equal_naive_sums(self, rows):
        region, parks, made = build(rows)
        expected = naive(made)
        figs = compute(Scope.county(region), AUG, keys=["industry."])
        # no firm of the county on the year's roster: the roster is missing, the totals unknown
        self.assertEqual(figs["industry.above_scale_count"].value, expected["n"] or None)
        ytd = figs["industry.output_ytd"].value
        if not expected["n"] or not expected["reported"]:
            self.assertIsNone(ytd)
        else:
            self.assertEqual(ytd, expected["total"])
        g = figs["industry.output_growth"]
        if expected["base"][1] > 0:
            self.assertEqual((g.numerator, g.denominator), expected["base"])
            self.assertEqual(g.value, growth(*expected["base"]))
        else:
            self.assertIsNone(g.value)
        if expected["n"]:
            self.assertEqual(figs["industry.output_month"].value, expected["month"])

    @FAST
    @given(firm_rows)
    def test_parks_add_up_and_shares_are_bounded(self, rows):
        region, parks, made = build(rows)
        every = compute(Scope.parks(region), AUG, keys=["park."])
        per_park = [compute(Scope.park(p), AUG, keys=["park."]) for p in parks]
        self.assertEqual(sum(f["park.above_scale_count"].value or 0 for f in per_park),
                         every["park.above_scale_count"].value or 0)
        self.assertEqual(sum(f["park.output_ytd"].value or 0 for f in per_park), every["park.output_ytd"].value or 0)
        self.assertEqual(every["park.output_ytd"].value or 0,
                         naive(made, lambda e: e.park_id is not None)["total"])
        detail = every["park.output_share"].detail
        self.assertEqual([d["output_ytd"] for d in detail], [f["park.output_ytd"].value or 0 for f in per_park])
        shares = [every["park.output_share"].value] + [f["park.output_share"].value for f in per_park]
        for share in shares:
            if share is not None:
                self.assertTrue(0 <= share <= 100, share)
        county = compute(Scope.county(region), AUG, keys=["industry.output_ytd"])["industry.output_ytd"].value or 0
        if county > 0 and every["park.output_ytd"].value is not None:
            self.assertIsNotNone(every["park.output_share"].value)


stage_events = st.lists(st.tuples(
    st.sampled_from(["negotiating", "signed", "started"]),
    st.dates(min_value=dt.date(2022, 10, 1), max_value=dt.date(2023, 10, 31)),
    st.integers(min_value=0, max_value=10**7).map(lambda c: Decimal(c) / 100),
), max_size=4)


class ProjectProperties(TestCase):
    @FAST
    @given(st.lists(stage_events, max_size=6))
    def test_signing_counts_equal_a_naive_walk(self, projects):
        region = RegionFactory(code="519901", name="项目县")
        start, end = AUG.start, AUG.end
        expected_n, expected_amount, expected_started = 0, Decimal(0), 0
        for events in projects:
            p = ProjectFactory(region=region)
            for stage, day, amount in events:
                StageChangeFactory(project=p, stage=stage, date=day, amount=amount if stage == "signed" else None)
            signed = sorted(d for s, d, _ in events if s == "signed")
            expected_n += bool(signed) and start <= signed[0] <= end
            expected_amount += sum((a for s, d, a in events if s == "signed" and start <= d <= end), Decimal(0))
            started = sorted(d for s, d, _ in events if s == "started")
            expected_started += bool(started) and start <= started[0] <= end
        figs = compute(Scope.county(region), AUG, keys=["projects.signed", "projects.started.count"])
        self.assertEqual(figs["projects.signed.count"].value, expected_n)
        self.assertEqual(figs["projects.signed.investment"].value, expected_amount)
        self.assertEqual(figs["projects.started.count"].value, expected_started)
