from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "lead.agencies"
    label = "agencies"
    verbose_name = "Agencies"
