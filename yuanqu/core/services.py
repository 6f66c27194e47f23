"""Writes shared by the working pages: saving a checked edit form."""
from __future__ import annotations

from django.db import transaction


@transaction.atomic
def save_form(form, user=None):
    """Save a valid ModelForm's instance; rows that record their writer get `written_by = user`."""
    obj = form.save(commit=False)
    if user is not None and hasattr(obj, "written_by_id"):
        obj.written_by = user
    obj.save()
    form.save_m2m()
    return obj
