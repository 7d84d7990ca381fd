from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "lead.agencies"
    label = "agencies"
    verbose_name = "Agencies"

    def ready(self):
        # The scoped lookup of agencies (lead/access.py); what the access log says of one
        # (lead/audit/records.py).
        from lead.agencies import audit_records, permissions  # noqa: F401
