"""Land and building pages: parcels with the engine's idle (53号令) and low-efficiency judgements,
standard factory buildings with vacancy, their details and edit forms."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import DecimalField, ExpressionWrapper, F
from django.shortcuts import render

from yuanqu.core import options
from yuanqu.core.access import may_edit, visible
from yuanqu.core.forms import PageForm
from yuanqu.core.lists import YES_NO, Choice, Column, ListPage, Search, choices_of, flag
from yuanqu.core.pages import EditPage, field_rows, figure_cards, get_visible, page_period, page_region
from yuanqu.figures.base import ratio
from yuanqu.figures.engine import compute
from yuanqu.figures.scope import Scope

from .models import FactoryBuilding, LandParcel

JUDGEMENTS = (("idle", "land.idle", "闲置土地", "bad"), ("low", "land.low_efficiency", "低效用地", "warn"))
TABS = (("地块", "land:parcels"), ("标准厂房", "land:buildings"))
IN_COUNTY = "park__region"  # parcels and buildings belong to the county of their park


def land_figures(region, period):
    return compute(Scope.county(region), period, keys=["land."]) if region is not None else None


def judgements(figs) -> dict[str, list[dict]]:
    """Parcel code → [{label, tone, reason, action}] from the engine's land.idle / land.low_efficiency detail."""
    if figs is None:
        return {}
    found: dict[str, list[dict]] = {}
    for _, key, label, tone in JUDGEMENTS:
        for item in figs[key].detail:
            found.setdefault(item["parcel"], []).append(
                {"label": label, "tone": tone, "reason": item.get("reason", ""), "action": item.get("action", "")})
    return found


def judged_codes(page, which: str) -> list[str]:
    label = next(label for stem, _, label, _ in JUDGEMENTS if stem == which)
    return [code for code, items in page.judged.items() if any(i["label"] == label for i in items)]


class ParcelList(ListPage):
    model = LandParcel
    title = "土地厂房"
    region_path = IN_COUNTY
    detail_url = "land:parcel"
    uses_period = True
    select_related = ("park", "holder", "project")
    default_sort = "code"
    tabs = TABS
    intro = "闲置与低效研判由指标引擎按期末日期计算（闲置：国土资源部令第53号第二条；低效：认定或容积率、亩均税收规则）。"
    columns = [
        Column("code", link=True),
        Column("name"),
        Column("park", sort=("park__sort", "park__code")),
        Column("area_mu", "面积（亩）"),
        Column("status"),
        Column("supplied_date"),
        Column("agreed_start_date"),
        Column("holder_label", "用地单位", sort=("holder__name", "holder_name")),
        Column("plot_ratio"),
        Column("developed_area_mu", "已开发面积（亩）"),
        Column("tags", "研判", kind="tags", sort=False),
        Column("reason", "研判依据", sort=False),
    ]
    filters = [
        Choice("park", "园区", options=options.parks, lookup="park__code"),
        Choice("status", "状态", options=choices_of(LandParcel.Status)),
        Choice("judged", "研判", options=[(stem, label) for stem, _, label, _ in JUDGEMENTS],
               apply=lambda page, qs, value: qs.filter(code__in=judged_codes(page, value))),
        Search(("code", "name", "holder__name", "holder_name"), placeholder="地块编号、坐落、用地单位"),
    ]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.figures = land_figures(self.region, self.period)
        self.judged = judgements(self.figures)

    def decorate(self, rows):
        for p in rows:
            items = self.judged.get(p.code, [])
            p.holder_label = p.holder.name if p.holder else (p.holder_name or "—")
            p.tags = [(i["label"], i["tone"]) for i in items]
            p.reason = "；".join(i["reason"] for i in items) or "—"

    def row_css(self, row):
        return "alert" if row.tags else ""

    def summary(self):
        if self.figures is None:
            return []
        return figure_cards(self.figures, ["land.idle", "land.idle_area_mu", "land.low_efficiency",
                                   "land.low_efficiency_area_mu", "land.supplied_use_rate", "land.revitalized_mu"],
                            self.figures.scope, self.period)


parcel_list = ParcelList.as_view()


