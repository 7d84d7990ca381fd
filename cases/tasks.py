from celery import shared_task
from django.utils import timezone

from cases.deadlines import sweep


@shared_task
def deadline_sweep() -> int:
    """Queued by beat every LEAD_SWEEP_MINUTES. Idempotent: running it twice, or two at once, or
    again after a worker died in the middle, carries out each effect exactly once."""
    return sweep(now=timezone.now())
