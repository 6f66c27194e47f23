"""Writes of org: regions (a county and the city or province above it), the county's parks and its
departments. `yuanqu county create` and the 系统设置 page both write through here.

Every refusal is a ValidationError with a Chinese message keyed by field, and nothing is written.
Codes of parks, chains and departments are unique in the whole installation: when none is given,
`next_code` derives one from the county's 行政区划代码 ("510104-P03").
"""
from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Department, Park, Region

REGION_CODE = re.compile(r"^\d{6}$")
ROW_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
LEVEL_WORDS = {Region.Level.PROVINCE: "省级", Region.Level.CITY: "市级", Region.Level.COUNTY: "县级"}
# A region's parent: its level may be one of these (a county directly under a province: 省直辖县).
PARENT_LEVELS = {Region.Level.COUNTY: (Region.Level.CITY, Region.Level.PROVINCE),
                 Region.Level.CITY: (Region.Level.PROVINCE,), Region.Level.PROVINCE: ()}


def level_of(text: str) -> str:
    """A level given as county/city/province or as 县/市/省 (县级, 市级 …)."""
    text = (text or "").strip()
    for value, label in Region.Level.choices:
        if text in (value, label, LEVEL_WORDS[value], LEVEL_WORDS[value][0]):
            return value
    raise ValidationError({"level": f"层级应为 county（县级）、city（市级）或 province（省级），实际为“{text}”"})


# --- regions -----------------------------------------------------------------------------------

def _check_region_code(code: str, level: str) -> None:
    example = {"province": "510000", "city": "510100", "county": "510104"}[level]
    if not REGION_CODE.match(code):
        raise ValidationError({"code": f"行政区划代码应为6位数字（如{example}），实际为“{code}”"})
    tail = {"province": code[2:] == "0000", "city": code[4:] == "00" and code[2:4] != "00",
            "county": code[4:] != "00"}[level]
    if not tail:
        rule = {"province": "以0000结尾", "city": "以00结尾、不以0000结尾", "county": "末两位不为00"}[level]
        raise ValidationError({"code": f"{LEVEL_WORDS[level]}行政区划代码应{rule}（如{example}），实际为“{code}”"})


def _check_parent(code: str, level: str, parent: Region | None) -> None:
    if parent is None:
        return
    word = LEVEL_WORDS[level]
    if parent.level not in PARENT_LEVELS[level]:
        allowed = "、".join(LEVEL_WORDS[v] for v in PARENT_LEVELS[level]) or "无"
        raise ValidationError({"parent": f"{word}行政区的上级应为{allowed}行政区，“{parent.name}”（{parent.code}）是"
                                         f"{LEVEL_WORDS[parent.level]}"})
    digits = 2 if parent.level == Region.Level.PROVINCE else 4
    if code[:digits] != parent.code[:digits]:
        raise ValidationError({"code": f"行政区划代码“{code}”不在上级“{parent.name}”（{parent.code}）之下："
                                       f"前{digits}位应为{parent.code[:digits]}"})


@transaction.atomic
def region_create(*, code: str, name: str, level: str = Region.Level.COUNTY,
                  parent_code: str = "") -> tuple[Region, bool]:
    """(region, created). The same region asked for again is returned unchanged (created False); a code
    or a name under the same parent already used otherwise is refused."""
    code, name, parent_code = (code or "").strip(), (name or "").strip(), (parent_code or "").strip()
    level = level_of(level)
    _check_region_code(code, level)
    if not name:
        raise ValidationError({"name": "名称不能为空"})
    if len(name) > Region._meta.get_field("name").max_length:
        raise ValidationError({"name": f"名称“{name}”过长：最多{Region._meta.get_field('name').max_length}个字"})
    parent = None
    if parent_code:
        parent = Region.objects.filter(code=parent_code).first()
        if parent is None:
            raise ValidationError({"parent": f"上级行政区“{parent_code}”不存在，请先建立上级行政区"})
    _check_parent(code, level, parent)
    existing = Region.objects.filter(code=code).select_related("parent").first()
    if existing is not None:
        if (existing.name, existing.level, existing.parent_id) == (name, level, parent.pk if parent else None):
            return existing, False
        where = f"，上级：{existing.parent.name}" if existing.parent else ""
        raise ValidationError({"code": f"行政区划代码“{code}”已被“{existing.name}”（{LEVEL_WORDS[existing.level]}"
                                       f"{where}）使用"})
    twin = Region.objects.filter(name=name, parent=parent).first()
    if twin is not None:
        under = f"上级“{parent.name}”下" if parent else "无上级的行政区中"
        raise ValidationError({"name": f"{under}已有名为“{name}”的行政区（{twin.code}）"})
    return Region.objects.create(code=code, name=name, level=level, parent=parent), True


