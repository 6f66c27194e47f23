"""企业诉求: the problems firms raise and how each was handled (受理 → 交办 → 办理 → 办结 → 销号)."""
from __future__ import annotations

from yuanqu.service.models import Ticket, TicketStatus

from .. import values as V
from ..check import dates_ordered
from ..kind import Column, Kind, Ref, Target
from . import common

TICKET = "service.Ticket"
STATUS = {"已办结": "resolved", "办理中": "handling", "已销号": "closed", "已交办": "assigned"}


class Tickets(Kind):
    name, label, order = "tickets", "企业诉求", 70
    title = "企业诉求办理台账"
    note = "诉求：编号、类别、企业、承办单位、受理和办结日期、状态、满意度"
    columns = [
        Column("code", "诉求编号", V.Key(32), required=True, needed=True, sample="SQ2023-001",
               aliases=("编号", "工单号", "工单编号")),
        Column("title", "诉求标题", V.Text(128), sample="用电增容", aliases=("诉求事项", "问题标题", "诉求")),
        Column("description", "诉求内容", V.Text(), sample="新增生产线需增容800千伏安",
               aliases=("具体诉求", "问题描述", "具体问题")),
        Column("category", "诉求类别", V.Key(32), sample="要素保障", aliases=("问题类别", "类别")),
        Column("source", "来源", V.Choice(Ticket.Source.choices), sample="走访收集", aliases=("诉求来源",)),
        common.CREDIT_CODE.but(template=False),
        common.ENTERPRISE_NAME.but(aliases=("诉求企业",)),
        Column("department", "承办单位", V.Key(128), sample="县供电公司", aliases=("责任单位", "办理单位")),
        Column("received_date", "受理日期", V.Date(), sample="2023-05-06", past=True,
               aliases=("提出日期", "反映日期", "受理时间")),
        Column("deadline", "办理时限", V.Date(), sample="2023-05-20", aliases=("办结时限",)),
        Column("status", "办理状态", V.Choice(TicketStatus.choices, STATUS), sample="办结", aliases=("状态",)),
        Column("resolution", "办理结果", V.Text(), sample="已完成增容", aliases=("办理情况", "答复意见")),
        Column("resolved_date", "办结日期", V.Date(), sample="2023-05-18", past=True, aliases=("办结时间",)),
        Column("satisfaction", "满意度", V.Choice(Ticket.Satisfaction.choices, {"3": 3, "2": 2, "1": 1}), sample="满意",
               aliases=("企业评价",)),
    ]
    refs = [
        Ref("ticket", TICKET, (("code", ("code",)),), "诉求", missing="create"),
        Ref("category_ref", "service.TicketCategory", (("category", ("name", "code")),), "诉求类别",
            hint="诉求类别须先在系统中设置"),
        common.enterprise_ref(required=False),
        Ref("department_ref", "org.Department", (("department", ("name", "short_name", "code")),), "承办单位",
            within=common.in_run_region, hint="承办单位须先在系统中设置"),
    ]
    targets = [Target(TICKET, ("pk",), {
        "pk": "ticket", "code": "code", "title": "title", "description": "description", "category_id": "category_ref",
        "source": "source", "enterprise_id": "enterprise", "department_id": "department_ref",
        "received_date": "received_date", "deadline": "deadline", "status": "status", "resolution": "resolution",
        "resolved_date": "resolved_date", "satisfaction": "satisfaction",
    }, defaults={"region_id": common.region_for_row}, label="诉求",
        require_on_create=("code", "title", "category", "received_date"))]
    row_key, row_label = ("ticket",), ("code", "title")

    def check(self, run) -> None:
        dates_ordered(run, TICKET, "received_date", "resolved_date", "受理日期", "办结日期", "resolved_date")
        done = {TicketStatus.RESOLVED, TicketStatus.CLOSED}
        for change in run.changes_of(TICKET):
            if change.row.ok and change.final("status") in done and not change.final("resolved_date"):
                run.error("状态为办结或销号，应填写办结日期", change.row,
                          "resolved_date" if run.has("resolved_date") else "status", code="consistency")
