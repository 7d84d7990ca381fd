from celery import shared_task
from django.utils import timezone

from lead.system.services import heartbeat_record


@shared_task
def heartbeat() -> str:
    """Queued by beat every LEAD_HEARTBEAT_SECONDS; the health endpoint reports the last one."""
    return heartbeat_record(now=timezone.now()).seen_at.isoformat()
