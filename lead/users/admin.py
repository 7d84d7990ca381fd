from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lead.admin_site import HistoryAdmin
from lead.forms import BoundedFormMixin
from lead.roles import CASE_CONTENT_ROLES, PRIVILEGED_ROLES, Role
from lead.users import duties
from lead.users.models import AccessRequest, User

# django-otp's device pages show a device's key (as a QR code) and the recovery codes: enough to
# sign in as its owner. The user page shows what a user has set up, and resets are an action.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class RoleFilter(admin.SimpleListFilter):
    title = "role"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(role.value, role.label) for role in Role]

    def queryset(self, request, queryset):
        return queryset.filter(groups__name=Role(self.value()).label) if self.value() in Role.values else queryset


class RolesCompatibleMixin:
    """The roles chosen may not combine site administrator with a role that sees case content."""

    def clean_groups(self):
        groups = self.cleaned_data.get("groups") or Group.objects.none()
        if not duties.compatible(filter(None, (Role.from_group_name(g.name) for g in groups))):
            raise forms.ValidationError(duties.INCOMPATIBLE)
        return groups


class LeadUserChangeForm(BoundedFormMixin, RolesCompatibleMixin, UserChangeForm):
    pass


class LeadUserCreationForm(BoundedFormMixin, RolesCompatibleMixin, AdminUserCreationForm):
    pass


@admin.register(User)
class UserAdmin(HistoryAdmin, DjangoUserAdmin):
    """Users and their roles. Superuser, staff and per-user permissions are not offered: access
    comes from roles (groups) and object grants only, so no one can give themselves more.

    Changes that widen access to case content are not applied here but filed as requests for a
    second person to approve (lead/users/duties.py): privileged roles, the supervisor flag, the
    agency of a case-content account, re-enabling a privileged account, and resetting the
    password or two-factor sign-in of a privileged account."""

    form = LeadUserChangeForm
    add_form = LeadUserCreationForm
    list_display = ["username", "first_name", "last_name", "agency", "title", "is_active"]
    list_filter = ["agency", RoleFilter, "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password", "two_factor"]}),
        ("Person", {"fields": ["first_name", "last_name", "email", "phone", "title", "agency"]}),
        (
            "Roles",
            {
                "fields": ["groups", "is_supervisor", "is_active", "pending_requests"],
                "description": "A user may hold several roles. Roles that see case content, the site administrator "
                "role, the supervisor flag, moving a case-content account to another agency and "
                "re-enabling such an account wait for the project director's or another "
                "administrator's approval.",
            },
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "usable_password", "password1", "password2"]}),
        ("Person", {"fields": ["first_name", "last_name", "email", "phone", "title", "agency"]}),
        ("Roles", {"fields": ["groups"]}),
    ]
    readonly_fields = ["last_login", "date_joined", "two_factor", "pending_requests"]
    filter_horizontal = ["groups"]
    actions = ["reset_two_factor"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Only role groups are offered: a role is what a group means here (lead/roles.py), and any
        # other group (made in a shell, left by an import) would give permissions no role has.
        if db_field.name == "groups":
            kwargs["queryset"] = Group.objects.filter(name__in=[role.label for role in Role]).order_by("name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="two-factor sign-in")
    def two_factor(self, user):
        app = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        codes = StaticToken.objects.filter(device__user=user).count()
        return f"{'Authenticator app set up' if app else 'No authenticator app'}; {codes} recovery codes left"

    @admin.display(description="waiting for approval")
    def pending_requests(self, user):
        waiting = [r.describe() for r in duties.pending_requests().filter(user=user)] if user.pk else []
        return "; ".join(waiting) or "nothing"

    # Saving: withhold what needs approval and file it as a request.

    def save_model(self, request, obj, form, change):
        request._withheld = []
        now = timezone.now()
        if not change:
            obj.must_change_password = True  # the administrator typed it; the user chooses their own
            return super().save_model(request, obj, form, change)
        old = User.objects.get(pk=obj.pk)
        held = old.held_roles()
        if obj.is_supervisor and not old.is_supervisor:
            obj.is_supervisor = False
            request._withheld.append({"kind": AccessRequest.Kind.SUPERVISOR})
        if obj.agency_id != old.agency_id and held & CASE_CONTENT_ROLES:
            request._withheld.append({"kind": AccessRequest.Kind.AGENCY, "agency": obj.agency})
            obj.agency_id = old.agency_id
        if obj.is_active and not old.is_active:
            if held & PRIVILEGED_ROLES:
                obj.is_active = False
                request._withheld.append({"kind": AccessRequest.Kind.REACTIVATE})
            else:
                obj.reactivated_at = now
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        user = form.instance
        before = set(user.groups.all()) if change else set()
        wanted = list(form.cleaned_data.get("groups") or [])
        withheld = [g for g in wanted if g not in before and Role.from_group_name(g.name) in PRIVILEGED_ROLES]
        form.cleaned_data["groups"] = [g for g in wanted if g not in withheld]
        super().save_related(request, form, formsets, change)
        requests = [
            *getattr(request, "_withheld", []),
            *({"kind": AccessRequest.Kind.ROLE, "role": Role.from_group_name(g.name).value} for g in withheld),
        ]
        self._file(request, user, requests)

    def _file(self, request, user, requests):
        filed = []
        for fields in requests:
            filed.append(
                duties.access_request_file(
                    user=user, by=request.user, now=timezone.now(), http_request=request, **fields
                )
            )
        if filed:
            self.message_user(
                request,
                "Waiting for the project director's or another administrator's approval: "
                + "; ".join(r.describe() for r in filed)
                + ".",
                messages.WARNING,
            )

    # Password and two-factor resets.

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, unquote(id))
        if user is not None and user.pk == request.user.pk:
            return redirect("accounts:password")  # one's own, with the old password, through My account
        if user is not None and duties.is_privileged(user) and self.has_change_permission(request, user):
            return self._password_request(request, user)
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and isinstance(response, HttpResponseRedirect) and user is not None:
            user.refresh_from_db()
            if user.has_usable_password():
                duties.password_reset_by_admin(user=user, by=request.user, now=timezone.now(), http_request=request)
        return response

    def _password_request(self, request, user):
        if request.method == "POST":
            self._file(request, user, [{"kind": AccessRequest.Kind.PASSWORD}])
            return redirect("admin:users_user_change", user.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Reset the password of {user.username}",
            "subject": user,
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/users/password_request.html", context)

    @admin.action(description="Reset two-factor sign-in of the selected users")
    def reset_two_factor(self, request, queryset):
        with transaction.atomic():
            for user in queryset:
                if duties.is_privileged(user):
                    self._file(request, user, [{"kind": AccessRequest.Kind.TWO_FACTOR}])
                else:
                    duties.two_factor_reset_by_admin(
                        user=user, by=request.user, now=timezone.now(), http_request=request
                    )
                    self.message_user(
                        request,
                        f"Two-factor sign-in of {user.username} was reset; they set it up at their next sign-in.",
                    )


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    """Read-only: requests are filed from the user page and decided on the approval page."""

    list_display = ["requested_at", "user", "kind", "role", "status", "requested_by", "decided_by", "decided_at"]
    list_filter = ["status", "kind"]
    search_fields = ["user__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "decide_url": reverse("accounts:requests")}
        return super().changelist_view(request, extra_context)
