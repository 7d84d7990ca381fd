"""The roles of docs/access-policy.md. Each role is a Django group named by its label."""

from django.db import models


class Role(models.TextChoices):
    OFFICER = "officer", "Police officer"
    PROSECUTOR = "prosecutor", "Prosecutor"
    DEFENDER = "defender", "Public defender"
    CASE_MANAGER = "case_manager", "Case manager"
    OUTREACH = "outreach", "Outreach specialist"
    DIRECTOR = "director", "Project director"
    PCG = "pcg", "PCG member"
    COORDINATOR = "coordinator", "Community engagement coordinator"
    SITE_ADMIN = "site_admin", "Site administrator"

    @classmethod
    def from_group_name(cls, name: str) -> "Role | None":
        return _BY_LABEL.get(name)


_BY_LABEL = {role.label: role for role in Role}

# Model permissions the Django admin needs, per role. Only the site administrator uses the admin:
# users, agencies, unlocking accounts (axes) and resetting two-factor devices, reading the access log.
ADMIN_PERMISSIONS = {
    Role.SITE_ADMIN: [
        "users.view_user", "users.add_user", "users.change_user",
        "agencies.view_agency", "agencies.add_agency", "agencies.change_agency",
        "auth.view_group",
        "axes.view_accessattempt", "axes.delete_accessattempt",
        "otp_totp.view_totpdevice", "otp_totp.delete_totpdevice",
        "audit.view_accessevent",
        "system.view_siteconfiguration", "system.change_siteconfiguration",
    ],
}


def sync_role_groups_after_migrate(app_config, **kwargs) -> None:
    """post_migrate runs once per app; the permissions of every app exist only after the last."""
    from django.apps import apps

    if app_config is list(apps.get_app_configs())[-1]:
        sync_role_groups()


def sync_role_groups() -> None:
    """Create one group per role and give it its admin permissions. Idempotent."""
    from django.contrib.auth.models import Group, Permission

    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.label)
        wanted = ADMIN_PERMISSIONS.get(role, [])
        perms = [
            perm
            for perm in Permission.objects.select_related("content_type").filter(codename__in=[w.split(".")[1] for w in wanted])
            if f"{perm.content_type.app_label}.{perm.codename}" in wanted
        ]
        group.permissions.set(perms)
