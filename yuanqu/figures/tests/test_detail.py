"""Detail rows as people read them (figures.detail): every key the engine yields has a Chinese
column name, and values print as a reader expects."""
import datetime as dt
import re
from decimal import Decimal

import pytest

from yuanqu.core.periods import Period
from yuanqu.figures import detail as D

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.django_db
def test_every_detail_key_of_the_demo_county_has_a_chinese_name(demo_county):
    from yuanqu.chains.models import Chain
    from yuanqu.figures.engine import compute
    from yuanqu.figures.scope import Scope
    from yuanqu.org.models import Park

    scopes = ([Scope.county(demo_county), Scope.parks(demo_county)]
              + [Scope.park(p) for p in Park.objects.filter(region=demo_county)[:2]]
              + [Scope.chain(c) for c in Chain.objects.filter(region=demo_county)[:2]])
    unnamed, seen = set(), set()
    for scope in scopes:
        for period in (Period(2023, 3), Period(2023, 8), Period(2023, 12)):
            for fig in compute(scope, period).figures():
                for item in fig.detail or ():
                    for key in item:
                        if key in D.HIDDEN:
                            continue
                        seen.add(key)
                        if not CJK.search(D.label(fig.key, key)):
                            unnamed.add((fig.key, key))
    assert len(seen) > 40  # the demo county exercises the detail of nearly every group
    assert not unnamed, sorted(unnamed)


def test_labels_by_group_before_common_ones():
    assert D.label("policies.reach_rate", "reached") == "已推送企业数"
    assert D.label("targets.990999-fai-growth-2023", "reached") == "是否达成"
    assert D.label("unknown.key", "no_such_field") == "no_such_field"  # shown as is, never hidden


@pytest.mark.parametrize("value, shown", [
    (None, "—"), ("", "—"), (True, "是"), (False, "否"), (Decimal("120.00"), "120"),
    (Decimal("1E+2"), "100"), (Decimal("103.0049"), "103"), (Decimal("65.50"), "65.5"), (dt.date(2023, 8, 31), "2023-08-31"), (3, "3"), ("红灯", "红灯"),
])
def test_printable(value, shown):
    assert D.printable(value) == shown


def test_table_hides_ids_and_codes_shown_otherwise_and_fills_gaps():
    table = D.table("projects.key_city.progress_deviation", [
        {"pk": 1, "project": "P1", "light": "red", "light_label": "红灯", "reason": None},
        {"pk": 2, "project": "P2", "light": "green", "light_label": "绿灯", "extra": True},
    ])
    assert table["columns"] == ["项目编号", "亮灯", "原因", "extra"]
    assert table["rows"] == [["P1", "红灯", "—", "—"], ["P2", "绿灯", "—", "是"]]
