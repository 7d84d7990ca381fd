from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`manage.py seed_demo`: the demonstration site, composed from every app's demo data."""

    name = "demo"
    verbose_name = "Demonstration data"
