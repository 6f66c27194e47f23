"""站内通知 and 发送记录: rows the system writes (services.notify), viewed here, never edited."""
from django.contrib import admin

from yuanqu.core.admin import ReadOnlyAdmin

from .models import Delivery, Notification

USER_SEARCH = ("recipient__username", "recipient__display_name")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "kind", "title", "read_at")
    list_filter = ("kind", ("read_at", admin.EmptyFieldListFilter))
    search_fields = (*USER_SEARCH, "title", "body")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "channel", "target", "recipient", "title", "status", "attempts", "finished_at")
    list_filter = ("status", "channel", "kind")
    search_fields = (*USER_SEARCH, "title", "target", "error")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"
