from celery import shared_task
from django.utils import timezone

from owg.services.meetings import meetings_plan


@shared_task
def owg_meetings_plan() -> int:
    """Queued by beat every hour: creates the cadence's meetings of the next six weeks that do
    not exist yet. Idempotent (one meeting per cadence date), so a duplicate run does nothing."""
    return len(meetings_plan(now=timezone.now()))
