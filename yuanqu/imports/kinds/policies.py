"""惠企政策: the policies firms benefit from (issuer, level, document number, validity, delivery mode)."""
from __future__ import annotations

from yuanqu.policies.models import Policy

from .. import values as V
from ..check import dates_ordered
from ..kind import Column, Kind, Ref, Target
from . import common

POLICY = "policies.Policy"
LEVELS = {"国家级": "national", "省级": "province", "市级": "city", "县级": "county"}


class Policies(Kind):
    name, label, order = "policies", "惠企政策", 80
    title = "惠企政策清单"
    note = "政策：名称、发文单位、层级、文号、有效期、类别、兑现方式、适用对象"
    columns = [
        Column("title", "政策名称", V.Text(255), required=True, needed=True, sample="示例县支持工业企业稳增长十条措施",
               aliases=("文件名称", "政策文件")),
        Column("issuer", "发文单位", V.Text(128), sample="示例县人民政府办公室", aliases=("发布单位", "制定部门")),
        Column("level", "层级", V.Choice(Policy.Level.choices, LEVELS), sample="县", aliases=("政策层级", "级别")),
        Column("doc_number", "文号", V.Text(64), sample="示府办发〔2023〕12号", aliases=("发文字号", "文件编号")),
        Column("issued_date", "发布日期", V.Date(), sample="2023-03-01", past=True, aliases=("印发日期", "成文日期")),
        Column("valid_from", "有效期起", V.Date(), sample="2023-03-01", aliases=("施行日期", "生效日期")),
        Column("valid_to", "有效期止", V.Date(), sample="2025-12-31", aliases=("失效日期", "截止日期")),
        Column("category", "政策类别", V.Text(32), sample="财政奖补", aliases=("类别",)),
        Column("delivery_mode", "兑现方式", V.Choice(Policy.Delivery.choices), sample="免申即享", aliases=("享受方式",)),
        Column("audience", "适用对象", V.Text(255), sample="规上工业企业", aliases=("支持对象",)),
        Column("summary", "政策要点", V.Text(), sample="新入规企业一次性奖励10万元", aliases=("主要内容", "政策内容")),
    ]
    refs = [Ref("policy", POLICY, (("doc_number", ("doc_number",)), ("title", ("title",))), "政策", missing="create",
                strict=False)]
    targets = [Target(POLICY, ("pk",), {
        "pk": "policy", "title": "title", "issuer": "issuer", "level": "level", "doc_number": "doc_number",
        "issued_date": "issued_date", "valid_from": "valid_from", "valid_to": "valid_to", "category": "category",
        "delivery_mode": "delivery_mode", "audience": "audience", "summary": "summary",
    }, defaults={"region_id": common.region_for_row}, label="政策",
        require_on_create=("title", "issuer", "level", "category"))]
    row_key, row_label = ("policy",), ("title",)

    def check(self, run) -> None:
        dates_ordered(run, POLICY, "valid_from", "valid_to", "有效期起", "有效期止", "valid_to")
