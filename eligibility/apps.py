from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "eligibility"
    verbose_name = "Eligibility"

    def ready(self):
        # The scoped lookups of eligibility's kinds of object and the predicates of its actions,
        # and what notifications about a screening say of it (lead/notifications/describe.py).
        # What the access log says of a screening (lead/audit/records.py).
        from eligibility import audit_records, notification_kinds, permissions  # noqa: F401
