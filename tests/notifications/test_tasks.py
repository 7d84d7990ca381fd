"""The email of a notification: sent once, whatever the retries, with nothing but the notification's
own short texts and a link to the site."""

from unittest import mock

import pytest
from django.core import mail

from lead.notifications.models import Notification
from lead.notifications.services import notify
from lead.notifications.tasks import send_notification_email
from tests.factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.LEAD_SITE_URL = "https://lead.example.org/"


def test_the_email_is_sent_once_however_often_the_task_runs():
    notification = NotificationFactory(
        subject="A hand-off request is waiting", body="Open it to accept.", url="/cases/"
    )
    send_notification_email(notification.pk)
    send_notification_email(notification.pk)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [notification.user.email]
    assert email.subject == "[LEAD] A hand-off request is waiting"
    assert email.body == "Open it to accept.\n\nhttps://lead.example.org/cases/\n"
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_notification_without_a_page_links_to_the_notifications_list():
    send_notification_email(NotificationFactory(url="").pk)
    assert mail.outbox[0].body == "https://lead.example.org/notifications/\n"


def test_a_link_off_the_site_is_never_emailed():
    send_notification_email(NotificationFactory(url="https://elsewhere.example/").pk)
    assert "elsewhere" not in mail.outbox[0].body


def test_a_notification_deleted_before_the_task_runs_sends_nothing():
    notification = NotificationFactory()
    pk = notification.pk
    notification.delete()
    send_notification_email(pk)
    assert mail.outbox == []


def test_notify_with_email_on_sends_one_email_once_the_transaction_commits(
    settings, django_capture_on_commit_callbacks
):
    settings.LEAD_EMAIL_NOTIFICATIONS = True
    user = UserFactory()
    with (
        mock.patch.object(send_notification_email, "delay", side_effect=send_notification_email),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notify(user=user, subject="Assessment due in 3 days", key="assessment-due:1")
        assert mail.outbox == []
    assert [m.subject for m in mail.outbox] == ["[LEAD] Assessment due in 3 days"]
    assert Notification.objects.get(user=user).emailed_at is not None
