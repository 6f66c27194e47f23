"""Enterprise forms: the credit code and the industry code are normalised and checked here, so a bad
code is a message on the field (DOMAIN §9, §12), never a 500 from Enterprise.save()."""
from django import forms

from yuanqu.core.creditcode import clean_credit_code
from yuanqu.core.industrycode import clean_industry_code
from yuanqu.core.forms import PageForm
from yuanqu.enterprises.models import Enterprise

# Raw input may carry spaces or full-width characters; the canonical code is 18 characters.
RAW_MAX_LENGTH = 64


class CreditCodeField(forms.CharField):
    """统一社会信用代码: trims, converts full-width to half-width, upper-cases, then checks."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "统一社会信用代码")
        kwargs.setdefault("max_length", RAW_MAX_LENGTH)
        kwargs.setdefault("help_text", "18位，可含全角字符或空格，保存时自动规范化")
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        return clean_credit_code(value)  # raises ValidationError with the Chinese message


class IndustryCodeField(forms.CharField):
    """国民经济行业代码 as the statistics bureau writes it ("3841", "c 3841"), stored with its letter ("C3841")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "国民经济行业代码")
        kwargs.setdefault("max_length", RAW_MAX_LENGTH)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "GB/T 4754-2017，2至4位数字，可带门类字母，如“3841”或“C3841”")
        super().__init__(**kwargs)

    def clean(self, value):
        return clean_industry_code(super().clean(value))  # raises ValidationError with the Chinese message


class EnterpriseForm(forms.ModelForm):
    credit_code = CreditCodeField()
    industry_code = IndustryCodeField()

    class Meta:
        model = Enterprise
        fields = "__all__"


class EnterpriseEditForm(PageForm):
    """What park staff keep up to date on a firm's profile (the credit code is its identity: not here;
    the industry's name follows its code)."""

    industry_code = IndustryCodeField()

    class Meta:
        model = Enterprise
        fields = ["name", "short_name", "park", "zone", "industry_code", "segments",
                  "land_area_mu", "is_treasure", "is_listed", "is_listing_reserve", "commissioner",
                  "legal_representative", "contact", "phone", "address", "established", "registered_capital",
                  "is_active"]
        widgets = {"segments": forms.CheckboxSelectMultiple}

    region_lookups = {"park": "region_id", "zone": "park__region_id", "segments": "chain__region_id"}
    select_related = {"zone": "park", "segments": "chain"}
