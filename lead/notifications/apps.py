from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "lead.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        # The scoped lookup of notifications (lead/access.py); what the access log says of one
        # (lead/audit/records.py).
        from lead.notifications import audit_records, permissions  # noqa: F401
