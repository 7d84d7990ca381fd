from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "lead.agencies"
    label = "agencies"
    verbose_name = "Agencies"

    def ready(self):
        # The scoped lookup of agencies (lead/access.py).
        from lead.agencies import permissions  # noqa: F401
