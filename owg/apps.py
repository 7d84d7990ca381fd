from django.apps import AppConfig


class OwgConfig(AppConfig):
    name = "owg"
    verbose_name = "Operations Workgroup"

    def ready(self):
        # The scoped lookups of the OWG's kinds of object and the predicates of its actions.
        from owg import permissions  # noqa: F401
