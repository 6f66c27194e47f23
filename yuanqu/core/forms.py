"""Forms of the working pages: Chinese labels from the models, choice lists read through `visible()`."""
from __future__ import annotations

from django import forms

from yuanqu.core.access import visible
from yuanqu.core.pages import page_region
from yuanqu.core.periods import YEAR_MAX, YEAR_MIN


class DateInput(forms.DateInput):
    """A date picker limited to the years the platform accepts (checked again by the model's validator)."""

    input_type = "date"

    def __init__(self, attrs=None):
        attrs = {"min": f"{YEAR_MIN}-01-01", "max": f"{YEAR_MAX}-12-31", **(attrs or {})}
        super().__init__(attrs, format="%Y-%m-%d")


class PageForm(forms.ModelForm):
    """A ModelForm for one user: every related-row choice is limited to what the user may see and to
    the row's county (`region_lookups`: field → lookup to the region id); a row without a region of
    its own (a parcel, a task) is of the user's county.
    A "commissioner" choice lists 工作专员 only; `select_related` names what the choice labels read."""

    region_lookups: dict[str, str] = {}
    select_related: dict[str, str] = {}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        region_id = getattr(self.instance, "region_id", None)
        county = page_region(user) if self.region_lookups and not region_id else None
        for name, field in self.fields.items():
            if getattr(field, "queryset", None) is not None:
                qs = visible(field.queryset, user)
                if name in self.select_related:
                    qs = qs.select_related(self.select_related[name])
                if name in self.region_lookups and region_id:
                    qs = qs.filter(**{self.region_lookups[name]: region_id})
                elif name in self.region_lookups and county is not None:
                    qs = qs.filter(county.within_q(self.region_lookups[name].removesuffix("_id")))
                if name == "commissioner":
                    qs = qs.filter(role="commissioner")
                field.queryset = qs
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 3)
