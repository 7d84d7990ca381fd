from django.apps import AppConfig


class HomeConfig(AppConfig):
    """Each role's start page and the health endpoint: they read every app, and nothing imports them."""

    name = "home"
    verbose_name = "Home pages"
