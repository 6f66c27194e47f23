"""金融支持: each loan a financial institution made to a firm."""
from __future__ import annotations

from .. import values as V
from ..kind import Column, Kind, Ref, Target
from . import common


class Loans(Kind):
    name, label, order = "loans", "金融支持", 90
    title = "企业贷款投放台账"
    note = "每笔贷款：企业、金融机构、金额、放款日期、期限、用途"
    columns = [
        common.CREDIT_CODE,
        common.ENTERPRISE_NAME,
        Column("institution", "金融机构", V.Key(128), required=True, needed=True, sample="农发行示例县支行",
               aliases=("贷款银行", "放款机构", "银行", "贷款机构")),
        Column("amount", "贷款金额", V.Number("money"), required=True, needed=True, sample="3000",
               aliases=("放款金额", "金额", "授信金额")),
        Column("date", "放款日期", V.Date(), required=True, needed=True, sample="2023-04-20", past=True,
               aliases=("贷款日期", "发放日期")),
        Column("term_months", "期限（月）", V.Number(integer=True, max_value=600), sample="36",
               aliases=("期限", "贷款期限", "期限月")),
        Column("purpose", "用途", V.Text(64), sample="流动资金", aliases=("贷款用途",)),
    ]
    refs = [common.enterprise_ref(),
            Ref("institution_ref", "factors.Institution", (("institution", ("name", "short_name")),), "金融机构",
                required=True, hint="金融机构须先在系统中设置")]
    targets = [Target("factors.Loan", ("enterprise_id", "institution_id", "date"), {
        "enterprise_id": "enterprise", "institution_id": "institution_ref", "date": "date", "amount": "amount",
        "term_months": "term_months", "purpose": "purpose",
    }, label="贷款")]
    row_key, row_label = ("enterprise", "institution_ref", "date"), ("enterprise_name", "credit_code")
    required_any = (("credit_code", "enterprise_name"),)
