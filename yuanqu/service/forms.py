"""The form that moves a ticket one step (services.move_ticket)."""
from __future__ import annotations

from django import forms

from yuanqu.core.access import visible
from yuanqu.org.models import Department

from .models import Ticket, TicketStatus


class TicketMoveForm(forms.Form):
    status = forms.ChoiceField(label="变更为", choices=TicketStatus.choices, widget=forms.HiddenInput)
    department = forms.ModelChoiceField(label="承办单位", queryset=Department.objects.none(), required=False,
                                        help_text="交办时选择；不选则用诉求类别的默认承办单位")
    note = forms.CharField(label="处理意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    resolution = forms.CharField(label="办理结果", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text="办结时填写")
    satisfaction = forms.TypedChoiceField(label="企业满意度", coerce=int, required=False, empty_value=None,
                                          choices=[("", "未评价"), *Ticket.Satisfaction.choices],
                                          help_text="销号时填写")

    def __init__(self, *args, ticket=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = visible(Department.objects.all(), user)
        if ticket is not None:
            qs = qs.filter(region_id=ticket.region_id)
        self.fields["department"].queryset = qs.order_by("code")
        step = kwargs.get("initial", {}).get("status") or (self.data.get("status") if self.is_bound else None)
        # Only the fields the step uses are shown.
        if step != TicketStatus.ASSIGNED:
            del self.fields["department"]
        if step != TicketStatus.RESOLVED:
            del self.fields["resolution"]
        if step != TicketStatus.CLOSED:
            del self.fields["satisfaction"]
