"""The revision record of imports: view-only (rows are written by imports, never by hand)."""
from django.contrib import admin

from .models import Revision

try:  # the project's shared admin base (read-only audit rows)
    from yuanqu.core.admin import ReadOnlyAdmin as _Base
except ImportError:  # pragma: no cover - the shared admin is not there yet
    class _Base(admin.ModelAdmin):
        def has_add_permission(self, request):
            return False

        def has_change_permission(self, request, obj=None):
            return False


@admin.register(Revision)
class RevisionAdmin(_Base):
    list_display = ("batch", "model", "object_id", "action", "changed_values", "sheet", "row")
    list_filter = ("action", "model", "batch__kind")
    search_fields = ("model", "changes", "batch__file_name")
    list_select_related = ("batch",)

    @admin.display(description="修改内容（原值 → 新值）")
    def changed_values(self, obj):
        return "；".join(f"{field}：{old or '（空）'} → {new or '（空）'}" for field, old, new in obj.items()) or "—"
