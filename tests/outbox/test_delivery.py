"""The outbox's delivery: each e-mail sent once with a stable Message-ID, retried with backoff when
the server fails, given up visibly, and sent again (counted) when a worker died mid-way."""

import datetime
import smtplib

import pytest
import time_machine
from django.core import mail
from django.test import Client

from lead.notifications.services import notify
from lead.outbox import services as outbox
from lead.outbox.models import OutboxMessage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 9, 10, 0, tzinfo=datetime.UTC)
Status = OutboxMessage.Status


@pytest.fixture(autouse=True)
def email_on(settings):
    settings.LEAD_EMAIL_NOTIFICATIONS = True
    settings.LEAD_SITE_URL = "https://lead.example.org/"


@pytest.fixture
def failing_server(monkeypatch):
    """The mail server's answers, in order, one per message: an exception to raise or None to
    accept. Accepted messages land in django.core.mail.outbox as usual."""
    answers: list = []
    from django.core.mail.backends.locmem import EmailBackend

    real = EmailBackend.send_messages

    def send_messages(self, messages):
        answer = answers.pop(0) if answers else None
        if answer is not None:
            raise answer
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return answers


def written(n: int = 1, **user) -> list[OutboxMessage]:
    with time_machine.travel(NOW, tick=False):
        for i in range(n):
            notify(
                user=UserFactory(**user), subject=f"A hand-off request is waiting {i}", body="Open it.", url="/cases/"
            )
    return list(OutboxMessage.objects.order_by("pk"))


def deliver(at: datetime.datetime = NOW) -> outbox.Delivery:
    return outbox.deliver(now_fn=lambda: at)


def test_a_message_is_sent_once_with_its_message_id_however_often_delivery_runs():
    [message] = written()
    assert deliver().sent == 1
    assert deliver().sent == 0
    [email] = mail.outbox
    assert email.to == [message.user.email]
    assert email.subject == "[LEAD] A hand-off request is waiting 0"
    assert email.body == "Open it.\n\nhttps://lead.example.org/cases/\n"
    assert email.extra_headers["Message-ID"] == f"<{message.public_id}@lead.example.org>"
    message.refresh_from_db()
    assert (message.status, message.sent_at, message.attempts) == (Status.SENT, NOW, 1)


def test_a_notification_without_a_page_links_to_the_notifications_list_and_never_off_the_site():
    with time_machine.travel(NOW, tick=False):
        notify(user=UserFactory(), subject="Agenda ready")
    deliver()
    assert mail.outbox[0].body == "https://lead.example.org/notifications/\n"


def test_an_account_disabled_before_delivery_gets_nothing():
    [message] = written()
    message.user.is_active = False
    message.user.save()
    deliver()
    assert mail.outbox == []
    message.refresh_from_db()
    assert message.status == Status.SKIPPED


def test_an_unreachable_server_is_retried_with_backoff_and_the_rest_waits_untried(failing_server):
    first, second = written(2)
    failing_server.append(ConnectionRefusedError())
    result = deliver()
    assert (result.sent, result.retrying, result.more) == (0, 1, True)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.failures, first.due_at, first.last_error) == (
        1,
        NOW + datetime.timedelta(minutes=1),
        "ConnectionRefusedError",
    )
    assert (second.attempts, second.due_at) == (0, NOW)  # released, not tried
    assert deliver().sent == 1  # the second, now; the first waits its minute
    assert deliver(NOW + datetime.timedelta(seconds=59)).sent == 0
    assert deliver(NOW + datetime.timedelta(minutes=1)).sent == 1
    assert len(mail.outbox) == 2
    first.refresh_from_db()
    assert (first.status, first.attempts, first.failures, first.interrupted) == (Status.SENT, 2, 1, 0)


def test_a_temporary_refusal_is_retried_and_a_permanent_one_given_up_at_once(failing_server):
    temporary, permanent = written(2)
    failing_server.append(smtplib.SMTPResponseException(451, b"try later"))
    deliver()
    failing_server.append(smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"no such user")}))
    deliver()
    temporary.refresh_from_db()
    permanent.refresh_from_db()
    assert (temporary.status, temporary.last_error) == (Status.PENDING, "SMTPResponseException 451")
    assert (permanent.status, permanent.last_error) == (Status.FAILED, "SMTPRecipientsRefused")
    assert outbox.backlog(now=NOW).failed_recently == 1


def test_a_message_is_given_up_after_the_last_attempt_and_shows_as_failed(settings, failing_server):
    settings.LEAD_OUTBOX_MAX_ATTEMPTS = 3
    [message] = written()
    at = NOW
    for _ in range(3):
        failing_server.append(TimeoutError())
        deliver(at)
        at += datetime.timedelta(hours=2)
    message.refresh_from_db()
    assert (message.status, message.attempts, message.failures) == (Status.FAILED, 3, 3)
    assert deliver(at).sent == 0
    figures = outbox.backlog(now=at)
    assert (figures.pending, figures.failed_recently) == (0, 1)


def test_a_delivery_that_died_after_taking_a_message_leaves_it_to_the_next_one_after_the_lease():
    [message] = written()
    outbox._claim(NOW)  # taken, then the worker is killed before sending or marking
    assert deliver(NOW + datetime.timedelta(seconds=119)).sent == 0  # still held by the dead one
    assert deliver(NOW + outbox.LEASE).sent == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.interrupted) == (Status.SENT, 2, 1)
    assert mail.outbox[0].extra_headers["Message-ID"] == message.message_id
    assert outbox.backlog(now=NOW).possibly_duplicated == 1


def test_a_message_taken_by_one_delivery_is_not_taken_by_another_while_held():
    written(3)
    assert len(outbox._claim(NOW)) == 3
    assert outbox._claim(NOW + datetime.timedelta(seconds=30)) == []


def test_sent_messages_are_purged_after_the_keeping_days_and_failed_ones_stay(settings):
    settings.LEAD_OUTBOX_KEEP_DAYS = 30
    sent, failed, recent = written(3)
    OutboxMessage.objects.filter(pk=sent.pk).update(status=Status.SENT)
    OutboxMessage.objects.filter(pk=failed.pk).update(status=Status.FAILED)
    OutboxMessage.objects.filter(pk=recent.pk).update(status=Status.SENT, created_at=NOW + datetime.timedelta(days=5))
    assert outbox.purge(now=NOW + datetime.timedelta(days=31)) == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {failed.pk, recent.pk}


def test_health_fails_when_an_email_has_waited_too_long_and_says_how_many_wait(settings):
    settings.LEAD_OUTBOX_MAX_AGE_MINUTES = 30
    written(2)
    with time_machine.travel(NOW + datetime.timedelta(minutes=29), tick=False):
        body = Client().get("/healthz").json()
    assert (body["outbox"], body["outbox_pending"], body["deadline_notices_quarantined"]) == ("ok", 2, 0)
    with time_machine.travel(NOW + datetime.timedelta(minutes=31), tick=False):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["outbox"] == "failing"
