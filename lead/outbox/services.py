"""The outbox: messages written with the change they tell about, delivered afterwards.

Writing (`emails_enqueue`) is part of the caller's transaction, so a message exists exactly when
its change committed. After the commit a nudge asks a worker to deliver at once; the beat's
`outbox_deliver` every minute delivers whatever a lost nudge, a dead worker or a failed attempt
left pending. Nothing raises into the request that committed: the nudge is best effort.

Delivery (`deliver`) claims a few due messages at a time, holding each for LEASE (longer than the
task's hard time limit, so a running attempt is never taken twice), sends them over one
connection and marks each sent straight after the server accepted it. A worker killed between
the two leaves the message due again when the lease ends: it is sent again, under the same
Message-ID, and counted in `interrupted` — at least once, never lost. Network and server failures
are retried with backoff and given up after LEAD_OUTBOX_MAX_ATTEMPTS; a refusal (5xx, a bad
address) is given up at once. Either shows on the director's panel and in /healthz.
"""

import contextlib
import logging
import smtplib
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMessage, get_connection
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Count, F, Min, Q, Sum
from django.utils import timezone

from lead.celery import app
from lead.outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

DELIVER_TASK = "lead.outbox.tasks.outbox_deliver"
BATCH = 20
# A delivery's hold on the messages it took. The task's hard time limit (settings) is shorter, so
# the worker holding a message is dead, or done, before anyone else may take it.
LEASE = timedelta(seconds=120)
# Stop taking new batches after this long: the task ends well inside its soft time limit even when
# each message of the last batch takes the whole EMAIL_TIMEOUT.
BUDGET_SECONDS = 45
FIRST_RETRY = timedelta(minutes=1)
LAST_RETRY = timedelta(hours=1)


def emails_enqueue(messages: Iterable[tuple[int, str, str]], *, now: datetime) -> int:
    """Write one pending e-mail per (user id, subject, body), in the caller's transaction."""
    rows = [
        OutboxMessage(user_id=user_id, subject=subject, body=body, created_at=now, due_at=now)
        for user_id, subject, body in messages
    ]
    if rows:
        OutboxMessage.objects.bulk_create(rows)
        transaction.on_commit(nudge, robust=True)
    return len(rows)


def nudge() -> None:
    """Ask a worker to deliver now. Best effort, never raising: the beat's run a minute later
    delivers what this could not announce (the broker down, say)."""
    try:
        app.send_task(DELIVER_TASK, retry=False)
    except Exception:
        logger.warning("The outbox could not reach the broker; the next scheduled delivery sends the e-mail.")


@dataclass
class Delivery:
    sent: int = 0
    failed: int = 0  # given up
    retrying: int = 0
    more: bool = False  # stopped with messages still due (time budget, server unreachable)


def deliver(*, now_fn=None, budget_seconds: float = BUDGET_SECONDS) -> Delivery:
    """Send due messages until none is left or the time budget is spent. `now_fn` gives the time
    of each step (the sends take real time; tests pass a frozen clock)."""
    now_fn = now_fn or timezone.now
    started = time.monotonic()
    result = Delivery()
    mail = get_connection(timeout=settings.EMAIL_TIMEOUT)
    try:
        while True:
            if time.monotonic() - started > budget_seconds:
                result.more = OutboxMessage.objects.filter(_due(now_fn())).exists()
                break
            batch = _claim(now_fn())
            if not batch:
                break
            if not _send(batch, mail, now_fn, result):
                result.more = True
                break
    finally:
        _close(mail)
    return result


def _due(now: datetime) -> Q:
    return Q(status=OutboxMessage.Status.PENDING, due_at__lte=now)


@transaction.atomic
def _claim(now: datetime) -> list[OutboxMessage]:
    batch = list(
        OutboxMessage.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(_due(now))
        .select_related("user")
        .order_by("due_at", "pk")[:BATCH]
    )
    # At rest a pending message's attempts are its failures plus its interruptions; one more means
    # an earlier delivery took it and neither sent nor failed it: it died on the way.
    died = [m.pk for m in batch if m.attempts > m.failures + m.interrupted]
    if died:
        OutboxMessage.objects.filter(pk__in=died).update(interrupted=F("interrupted") + 1)
    OutboxMessage.objects.filter(pk__in=[m.pk for m in batch]).update(attempts=F("attempts") + 1, due_at=now + LEASE)
    for message in batch:
        message.attempts += 1
    return batch


