from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "lead.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        # The scoped lookup of notifications (lead/access.py).
        from lead.notifications import permissions  # noqa: F401
