from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from lead.users.models import User


class RoleFilter(admin.SimpleListFilter):
    title = "role"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        from lead.roles import Role

        return [(role.value, role.label) for role in Role]

    def queryset(self, request, queryset):
        from lead.roles import Role

        return queryset.filter(groups__name=Role(self.value()).label) if self.value() in Role.values else queryset


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    """Users and their roles. Superuser, staff and per-user permissions are not offered: access
    comes from roles (groups) and object grants only, so no one can give themselves more."""

    list_display = ["username", "first_name", "last_name", "agency", "title", "is_active"]
    list_filter = ["agency", RoleFilter, "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "email", "phone", "title", "agency"]}),
        ("Roles", {"fields": ["groups", "is_supervisor", "is_active"], "description": "A user may hold several roles."}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2"]}),
        ("Person", {"fields": ["first_name", "last_name", "email", "phone", "title", "agency"]}),
        ("Roles", {"fields": ["groups"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ["groups"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Only role groups are offered: agencies' principal groups (cases/grants.py) hold object
        # permissions and have no members.
        if db_field.name == "groups":
            from django.contrib.auth.models import Group

            from lead.roles import Role

            kwargs["queryset"] = Group.objects.filter(name__in=[role.label for role in Role]).order_by("name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)
