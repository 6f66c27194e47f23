"""The upload page's two forms: step 1 (kind, period, file) and step 2 (confirm)."""
from __future__ import annotations

import re
from pathlib import Path

from django import forms

from . import read
from .kinds import choices, get_kind
from .pending import ALLOWED_EXTENSIONS

PERIOD_RE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="导入类别", choices=())
    period = forms.CharField(
        label="期别（可选）", required=False, max_length=7,
        help_text="月度统计、重点项目调度写 YYYY-MM（如 2023-08），企业名录写年份（如 2023）；"
                  "不填时从文件标题行读取",
        widget=forms.TextInput(attrs={"placeholder": "如 2023-08", "inputmode": "numeric",
                                      "pattern": r"\d{4}(-\d{1,2})?", "autocomplete": "off"}))
    file = forms.FileField(
        label="文件", help_text="Excel 工作簿（.xlsx、.xls）或 CSV 文件（UTF-8 或 GBK 编码）",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = choices()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        ext = Path(upload.name or "").suffix.lower()
        if ext not in ALLOWED_EXTENSIONS:
            raise forms.ValidationError(
                f"文件“{upload.name}”的类型是“{ext or '无扩展名'}”，应为 .xlsx、.xls 或 .csv 文件")
        limit = read.max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                f"文件“{upload.name}”大小为{upload.size / 1024 / 1024:.1f} MB，超过导入上限{_size(limit)}；"
                "请按园区或月份拆分后分别导入")
        return upload

    def clean(self):
        data = super().clean()
        kind, text = data.get("kind"), (data.get("period") or "").strip()
        data["period"] = text
        if not kind or not text:
            return data
        spec = get_kind(kind)
        m = PERIOD_RE.match(text)
        if spec.period is None:
            self.add_error("period", f"“{spec.label}”不按期别导入，请清空期别")
        elif not m:
            self.add_error("period", f"期别“{text}”格式不对，应为 YYYY-MM（如 2023-08）"
                                     + ("或年份（如 2023）" if spec.period == "year" else ""))
        elif spec.period == "month" and not m.group(2):
            self.add_error("period", f"“{spec.label}”的期别应写到月份，如 {text}-08")
        elif m.group(2) and not 1 <= int(m.group(2)) <= 12:
            self.add_error("period", f"期别“{text}”的月份应在1—12之间")
        elif m.group(2):
            data["period"] = f"{m.group(1)}-{int(m.group(2)):02d}"
        return data


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=40)
    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    confirm = forms.BooleanField(label="我已核对以上预警数据，确认导入", required=False)

    def clean_sha256(self):
        value = self.cleaned_data["sha256"].strip().lower()
        if not SHA256_RE.match(value):
            raise forms.ValidationError("文件校验值（SHA-256）格式不对")
        return value
