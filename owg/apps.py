from django.apps import AppConfig


class OwgConfig(AppConfig):
    name = "owg"
    verbose_name = "Operations Workgroup"

    def ready(self):
        # The scoped lookups of the OWG's kinds of object and the predicates of its actions.
        # What the access log says of a meeting (lead/audit/records.py).
        from owg import audit_records, permissions  # noqa: F401
