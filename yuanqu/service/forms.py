"""Ticket (诉求) forms, one per step; each hands its data to one service of services.py, which checks
the rules (dates, reasons, confirmation) and gives the Chinese messages."""
from __future__ import annotations

from django import forms
from django.utils import timezone

from yuanqu.core.access import visible
from yuanqu.core.forms import DateInput
from yuanqu.core.pages import page_region
from yuanqu.enterprises.models import Enterprise
from yuanqu.org.models import Department
from yuanqu.projects.models import Project

from .models import Ticket, TicketCategory, TicketRoute

P = TicketRoute.Position


def date_field(label: str = "办理日期") -> forms.DateField:
    """The real date of a move: today unless given; the service refuses a future one."""
    return forms.DateField(label=label, required=False, widget=DateInput(),
                           help_text="实际办理的日期，可补记以前的日期；不填为今天")


def text(label: str, rows: int = 2, required: bool = False, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


class StepForm(forms.Form):
    """A form of one ticket's step: departments of the ticket's county, read through visible()."""

    def __init__(self, *args, ticket=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ticket, self.user = ticket, user
        if "date" in self.fields:
            self.fields["date"].widget.attrs["max"] = f"{timezone.localdate():%Y-%m-%d}"
        for field in self.fields.values():
            if getattr(field, "queryset", None) is not None and field.queryset.model is Department:
                qs = visible(Department.objects.all(), user)
                field.queryset = (qs.filter(region_id=ticket.region_id) if ticket else qs).order_by("code")


class RouteForm(StepForm):
    lead = forms.ModelChoiceField(label="牵头单位", queryset=Department.objects.none())
    assisting = forms.ModelMultipleChoiceField(label="协办单位", queryset=Department.objects.none(), required=False,
                                               widget=forms.CheckboxSelectMultiple)
    date = date_field("交办日期")
    note = text("交办意见")

    def __init__(self, *args, ticket=None, **kwargs):
        super().__init__(*args, ticket=ticket, **kwargs)
        if ticket is not None and not self.is_bound:
            live = list(ticket.routes.live())
            lead = next((r.department_id for r in live if r.role == TicketRoute.Role.LEAD), None)
            self.initial.setdefault("lead", lead or ticket.category.default_department_id)
            self.initial.setdefault("assisting", [r.department_id for r in live if r.role == TicketRoute.Role.ASSIST])


class AnswerForm(StepForm):
    position = forms.ChoiceField(label="表态", widget=forms.RadioSelect,
                                 choices=[(P.ACCEPTED, "接收办理"), (P.REFUSED, "拒收（退回）"), (P.TRANSFERRED, "转办")])
    reason = text("理由", help_text="拒收、转办须说明理由")
    transfer_to = forms.ModelChoiceField(label="转办至", queryset=Department.objects.none(), required=False,
                                         help_text="转办时选择接办单位")
    date = date_field("表态日期")


class ReturnForm(StepForm):
    reason = text("退回理由", required=True)
    date = date_field("退回日期")


class ResolveForm(StepForm):
    resolution = text("办理结果", rows=3, help_text="办结须写明办理结果")
    date = date_field("办结日期")


class ConfirmForm(StepForm):
    confirmed = forms.BooleanField(label="企业已确认办理结果", required=False)
    satisfaction = forms.TypedChoiceField(label="企业满意度", coerce=int, required=False, empty_value=None,
                                          widget=forms.RadioSelect, choices=list(reversed(Ticket.Satisfaction.choices)),
                                          help_text="选“不满意”将退回承办单位重新办理")
    note = text("说明", help_text="不满意须说明原因；专员代确认时写明确认方式（电话、现场）")
    date = date_field("确认日期")


class TicketCreateForm(forms.Form):
    """受理: a new ticket; an enterprise's user raises it for their own enterprise only."""

    title = forms.CharField(label="诉求标题", max_length=128)
    category = forms.ModelChoiceField(label="诉求类别", queryset=TicketCategory.objects.none())
    description = text("诉求内容", rows=4)
    enterprise = forms.ModelChoiceField(label="企业", queryset=Enterprise.objects.none(), required=False)
    project = forms.ModelChoiceField(label="项目", queryset=Project.objects.none(), required=False)
    source = forms.ChoiceField(label="来源", choices=Ticket.Source.choices, initial=Ticket.Source.PARK)
    date = date_field("受理日期")

    def __init__(self, *args, user=None, progress=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.progress = user, progress
        county = page_region(user)
        self.fields["category"].queryset = visible(TicketCategory.objects.all(), user)
        self.fields["date"].widget.attrs["max"] = f"{timezone.localdate():%Y-%m-%d}"
        enterprises = visible(Enterprise.objects.order_by("name"), user)
        projects = visible(Project.objects.order_by("code"), user)
        if county is not None:
            enterprises, projects = enterprises.filter(county.within_q()), projects.filter(county.within_q())
        self.fields["enterprise"].queryset, self.fields["project"].queryset = enterprises, projects
        if getattr(user, "role", "") == "enterprise":  # their own enterprise, raised by themselves
            self.fields["enterprise"].queryset = enterprises.filter(pk=user.enterprise_id)
            self.fields["enterprise"].required = True
            self.fields["enterprise"].initial = user.enterprise_id
            self.fields["enterprise"].empty_label = None
            self.fields["project"].queryset = projects.filter(enterprise_id=user.enterprise_id)
            del self.fields["source"]
        if progress is not None:  # 转为诉求: the project is the progress entry's
            for name in ("enterprise", "project"):
                self.fields.pop(name, None)
            self.fields["source"].initial = Ticket.Source.DISPATCH
            if not self.is_bound:
                self.initial.update(title=f"{progress.project.name}：{progress.problems[:40]}",
                                    description=progress.problems)

    def clean(self):
        data = super().clean()
        if self.progress is None and not data.get("enterprise") and not data.get("project"):
            self.add_error("enterprise", "诉求须关联企业或项目")
        if self.user is not None and self.user.role == "enterprise":
            data["source"] = Ticket.Source.ENTERPRISE
        return data
