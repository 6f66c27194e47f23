"""The figures the demo county must give, in one place.

The demo county 示例县 is built so that the definitions of docs/figures.md, applied to period
2023-08 (1—8月), give the figures of the August 2023 sample briefing. Every builder derives its
distributions from the constants below: random weights are scaled to these totals, rounded, and
the rounding remainder is put on one row, so the sums are exact. Money is 万元 (Decimal).
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal as D

SEED = "示例县-2023-08"

# --- regions (province → city → county) -------------------------------------------------------
# 99: no real province has it, and the test factories' codes (51xxxx) never reach it
PROVINCE_CODE, PROVINCE_NAME = "990000", "示例省"
CITY_CODE, CITY_NAME = "990900", "示例市"
COUNTY_CODE, COUNTY_NAME = "990999", "示例县"

# --- the report period and its window W = [Y-01-01, E] ----------------------------------------
YEAR, MONTH = 2023, 8
W_START, W_END = date(2023, 1, 1), date(2023, 8, 31)
STAT_YEARS = (2022, 2023)  # monthly statistics 2022-01 … 2023-12

# --- industry: 规上 output 1—8月 2023 ----------------------------------------------------------
COUNTY_OUTPUT = D("839800.00")       # 83.98亿元
COUNTY_OUTPUT_PREV = D("717165.00")  # 上年同期 over the same firms: 839800/717165 − 1 = 17.09997% → 17.1%
PARK_FIRMS = 90
PARK_OUTPUT = D("707400.00")         # 70.74亿元; share 707400/839800 = 84.2343% → 84.23%
MAIN_CHAIN_OUTPUT = D("428000.00")   # 42.8亿元 over the distinct firms of the three main chains
LATE_FIRM_PREV = D("600.00")         # 上年同期 of the firm that joined the roster in May 2023


@dataclass(frozen=True)
class Cell:
    """A group of firms with one park, one chain and an exact 1—8月 2023 output total.

    kind: regular (on the 2022 and 2023 rosters) · new (joined January 2023, 上年同期 0) ·
    late (joined May 2023, small 上年同期) · midyear (joined October 2023: out of 1—8月) ·
    left (on the 2022 roster only: its 2023 rows must be excluded).
    """

    park: str | None
    chain: str | None
    count: int
    output: D
    kind: str = "regular"


CELLS = (
    Cell("clothing", "textile", 30, D("198000.00")),
    Cell("general", "textile", 4, D("17000.00")),
    Cell("battery", "battery", 11, D("92000.00")),
    Cell("battery", "battery", 1, D("6000.00"), "new"),
    Cell("food", "food", 13, D("88500.00")),
    Cell("food", "food", 1, D("3500.00"), "late"),
    Cell("general", "building", 10, D("86400.00")),
    Cell("general", None, 14, D("156000.00")),
    Cell("clothing", None, 3, D("24000.00")),
    Cell("food", None, 3, D("36000.00")),
    Cell(None, "textile", 4, D("14000.00")),
    Cell(None, "food", 3, D("9000.00")),
    Cell(None, None, 20, D("109400.00")),
    # not in S(2023, 8): excluded by the rules, but present with 2023 rows
    Cell(None, None, 1, D("2600.00"), "midyear"),
    Cell("general", None, 1, D("1800.00"), "left"),
    Cell("clothing", "textile", 1, D("1500.00"), "left"),
    Cell(None, None, 3, D("3900.00"), "left"),
)
IN_S_KINDS = ("regular", "new", "late")
MAIN_CHAINS = ("textile", "food", "battery")
SMALL_FIRMS_PER_PARK = {"general": 16, "clothing": 14, "battery": 6, "food": 10}  # 规下, no roster

# --- projects (W = 2023-01-01 … 2023-08-31) ---------------------------------------------------
SIGNED_COUNT = 20
SIGNED_AMOUNT = D("1148800.00")      # 114.88亿元: Σ 签约 amounts in W (first signings + one 增资)
CAPITAL_INCREASE = D("12000.00")     # the 增资 signing in July 2023, counted in the amount only
NEGOTIATING_COUNT = 23
NEGOTIATING_INVESTMENT = D("2944800.00")  # 294.48亿元, stage 洽谈 as of 2023-08-31
PLAN_START_COUNT = 20
PLAN_START_INVESTMENT = D("832700.00")    # 83.27亿元, AnnualPlan(2023, plan_start)
STARTED_COUNT = 19
STARTED_INVESTMENT = D("816000.00")       # 81.6亿元 → 95.0% by count, 97.99% → 98.0% by amount
COMPLETED_COUNT = 8
COMPLETED_INVESTMENT = D("149000.00")     # 14.9亿元, 竣工 and 投产 in W
KEY_PROVINCE_PLANNED = D("186400.00")
KEY_PROVINCE_DONE = D("178012.00")        # 95.50% → +28.83 points over 66.67%
KEY_CITY_PLANNED = D("143700.00")
KEY_CITY_DONE = D("108507.87")            # 75.51% → +8.84 points

# --- land and buildings ----------------------------------------------------------------------
SUPPLIED_AREA = D("6000.00")         # Σ area_mu of parcels supplied by E, not 已收回
SUPPLIED_DEVELOPED = D("5478.00")    # 土地建成率 5478/6000 = 91.30%
REVITALIZED_MU = (D("35.50"), D("28.00"), D("22.50"), D("18.00"), D("16.00"))  # Σ 120亩
REVITALIZED_M2 = (D("15000.00"), D("12600.00"), D("10400.00"), D("8000.00"))   # Σ 4.6万㎡

# --- service, policies, factors --------------------------------------------------------------
CONNECTED_ENTERPRISES = 30
TICKETS_CLOSED = 81
TICKET_CATEGORIES_CLOSED = 6
POLICIES_VALID = 82
INSTITUTIONS = 8
LOANS_AMOUNT = D("878800.00")        # 87.88亿元
LABOUR_SUPPLIED = 8236               # “8000余人”

# --- targets (targets.Target) -----------------------------------------------------------------
TARGET_YEAR = 2025


@dataclass(frozen=True)
class TargetSpec:
    slug: str
    name: str
    indicator: str
    scope: str
    year: int
    value: D
    unit: str
    is_annual: bool = False


TARGETS = (
    TargetSpec("park-output", "园区工业总产值", "park.output_ytd", "parks", 2025, D("4000000"), "万元"),
    TargetSpec("park-above-scale", "园区规上工业企业", "park.above_scale_count", "parks", 2025, D("130"), "户"),
    TargetSpec("billion-new", "新增10亿级企业", "enterprises.billion_new_count", "county", 2025, D("10"), "户"),
    TargetSpec("listed", "培育上市企业", "enterprises.listed_count", "county", 2025, D("2"), "户"),
    TargetSpec("treasure", "培育“镇园之宝”企业", "enterprises.treasure_count", "parks", 2025, D("11"), "户"),
    TargetSpec("land-use", "已供土地利用率", "land.supplied_use_rate", "parks", 2025, D("90"), "%"),
    TargetSpec("hundred-billion", "百亿级产业集群", "chains.hundred_billion_count", "county", 2025, D("3"), "个"),
    TargetSpec("fai-growth", "全社会固定资产投资增长", "published.fai_growth", "county", 2023, D("10"), "%", True),
    TargetSpec("gdp-growth", "地区生产总值增长", "published.gdp_growth", "county", 2023, D("7.8"), "%", True),
)
