from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "lead.outbox"
    label = "outbox"
    verbose_name = "Outbox"
