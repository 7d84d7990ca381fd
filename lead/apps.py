from django.apps import AppConfig


class LeadConfig(AppConfig):
    """The project package itself, as an app for its template tags."""

    name = "lead"
    verbose_name = "LEAD"
