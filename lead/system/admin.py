from django.contrib import admin

from lead.admin_site import HistoryAdmin
from lead.system.models import SiteConfiguration


@admin.register(SiteConfiguration)
class SiteConfigurationAdmin(HistoryAdmin):
    def has_add_permission(self, request):
        return False  # the one row is created on first use

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        from django.shortcuts import redirect

        return redirect("admin:system_siteconfiguration_change", SiteConfiguration.current().pk)
