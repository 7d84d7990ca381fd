from django.apps import AppConfig


class SystemConfig(AppConfig):
    name = "lead.system"
    label = "system"
    verbose_name = "System"
