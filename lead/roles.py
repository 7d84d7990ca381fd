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

# Separation of duties (access-policy.md). These roles see case or clinical data (identity,
# charges, case state, progress, clinical records). The PCG and the coordinator see aggregates and
# community records only, so granting them needs no second person.
CASE_CONTENT_ROLES = frozenset(
    {
        Role.OFFICER,
        Role.PROSECUTOR,
        Role.DEFENDER,
        Role.CASE_MANAGER,
        Role.OUTREACH,
        Role.DIRECTOR,
    }
)
# Granting any of these needs a second person: the case-content roles, and the site administrator
# role itself, or an administrator could make a second ("puppet") administrator to approve their
# own requests.
PRIVILEGED_ROLES = CASE_CONTENT_ROLES | {Role.SITE_ADMIN}

# Model permissions the Django admin needs, per role. Only the site administrator uses the admin:
# users, agencies, unlocking accounts (axes), reading the access log, the site configuration.
ADMIN_PERMISSIONS = {
    Role.SITE_ADMIN: [
        "users.view_user",
        "users.add_user",
        "users.change_user",
        "users.view_accessrequest",
        "agencies.view_agency",
        "agencies.add_agency",
        "agencies.change_agency",
        "auth.view_group",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        # No two-factor device pages: django-otp's would show a device's key (its QR code) and the
        # recovery codes, enough to sign in as its owner. Resets are an action on the user list,
        # which asks a second person for accounts that see case content (lead/users/duties.py).
        "audit.view_accessevent",
        "system.view_siteconfiguration",
        "system.change_siteconfiguration",
    ],
}


def sync_role_groups_after_migrate(app_config, **kwargs) -> None:
    """post_migrate runs once per app with models; the permissions of every app exist only after
    the last of those (apps without models, such as home and demo, get no signal)."""
    from django.apps import apps

    if app_config is [config for config in apps.get_app_configs() if config.models_module is not None][-1]:
        sync_role_groups()


def sync_role_groups() -> None:
    """Create one group per role and give it its admin permissions. Idempotent."""
    from django.contrib.auth.models import Group, Permission

    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.label)
        wanted = ADMIN_PERMISSIONS.get(role, [])
        perms = [
            perm
            for perm in Permission.objects.select_related("content_type").filter(
                codename__in=[w.split(".")[1] for w in wanted]
            )
            if f"{perm.content_type.app_label}.{perm.codename}" in wanted
        ]
        group.permissions.set(perms)
