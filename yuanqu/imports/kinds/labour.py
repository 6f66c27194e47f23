"""用工输送: workers a channel brought to a firm on a date."""
from __future__ import annotations

from yuanqu.factors.models import LabourSupply

from .. import values as V
from ..kind import Column, Kind, Target
from . import common


def channel(row, run):
    return row.v.get("channel") or LabourSupply.Channel.JOB_FAIR


class Labour(Kind):
    name, label, order = "labour", "用工输送", 100
    title = "企业用工输送台账"
    note = "每次输送：企业、日期、人数、渠道"
    columns = [
        common.CREDIT_CODE,
        common.ENTERPRISE_NAME,
        Column("date", "输送日期", V.Date(), required=True, needed=True, sample="2023-03-10", past=True,
               aliases=("到岗日期", "日期")),
        Column("workers", "输送人数", V.Number("people", integer=True), required=True, needed=True, sample="35",
               aliases=("到岗人数", "人数", "输送员工数")),
        Column("channel", "渠道", V.Choice(LabourSupply.Channel.choices), sample="招聘会", aliases=("输送渠道", "方式")),
    ]
    refs = [common.enterprise_ref()]
    targets = [Target("factors.LabourSupply", ("enterprise_id", "date", "channel"), {
        "enterprise_id": "enterprise", "date": "date", "channel": channel, "workers": "workers",
    }, label="用工输送")]
    row_key, row_label = ("enterprise", "date", "channel"), ("enterprise_name", "credit_code")
    required_any = (("credit_code", "enterprise_name"),)
