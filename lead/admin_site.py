from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied

from lead.roles import Role


class LeadAdminSite(admin.AdminSite):
    site_header = "LEAD administration"
    site_title = "LEAD administration"
    index_title = "Users, agencies and sign-in"

    def has_permission(self, request):
        # The site administrator role, not is_staff, opens the admin: one place knows who may.
        return request.user.is_active and Role.SITE_ADMIN in request.user.roles

    def admin_view(self, view, cacheable=False):
        """Every admin page, with its refusals in the access log: a page, object or action the
        administrator may not use raises PermissionDenied (403) inside the admin."""
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def logged(request, *args, **kwargs):
            try:
                return inner(request, *args, **kwargs)
            except PermissionDenied as denied:
                from lead import access

                # Written after the request's transaction rolled back (ATOMIC_REQUESTS).
                access.deny_later(request, f"administration refused {request.method} {request.path}: {denied or 'no permission'}")
                raise

        return logged


class LeadAdminConfig(AdminConfig):
    default_site = "lead.admin_site.LeadAdminSite"
