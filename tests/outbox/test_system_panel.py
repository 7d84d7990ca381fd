"""The director's System panel shows the outbox: e-mails waiting and since when, the ones given up
with their recipient and error, the ones possibly sent twice; at a fixed number of queries."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from lead.outbox.models import OutboxMessage
from lead.roles import Role
from tests.conftest import signed_in_client
from tests.helpers import queries_to_get

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 9, 18, 0, tzinfo=datetime.UTC)


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def messages(user, n: int, **fields) -> None:
    OutboxMessage.objects.bulk_create(
        OutboxMessage(user=user, subject=f"[LEAD] Reminder {i}", body="/", created_at=NOW, due_at=NOW, **fields)
        for i in range(n)
    )


@pytest.fixture(autouse=True)
def email_on(settings):
    settings.LEAD_EMAIL_NOTIFICATIONS = True


def test_the_director_sees_waiting_given_up_and_possibly_duplicated_emails(personas):
    case_manager = personas[Role.CASE_MANAGER]
    messages(case_manager, 3)
    messages(case_manager, 1, status="failed", attempts=1, failures=1, last_error="SMTPRecipientsRefused")
    messages(case_manager, 2, status="sent", attempts=2, interrupted=1)
    with time_machine.travel(NOW + datetime.timedelta(minutes=5), tick=False):
        page = text(signed_in_client(personas[Role.DIRECTOR]).get(reverse("home")).content.decode())
    assert "E-mail: 3 waiting to be sent, the oldest written Mar 9, 11:00 a.m." in page  # site time
    assert "1 e-mail given up in the last 7 days" in page
    assert f"E-mail to {case_manager.get_full_name()}, “[LEAD] Reminder 0”: SMTPRecipientsRefused" in page
    assert "2 e-mails of the last 7 days may have been sent twice" in page


def test_the_panel_says_when_notification_email_is_off(personas, settings):
    settings.LEAD_EMAIL_NOTIFICATIONS = False
    page = signed_in_client(personas[Role.DIRECTOR]).get(reverse("home")).content.decode()
    assert "Notification e-mail is off" in page


def test_the_panel_takes_the_same_queries_for_one_failed_email_or_many(personas):
    client = signed_in_client(personas[Role.DIRECTOR])
    client.get(reverse("home"))  # the first page of a session does more
    with time_machine.travel(NOW, tick=False):
        messages(personas[Role.OFFICER], 1, status="failed", last_error="TimeoutError")
        one = queries_to_get(client, reverse("home"))
        messages(personas[Role.PROSECUTOR], 9, status="failed", last_error="TimeoutError")
        assert queries_to_get(client, reverse("home")) == one
