"""Writes shared by the working pages: saving a checked edit form."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from yuanqu.core.access import may_edit


@transaction.atomic
def save_form(form, user=None):
    """Save a valid ModelForm's instance; rows that record their writer get `written_by = user`.

    A user may not move a row out of what they may change (park staff: into another park): such a
    save is undone and refused."""
    obj = form.save(commit=False)
    if user is not None and hasattr(obj, "written_by_id"):
        obj.written_by = user
    obj.save()
    form.save_m2m()
    if user is not None and not may_edit(user, obj):
        raise ValidationError("保存后这条数据将不在您可修改的范围内（如移到其他园区），未保存")
    return obj
