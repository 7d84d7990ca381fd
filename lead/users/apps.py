from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_migrate


class UsersConfig(AppConfig):
    name = "lead.users"
    label = "users"
    verbose_name = "Users"

    def ready(self):
        # The scoped lookup of access requests and who may decide one (lead/access.py).
        from lead.roles import sync_role_groups_after_migrate

        # What the access log says of an account (lead/audit/records.py).
        from lead.users import audit_records, permissions  # noqa: F401
        from lead.users.audit import record_role_change
        from lead.users.models import User

        # Role groups exist in every database, including test databases re-created after a flush.
        post_migrate.connect(sync_role_groups_after_migrate)
        # A signal, not a service, on purpose: role membership changes from the admin, the shell
        # and services alike, and every one of them must reach the access log.
        m2m_changed.connect(record_role_change, sender=User.groups.through)
