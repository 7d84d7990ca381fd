from django.contrib import admin

from lead.admin_site import HistoryAdmin
from lead.agencies.models import Agency


@admin.register(Agency)
class AgencyAdmin(HistoryAdmin):
    list_display = ["name", "kind", "jurisdiction", "criteria_set", "diversion_stage", "prosecuting_office", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "jurisdiction"]
