from celery import shared_task
from django.utils import timezone

from lead.users.hygiene import dormant_accounts_sweep


@shared_task
def dormant_accounts() -> str:
    """Queued by beat (CELERY_BEAT_SCHEDULE): warns, then disables, accounts unused for 90 days."""
    result = dormant_accounts_sweep(now=timezone.now())
    return f"warned {result.warned}, disabled {result.disabled}"
