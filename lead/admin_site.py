from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from lead.forms import BoundedModelForm
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
                access.deny_later(
                    request, f"administration refused {request.method} {request.path}: {denied or 'no permission'}"
                )
                raise

        return logged


class LeadAdminConfig(AdminConfig):
    default_site = "lead.admin_site.LeadAdminSite"


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's pages, to read old versions only. Its "Revert" posts the change form to
    `history_form_view`, which saves it with `form.save_m2m()` and never calls `save_related`:
    past the user form's approval step (lead/users/duties.py), one POST gave any account any
    role. Hiding the button (`revert_disabled`) would not stop the POST, so the view refuses it.
    To go back to an old version, type it into the change form, which applies the same checks."""

    form = BoundedModelForm  # the bounds of every form (docs/architecture.md, "Bad input")

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied("reverting to an old version is not offered; use the change form")
        if not (object_id.isascii() and object_id.isdigit() and version_id.isascii() and version_id.isdigit()):
            raise Http404("no such version")  # the URL takes any text; the ids are numbers
        return super().history_form_view(request, object_id, version_id, extra_context)
