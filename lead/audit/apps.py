from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lead.audit"
    label = "audit"
    verbose_name = "Audit"
