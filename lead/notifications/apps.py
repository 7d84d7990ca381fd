from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "lead.notifications"
    label = "notifications"
    verbose_name = "Notifications"
