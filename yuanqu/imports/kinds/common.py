"""The columns and references several kinds share (a firm by credit code or name, its park)."""
from __future__ import annotations

from django.apps import apps

from yuanqu.core.creditcode import make_code

from .. import values as V
from ..kind import Column, Ref, RowProblem

SAMPLE_CODE = make_code("91510000", 1)  # a valid 统一社会信用代码 for template sample rows
SAMPLE_FIRM = "示例纺织有限公司"

CREDIT_CODE = Column("credit_code", "统一社会信用代码", V.CreditCode(), sample=SAMPLE_CODE, aliases=(
    "社会信用代码", "信用代码", "统一代码", "统一社会信用代码组织机构代码", "企业统一社会信用代码", "法人单位统一社会信用代码",
    "企业信用代码"))
ENTERPRISE_NAME = Column("enterprise_name", "企业名称", V.Key(128), sample=SAMPLE_FIRM, aliases=(
    "单位名称", "单位详细名称", "法人单位名称", "企业单位名称", "企业全称", "企业"))
OUTSIDE_PARKS = ("园区外", "不在园区", "园区以外", "不在园区内", "非园区")  # a firm outside every park: no park
PARK = Column("park", "所在园区", V.Key(128, none=OUTSIDE_PARKS), sample="示例工业园区",
              aliases=("所属园区", "园区", "园区名称", "所在园区名称"))
REGION = Column("region", "所属行政区", V.Key(64), template=False, aliases=("行政区", "所属县区", "县区"))
NOTE = Column("note", "备注", V.Text(128), aliases=("说明",))


def period_year(row, run):
    return run.period.year


def period_month(row, run):
    return run.period.month


def in_run_region(run) -> dict:
    """The rows of the run's county, when the run is given one."""
    return {"region": run.region} if run.region else {}


PARK_REF = Ref("park", "org.Park", (("park", ("name", "short_name", "code")),), "园区", within=in_run_region,
               hint="园区名称应与系统中的园区名称、简称或代码一致")
REGION_REF = Ref("region", "org.Region", (("region", ("name", "code")),), "行政区")


def enterprise_ref(*, required=True, missing="error", code="credit_code", name="enterprise_name", ref="enterprise",
                   label="企业") -> Ref:
    """A firm by credit code (anywhere: a firm of another county is an error) or by name (in the run's county)."""
    return Ref(ref, "enterprises.Enterprise", ((code, ("credit_code",)), (name, ("name",))), label,
               required=required, missing=missing, hint="企业须先通过“企业名录”导入建立" if missing == "error" else "",
               within=in_run_region, everywhere=(code,))


def region_for_row(row, run):
    """The county of a new row: the region column, else the park's, else the firm's, else the run's,
    else the platform's only county."""
    if row.refs.get("region"):
        return row.refs["region"]
    for ref, model in (("park", "org.Park"), ("enterprise", "enterprises.Enterprise"),
                       ("owner", "enterprises.Enterprise")):
        if row.refs.get(ref):
            return _region_of(run, model)[row.refs[ref]]
    if run.region is not None:
        return run.region.pk
    if "counties" not in run.cache:
        run.cache["counties"] = list(apps.get_model("org.Region").objects.filter(level="county")
                                     .values_list("pk", flat=True)[:2])
    counties = run.cache["counties"]
    if len(counties) == 1:
        return counties[0]
    if not counties:
        raise RowProblem("平台中还没有县（市、区）级行政区，无法新建；应先建立本县行政区", None, "region")
    raise RowProblem("平台中有多个县（市、区），无法确定所属行政区；应填写“所属行政区”或“所在园区”列", None, "region")


def _region_of(run, model: str) -> dict:
    """{pk: region_id} of the rows of `model`, read once per run."""
    key = ("region_of", model)
    if key not in run.cache:
        run.cache[key] = dict(apps.get_model(model).objects.values_list("pk", "region_id"))
    return run.cache[key]