def _send(batch: list[OutboxMessage], mail, now_fn, result: Delivery) -> bool:
    """Send a claimed batch; False when the server could not be reached (the rest is released)."""
    for index, message in enumerate(batch):
        address = message.user.email if message.user.is_active else ""
        if not address:
            _finish(message, OutboxMessage.Status.SKIPPED, now_fn())
            continue
        email = EmailMessage(
            message.subject,
            message.body,
            settings.DEFAULT_FROM_EMAIL,
            [address],
            headers={"Message-ID": message.message_id},
            connection=mail,
        )
        try:
            email.send()
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, BadHeaderError) as error:
            _give_up(message, error, now_fn())
            result.failed += 1
            continue
        except smtplib.SMTPResponseException as error:
            if error.smtp_code >= 500:  # a permanent refusal: sending again gives the same answer
                _give_up(message, error, now_fn())
                result.failed += 1
                continue
            _retry_later(message, error, now_fn(), result)
        except OSError as error:  # unreachable, timed out, connection dropped (smtplib's errors are OSErrors)
            _retry_later(message, error, now_fn(), result)
        else:
            _finish(message, OutboxMessage.Status.SENT, now_fn())
            result.sent += 1
            continue
        # The server failed: the rest of the batch waits for the next delivery, untried.
        _release(batch[index + 1 :], now_fn())
        _close(mail)  # the next delivery connects afresh
        return False
    return True


def _close(mail) -> None:
    with contextlib.suppress(Exception):  # a connection that broke mid-way has nothing to close cleanly
        mail.close()


# Pauses before writing again what a sent message needs recorded, when the database connection
# broke (PostgreSQL restarting): a few seconds of tries spare a resend after the lease.
RECONNECT_PAUSES = (0.2, 0.5, 1, 2, 4)


def _recorded(write) -> None:
    """Run one write of a delivery's outcome, reconnecting when the database went away meanwhile.
    Still failing, it raises: the message stays held until its lease ends and is sent again."""
    for pause in (*RECONNECT_PAUSES, None):
        try:
            write()
            return
        except (OperationalError, InterfaceError):
            if pause is None:
                raise
            connection.close()
            time.sleep(pause)


def _finish(message: OutboxMessage, status: str, now: datetime) -> None:
    sent_at = now if status == OutboxMessage.Status.SENT else None
    _recorded(lambda: OutboxMessage.objects.filter(pk=message.pk).update(status=status, sent_at=sent_at))


def _error_text(error: Exception) -> str:
    code = getattr(error, "smtp_code", None)
    return f"{type(error).__name__} {code}" if code else type(error).__name__


def _give_up(message: OutboxMessage, error: Exception, now: datetime) -> None:
    logger.warning("Outbox message %s refused: %s", message.public_id, _error_text(error))
    _recorded(
        lambda: OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxMessage.Status.FAILED, failures=F("failures") + 1, last_error=_error_text(error)
        )
    )


def _retry_later(message: OutboxMessage, error: Exception, now: datetime, result: Delivery) -> None:
    failures = message.failures + 1
    if message.attempts >= settings.LEAD_OUTBOX_MAX_ATTEMPTS:
        _give_up(message, error, now)
        result.failed += 1
        return
    wait = min(FIRST_RETRY * 2 ** (failures - 1), LAST_RETRY)
    _recorded(
        lambda: OutboxMessage.objects.filter(pk=message.pk).update(
            failures=F("failures") + 1, due_at=now + wait, last_error=_error_text(error)
        )
    )
    result.retrying += 1


def _release(messages: list[OutboxMessage], now: datetime) -> None:
    """Give back claimed messages that were not tried: due now, their attempt not counted."""
    pks = [m.pk for m in messages]
    _recorded(lambda: OutboxMessage.objects.filter(pk__in=pks).update(attempts=F("attempts") - 1, due_at=now))


@dataclass
class Backlog:
    pending: int
    oldest_pending: datetime | None  # when the longest-waiting pending message was written
    failed_recently: int
    possibly_duplicated: int  # sends a dead worker may have completed before marking them


def backlog(*, now: datetime, since: timedelta = timedelta(days=7)) -> Backlog:
    """For /healthz and the director's panel: the pending messages, and the given-up and
    interrupted ones written in the last `since`. Three queries, each within a partial index, so
    the answer takes the same time however many messages were sent."""
    Status = OutboxMessage.Status
    pending = OutboxMessage.objects.filter(status=Status.PENDING).aggregate(n=Count("pk"), oldest=Min("created_at"))
    recent = OutboxMessage.objects.filter(created_at__gte=now - since)
    return Backlog(
        pending=pending["n"],
        oldest_pending=pending["oldest"],
        failed_recently=recent.filter(status=Status.FAILED).count(),
        possibly_duplicated=recent.filter(interrupted__gt=0, status=Status.SENT).aggregate(
            n=Sum("interrupted", default=0)
        )["n"],
    )


def failed_latest(*, now: datetime, since: timedelta = timedelta(days=7), limit: int = 5) -> list[OutboxMessage]:
    """The e-mails given up in the last `since`, newest first, with their recipient."""
    return list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED, created_at__gte=now - since)
        .select_related("user")
        .order_by("-created_at", "-pk")[:limit]
    )


def purge(*, now: datetime) -> int:
    """Forget what was sent or skipped more than LEAD_OUTBOX_KEEP_DAYS ago: the outbox is a queue,
    not an archive (the notification itself stays). Failed messages stay for the director."""
    old = OutboxMessage.objects.filter(
        created_at__lt=now - timedelta(days=settings.LEAD_OUTBOX_KEEP_DAYS),
        status__in=[OutboxMessage.Status.SENT, OutboxMessage.Status.SKIPPED],
    )
    return old.delete()[0]
