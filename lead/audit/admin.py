from django.contrib import admin

from lead.audit.models import AccessEvent


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    """Read-only: the access log is append-only."""

    list_display = ["at", "username", "kind", "outcome", "object_type", "object_id", "ip_address"]
    list_filter = ["kind", "outcome"]
    search_fields = ["username", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
