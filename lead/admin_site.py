from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from lead.roles import Role


class LeadAdminSite(admin.AdminSite):
    site_header = "LEAD administration"
    site_title = "LEAD administration"
    index_title = "Users, agencies and sign-in"

    def has_permission(self, request):
        # The site administrator role, not is_staff, opens the admin: one place knows who may.
        return request.user.is_active and Role.SITE_ADMIN in request.user.roles


class LeadAdminConfig(AdminConfig):
    default_site = "lead.admin_site.LeadAdminSite"