class BuildingList(ListPage):
    model = FactoryBuilding
    title = "土地厂房"
    region_path = IN_COUNTY
    detail_url = "land:building"
    uses_period = True
    select_related = ("park", "parcel")
    default_sort = "code"
    tabs = TABS
    intro = "空置面积 = 建筑面积 − 已出租（入驻）面积，为当前填报值。"
    columns = [
        Column("code"),
        Column("name", link=True),
        Column("park", sort=("park__sort", "park__code")),
        Column("parcel", sort="parcel__code"),
        Column("is_standard"),
        Column("floors"),
        Column("floor_area_m2", "建筑面积（平方米）"),
        Column("let_area_m2", "已出租面积（平方米）"),
        Column("vacant_m2", "空置面积（平方米）", kind="number"),
        Column("vacancy", "空置率", kind="pct", sort="python"),
        Column("completed_date"),
        Column("owner_name"),
        Column("monthly_rent"),
    ]
    filters = [
        Choice("park", "园区", options=options.parks, lookup="park__code"),
        Choice("standard", "标准厂房", options=YES_NO, apply=flag("is_standard")),
        Choice("vacancy", "空置", options=[("vacant", "有空置"), ("full", "已满租")],
               apply=lambda page, qs, value: qs.filter(vacant_m2__gt=0) if value == "vacant"
               else qs.filter(vacant_m2__lte=0)),
        Search(("code", "name", "owner_name"), placeholder="厂房编号、名称、产权单位"),
    ]

    def annotate(self, qs):
        return qs.annotate(vacant_m2=ExpressionWrapper(F("floor_area_m2") - F("let_area_m2"),
                                                       output_field=DecimalField(max_digits=14, decimal_places=2)))

    def decorate(self, rows):
        for b in rows:
            b.vacancy = ratio(b.vacant_m2, b.floor_area_m2)

    def summary(self):
        if self.region is None:
            return []
        scope = Scope.county(self.region)
        figs = compute(scope, self.period, keys=["buildings."])
        return figure_cards(figs, ["buildings.vacancy_rate", "buildings.floor_area_m2", "buildings.revitalized_m2"],
                            scope, self.period)


building_list = BuildingList.as_view()

PARCEL_FIELDS = ["code", "name", "park", "zone", "area_mu", "land_use", "status", "approved_date", "supplied_date",
                 "supply_method", "agreed_start_date", "actual_start_date", "built_date", "stopped_date", "holder",
                 "holder_name", "project", "plot_ratio", "developed_area_mu", "agreed_investment", "invested_amount",
                 "land_price", "is_low_efficiency"]
BUILDING_FIELDS = ["code", "name", "park", "parcel", "is_standard", "floors", "floor_area_m2", "let_area_m2",
                   "completed_date", "owner_name", "monthly_rent"]


@login_required
def parcel_detail(request, pk):
    region = page_region(request.user)
    period, periods = page_period(request, region)
    user = request.user
    parcel = get_visible(request, LandParcel.objects.select_related("park", "zone", "holder", "project"), IN_COUNTY,
                         pk=pk)
    ctx = {
        "parcel": parcel, "period": period, "periods": periods, "fields": field_rows(parcel, PARCEL_FIELDS),
        "judged": judgements(land_figures(region, period)).get(parcel.code, []),
        "buildings": visible(parcel.buildings.all(), user),
        "revitalizations": visible(parcel.revitalizations.select_related("enterprise", "project"), user),
        "may_edit": may_edit(user, parcel),
    }
    return render(request, "land/parcel.html", ctx)


@login_required
def building_detail(request, pk):
    user = request.user
    building = get_visible(request, FactoryBuilding.objects.select_related("park", "parcel"), IN_COUNTY, pk=pk)
    vacant = building.floor_area_m2 - building.let_area_m2
    ctx = {
        "building": building, "fields": field_rows(building, BUILDING_FIELDS),
        "vacant": vacant, "vacancy": ratio(vacant, building.floor_area_m2),
        "tenancies": visible(building.tenancies.select_related("enterprise"), user),
        "revitalizations": visible(building.revitalizations.select_related("enterprise", "project"), user),
        "may_edit": may_edit(user, building),
    }
    return render(request, "land/building.html", ctx)


class ParcelForm(PageForm):
    region_lookups = {"zone": "park__region_id", "holder": "region_id", "project": "region_id"}
    select_related = {"zone": "park"}

    class Meta:
        model = LandParcel
        fields = ["name", "zone", "status", "supplied_date", "supply_method", "agreed_start_date",
                  "actual_start_date", "built_date", "stopped_date", "holder", "holder_name", "project",
                  "plot_ratio", "developed_area_mu", "agreed_investment", "invested_amount", "is_low_efficiency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = self.fields["zone"].queryset.filter(park_id=self.instance.park_id)


class BuildingForm(PageForm):
    class Meta:
        model = FactoryBuilding
        fields = ["name", "is_standard", "floors", "floor_area_m2", "let_area_m2", "completed_date", "owner_name",
                  "monthly_rent"]


class ParcelEdit(EditPage):
    model = LandParcel
    form_class = ParcelForm
    region_path = IN_COUNTY
    title = "修改地块"
    detail_url = "land:parcel"


class BuildingEdit(EditPage):
    model = FactoryBuilding
    form_class = BuildingForm
    region_path = IN_COUNTY
    title = "修改厂房"
    detail_url = "land:building"


parcel_edit = ParcelEdit.as_view()
building_edit = BuildingEdit.as_view()
