from celery import shared_task
from django.utils import timezone

from lead.outbox.services import deliver, nudge, purge


# The time limits bound a delivery that hangs (LEASE in services.py is longer than the hard one).
@shared_task(soft_time_limit=90, time_limit=110)
def outbox_deliver() -> int:
    """Queued by beat every minute and nudged after each commit that writes a message; runs on its
    own queue (`outbox`) so deadline sweeps never wait behind e-mail. Idempotent: two at once take
    different messages."""
    result = deliver()
    if result.more and result.sent:
        nudge()  # a long backlog: carry on at once rather than at the next minute
    return result.sent


@shared_task
def outbox_purge() -> int:
    return purge(now=timezone.now())
