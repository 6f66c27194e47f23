"""Project forms: a stage change (written by services.record_stage), a month's progress, the profile."""
from __future__ import annotations

from django import forms
from django.utils import timezone

from yuanqu.core.forms import PageForm
from yuanqu.core.periods import Period

from .models import Progress, Project, Stage, StageChange


class StageChangeForm(PageForm):
    class Meta:
        model = StageChange
        fields = ["stage", "date", "amount", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        if data.get("amount") is not None and data.get("stage") != Stage.SIGNED:
            self.add_error("amount", "只有“签约”记录填写签约（增资）金额")
        if data.get("date") and data["date"] > timezone.localdate():
            self.add_error("date", "阶段变更日期不能晚于今天")
        return data


class ProgressForm(PageForm):
    month = forms.TypedChoiceField(label="月份（1—N月）", coerce=int,
                                   choices=[(m, Period(2000, m).label) for m in range(1, 13)])

    class Meta:
        model = Progress
        fields = ["year", "month", "completed_investment_cum", "image_progress", "problems"]


class ProjectEditForm(PageForm):
    """The profile of a project; its stage and stage dates follow the history (stage form)."""

    class Meta:
        model = Project
        fields = ["name", "kind", "key_level", "total_investment", "park", "segment", "enterprise", "investor",
                  "source_region", "leader_name", "responsible_unit", "commissioner", "content", "planned_start",
                  "planned_completion", "planned_production", "is_force_majeure"]

    region_lookups = {"park": "region_id", "segment": "chain__region_id", "enterprise": "region_id",
                      "responsible_unit": "region_id"}
    select_related = {"segment": "chain"}
