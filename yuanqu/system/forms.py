"""Forms of the 系统设置 page: Chinese labels from the models, choices limited to the county (PageForm).

Names and codes are checked by the services (org, chains, accounts) with their own messages, so the
forms skip Django's uniqueness check."""
from __future__ import annotations

from django import forms

from yuanqu.accounts.models import User
from yuanqu.accounts.services import username_problem
from yuanqu.chains.models import Chain, ChainSegment
from yuanqu.core.forms import PageForm
from yuanqu.org.models import Department, Park, Region
from yuanqu.org.services import LEVEL_WORDS

CODE_HELP = "留空则按本县行政区划代码自动生成"


class SettingsForm(PageForm):
    """A PageForm whose `code` is optional (generated) and only asked for a new row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "sort" in self.fields:
            self.fields["sort"].required = False
            self.fields["sort"].help_text = "留空则排在最后"
            if not self.instance.pk:
                self.initial["sort"] = None
        if "code" in self.fields:
            if self.instance.pk:
                del self.fields["code"]
            else:
                self.fields["code"].required = False
                self.fields["code"].help_text = CODE_HELP

    def validate_unique(self):
        """The service checks names and codes (within the county, or the installation)."""


class ParkForm(SettingsForm):
    class Meta:
        model = Park
        fields = ["name", "short_name", "level", "planned_area_mu", "built_area_mu", "leading_industry",
                  "established", "sort", "is_active", "code"]


class DepartmentForm(SettingsForm):
    region_lookups = {"park": "region_id"}

    class Meta:
        model = Department
        fields = ["name", "short_name", "kind", "contact", "phone", "park", "code"]


class ChainForm(SettingsForm):
    region_lookups = {"lead_department": "region_id"}

    class Meta:
        model = Chain
        fields = ["name", "short_name", "is_main", "leader_name", "leader_title", "lead_department", "target_output",
                  "target_year", "sort", "code"]
        labels = {"is_main": "是否主导产业"}
        help_texts = {"is_main": ""}


class SegmentForm(forms.ModelForm):
    class Meta:
        model = ChainSegment
        fields = ["position", "name", "sort"]
        labels = {"position": "环节"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sort"].required = False
        self.fields["position"].choices = [("", "请选择"), *ChainSegment.Position.choices]
        if not self.instance.pk:
            self.initial["sort"] = None  # an untouched empty row is left out

    def validate_unique(self):
        """The service checks segment names within the chain."""


SegmentFormSet = forms.inlineformset_factory(Chain, ChainSegment, form=SegmentForm, extra=3, can_delete=True)


class UserForm(SettingsForm):
    region_lookups = {"park": "region_id", "department": "region_id", "enterprise": "region_id"}

    class Meta:
        model = User
        fields = ["display_name", "title", "phone", "role", "park", "department", "enterprise"]


def password_field(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, strip=False, help_text=help_text,
                           widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}))


def same_passwords(form, data: dict) -> dict:
    if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
        form.add_error("password2", "两次输入的密码不一致")
    return data


class PasswordForm(forms.Form):
    password1 = password_field("新密码", "至少8个字符")
    password2 = password_field("再输入一次")

    def clean(self):
        return same_passwords(self, super().clean())


class NewUserForm(UserForm):
    username = forms.CharField(label="用户名", max_length=150, help_text="登录用：字母、数字或 @/./+/-/_")
    password1 = password_field("初始密码", "至少8个字符")
    password2 = password_field("再输入一次")

    class Meta(UserForm.Meta):
        fields = ["username", *UserForm.Meta.fields]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        problem = username_problem(username)
        if problem:
            raise forms.ValidationError(problem)
        return username

    def clean(self):
        return same_passwords(self, super().clean())


class RegionForm(forms.Form):
    code = forms.CharField(label="行政区划代码", max_length=6, help_text="6位数字，如 510104")
    name = forms.CharField(label="名称", max_length=64)
    level = forms.ChoiceField(label="层级", choices=[(v, LEVEL_WORDS[v]) for v in Region.Level.values],
                              initial=Region.Level.COUNTY)
    parent = forms.ChoiceField(label="上级行政区", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        above = Region.objects.exclude(level=Region.Level.COUNTY).order_by("code")
        self.fields["parent"].choices = [("", "（无）")] + [(r.code, f"{r.name}（{r.code}）") for r in above]
