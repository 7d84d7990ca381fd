from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from lead.users.models import User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    """Users and their roles. Superuser, staff and per-user permissions are not offered: access
    comes from roles (groups) and object grants only, so no one can give themselves more."""

    list_display = ["username", "first_name", "last_name", "agency", "title", "is_active"]
    list_filter = ["agency", "groups", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "email", "phone", "title", "agency"]}),
        ("Roles", {"fields": ["groups", "is_active"], "description": "A user may hold several roles."}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2"]}),
        ("Person", {"fields": ["first_name", "last_name", "email", "phone", "title", "agency"]}),
        ("Roles", {"fields": ["groups"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ["groups"]
