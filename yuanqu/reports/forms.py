"""Forms of the report and draft-check pages (choices filled per request: periods and scopes)."""
from __future__ import annotations

from django import forms

from .build import KINDS
from .checker import DraftTooLarge, Limits
from .render import FORMATS

KIND_CHOICES = [(k, v) for k, v in KINDS.items()]
FORMAT_CHOICES = [(k, label) for k, (_, label) in FORMATS.items()]


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=KIND_CHOICES, initial="monthly")
    period = forms.ChoiceField(label="期别（月调度）", required=False)
    week = forms.CharField(label="周（周监测）", required=False, help_text="如 2023-W35",
                           widget=forms.TextInput(attrs={"placeholder": "2023-W35", "size": 10}))
    quarter = forms.CharField(label="季度（季盘点）", required=False, help_text="如 2023Q3",
                              widget=forms.TextInput(attrs={"placeholder": "2023Q3", "size": 8}))
    scope = forms.ChoiceField(label="范围")
    fmt = forms.ChoiceField(label="格式", choices=FORMAT_CHOICES, initial="docx")
    date = forms.DateField(label="成文日期", required=False, help_text="留空则取期后印发日（月调度为次月10日，遇周末顺延）",
                           widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, periods=(), scopes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(str(p), p.full_label) for p in periods]
        self.fields["scope"].choices = list(scopes)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        field = {"monthly": "period", "weekly": "week", "quarterly": "quarter"}.get(kind)
        if field and not (data.get(field) or "").strip():
            self.add_error(field, "请填写" + {"period": "期别", "week": "周，如 2023-W35", "quarter": "季度，如 2023Q3"}[field])
        data["when"] = (data.get(field) or "").strip() if field else ""
        return data


class DraftForm(forms.Form):
    text = forms.CharField(label="粘贴材料文字", required=False, widget=forms.Textarea(attrs={"rows": 12}))
    file = forms.FileField(label="或上传文件（.txt / .docx）", required=False)
    period = forms.ChoiceField(label="核对期别", required=False,
                               help_text="默认按材料自身所写期别（如“1-8月”“2023年1—8月”）核对")
    scope = forms.ChoiceField(label="范围")

    def __init__(self, *args, periods=(), scopes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", "按材料所写期别")] + [(str(p), p.full_label) for p in periods]
        self.fields["scope"].choices = list(scopes)

    def clean_text(self):
        text = self.cleaned_data.get("text") or ""
        try:
            Limits.from_settings().check_chars(len(text))
        except DraftTooLarge as exc:
            raise forms.ValidationError(str(exc)) from exc
        return text

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                Limits.from_settings().check_size(upload.name, upload.size)
            except DraftTooLarge as exc:
                raise forms.ValidationError(str(exc)) from exc
        if upload and not upload.name.lower().endswith((".txt", ".docx")):
            raise forms.ValidationError("只支持 .txt 和 .docx 文件（.doc 请先另存为 .docx）")
        return upload

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("text") or "").strip() and not data.get("file"):
            raise forms.ValidationError("请粘贴材料文字或上传文件")
        return data