# --- codes and names of the county's rows -------------------------------------------------------------

def next_code(model, county: Region, letter: str, field: str = "code") -> str:
    """The first free "<county code>-<letter><nn>" code of `model` (nn from 01)."""
    prefix = f"{county.code}-{letter}"
    taken = set(model._default_manager.filter(**{f"{field}__startswith": prefix}).values_list(field, flat=True))
    n = 1
    while f"{prefix}{n:02d}" in taken:
        n += 1
    return f"{prefix}{n:02d}"


def check_code(model, obj, label: str) -> dict:
    """Errors of a code given by hand: its shape, and whether another row of `model` holds it."""
    code = (obj.code or "").strip()
    obj.code = code
    if not code:
        return {}
    if not ROW_CODE.match(code):
        return {"code": f"{label}代码“{code}”只能包含字母、数字、“-”和“_”，且以字母或数字开头"}
    other = model._default_manager.filter(code=code).exclude(pk=obj.pk).first()
    if other is not None:
        return {"code": f"{label}代码“{code}”已被“{other}”使用"}
    return {}


def check_name(queryset, obj, county: Region, label: str) -> dict:
    """Errors of a row's name: empty, or already the name of another row of the county in `queryset`."""
    obj.name = (obj.name or "").strip()
    if not obj.name:
        return {"name": f"{label}名称不能为空"}
    if queryset.filter(name=obj.name).exclude(pk=obj.pk).exists():
        return {"name": f"{county.name}已有名为“{obj.name}”的{label}"}
    return {}


def check_county(county) -> None:
    if county is None or not county.is_county:
        raise ValidationError(f"“{county}”不是县级行政区：园区、产业链和部门单位属于一个县（市、区）")


def save_row(obj, *, errors: dict, letter: str, county: Region):
    """Refuse with `errors`, else give the row a code if it has none, check its fields, and save it."""
    if errors:
        raise ValidationError(errors)
    if not obj.code:
        obj.code = next_code(type(obj), county, letter)
    obj.full_clean()
    obj.save()
    return obj


# --- parks and departments ----------------------------------------------------------------------------

PARK_FIELDS = ("name", "short_name", "level", "planned_area_mu", "built_area_mu", "leading_industry",
               "established", "is_active", "sort")
DEPARTMENT_FIELDS = ("name", "short_name", "kind", "contact", "phone", "park")


def of_county(obj, county: Region, related) -> dict:
    """Errors of the `related` rows (foreign keys by name) that belong to another county."""
    errors = {}
    for name in related:
        value = getattr(obj, name)
        if value is not None and value.region_id != county.pk:
            errors[name] = f"{obj._meta.get_field(name).verbose_name}“{value}”不属于{county.name}"
    return errors


def county_row_save(obj, *, county: Region, fields: dict, allowed, label: str, letter: str, related=()):
    """Set `fields` (only names in `allowed`, and code) on a row of the county and save it: refused when
    the row is of another county, its name is another row's of the county, its code is taken, or one of
    its `related` rows is of another county."""
    check_county(county)
    if obj.region_id != county.pk:
        raise ValidationError(f"{label}“{obj}”不属于{county.name}")
    unknown = set(fields) - set(allowed) - {"code"}
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value)
    model = type(obj)
    if "sort" in allowed and fields.get("sort") in (None, "") and (obj.pk is None or obj.sort in (None, "")):
        last = model._default_manager.in_region(county).order_by("-sort").values_list("sort", flat=True).first()
        obj.sort = (last or 0) + 1
    errors = {**check_name(model._default_manager.in_region(county), obj, county, label),
              **check_code(model, obj, label), **of_county(obj, county, related)}
    return save_row(obj, errors=errors, letter=letter, county=county)


@transaction.atomic
def park_save(*, county: Region, park: Park | None = None, **fields) -> Park:
    """Create a park of the county (park None) or change one; code: given, or derived ("<county>-Pnn")."""
    return county_row_save(park or Park(region=county), county=county, fields=fields, allowed=PARK_FIELDS,
                           label="园区", letter="P")


@transaction.atomic
def department_save(*, county: Region, department: Department | None = None, **fields) -> Department:
    """Create a department of the county (department None) or change one; code derived ("<county>-Dnn")."""
    return county_row_save(department or Department(region=county), county=county, fields=fields,
                           allowed=DEPARTMENT_FIELDS, label="单位", letter="D", related=("park",))
