"""A change to the holiday table empties the calendar's cache: at once, and again when the
transaction commits (a read inside the transaction may have cached rows not yet committed)."""
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from . import calendar
from .models import HolidayArrangement, HolidayYear


def table_changed(**kwargs):
    calendar.invalidate()
    transaction.on_commit(calendar.invalidate, using=kwargs.get("using"))


for model in (HolidayYear, HolidayArrangement):
    post_save.connect(table_changed, sender=model, dispatch_uid=f"workdays.saved.{model.__name__}")
    post_delete.connect(table_changed, sender=model, dispatch_uid=f"workdays.deleted.{model.__name__}")
