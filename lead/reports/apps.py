from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lead.reports"
    label = "reports"
    verbose_name = "Reports"
