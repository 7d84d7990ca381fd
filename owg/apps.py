from django.apps import AppConfig


class OwgConfig(AppConfig):
    name = "owg"
    verbose_name = "Operations Workgroup"
