"""notify() and marking read: one row per effect, email queued only after commit and only when the
site sends notification email."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet

from lead.notifications.models import Notification
from lead.notifications.services import (
    notification_mark_read,
    notifications_mark_all_read,
    notify,
)
from lead.outbox.models import OutboxMessage
from tests.factories import NotificationFactory, UserFactory

NOW = datetime.datetime(2026, 3, 9, 10, 0, tzinfo=datetime.UTC)
NUDGE = "lead.outbox.services.app.send_task"

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory()


def test_notify_creates_an_unread_notification_for_the_user(user):
    notification = notify(user=user, subject="A hand-off request is waiting", body="Open it to accept.", url="/")
    assert notification == Notification.objects.get(user=user)
    assert (notification.subject, notification.body, notification.url) == (
        "A hand-off request is waiting",
        "Open it to accept.",
        "/",
    )
    assert notification.read_at is None


def test_notifying_the_same_effect_twice_creates_one_notification(user):
    assert notify(user=user, subject="Assessment due", key="assessment-due:42") is not None
    assert notify(user=user, subject="Assessment due", key="assessment-due:42") is None
    assert Notification.objects.filter(user=user).count() == 1


def test_the_same_key_notifies_each_user_once(user):
    notify(user=user, subject="OWG agenda", key="owg:7")
    notify(user=UserFactory(), subject="OWG agenda", key="owg:7")
    assert Notification.objects.filter(key="owg:7").count() == 2


def test_notifications_without_a_key_are_never_merged(user):
    notify(user=user, subject="Same words")
    notify(user=user, subject="Same words")
    assert Notification.objects.filter(user=user).count() == 2


def test_a_concurrent_notification_of_the_same_effect_is_tolerated(user):
    NotificationFactory(user=user, key="handoff:1")
    # The other transaction's row appears between our check (which misses it) and our insert.
    real_exists = QuerySet.exists
    calls = []

    def exists_missing_the_first_time(queryset):
        calls.append(queryset)
        return False if len(calls) == 1 else real_exists(queryset)

    with mock.patch.object(QuerySet, "exists", autospec=True, side_effect=exists_missing_the_first_time):
        assert notify(user=user, subject="Hand-off", key="handoff:1") is None
    # Only the savepoint was rolled back: the caller's transaction goes on.
    assert not connection.needs_rollback
    assert Notification.objects.filter(user=user).count() == 1


def test_a_link_off_the_site_is_refused(user):
    for url in ("https://elsewhere.example/", "//elsewhere.example/", "javascript:alert(1)", "cases/1"):
        with pytest.raises(ValidationError):
            notify(user=user, subject="Hand-off", url=url)
    assert not Notification.objects.exists()


def test_no_email_is_written_when_notification_email_is_off(user, settings):
    settings.LEAD_EMAIL_NOTIFICATIONS = False
    notify(user=user, subject="Hand-off")
    assert not OutboxMessage.objects.exists()


def test_the_email_is_written_with_the_notification_and_rolled_back_with_it(user, settings):
    settings.LEAD_EMAIL_NOTIFICATIONS = True
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(user=user, subject="Hand-off")
        assert OutboxMessage.objects.filter(user=user, status="pending").count() == 1
        raise RuntimeError("the change is rolled back")
    assert not OutboxMessage.objects.exists() and not Notification.objects.exists()
    notify(user=user, subject="Hand-off")
    assert OutboxMessage.objects.get(user=user).subject == "[LEAD] Hand-off"


def test_a_worker_is_nudged_once_the_transaction_commits(user, settings, django_capture_on_commit_callbacks):
    settings.LEAD_EMAIL_NOTIFICATIONS = True
    with mock.patch(NUDGE) as send_task:
        with django_capture_on_commit_callbacks() as callbacks:
            notify(user=user, subject="Hand-off")
        send_task.assert_not_called()
        for callback in callbacks:
            callback()
    send_task.assert_called_once_with("lead.outbox.tasks.outbox_deliver", retry=False)


def test_a_broker_that_cannot_be_reached_never_fails_the_committed_change(
    user, settings, django_capture_on_commit_callbacks, caplog
):
    settings.LEAD_EMAIL_NOTIFICATIONS = True
    with (
        mock.patch(NUDGE, side_effect=ConnectionRefusedError()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notify(user=user, subject="Hand-off")
    assert OutboxMessage.objects.get(user=user).status == "pending"  # the beat's delivery sends it
    assert "could not reach the broker" in caplog.text


def test_a_user_without_an_email_address_or_disabled_gets_no_email(settings):
    settings.LEAD_EMAIL_NOTIFICATIONS = True
    notify(user=UserFactory(email=""), subject="Hand-off")
    notify(user=UserFactory(is_active=False), subject="Hand-off")
    assert not OutboxMessage.objects.exists()


def test_a_repeated_notification_writes_no_second_email(user, settings):
    settings.LEAD_EMAIL_NOTIFICATIONS = True
    notify(user=user, subject="Hand-off", key="handoff:1")
    notify(user=user, subject="Hand-off", key="handoff:1")
    assert OutboxMessage.objects.filter(user=user).count() == 1


def test_marking_a_notification_read_keeps_the_first_time_it_was_read(user):
    notification = NotificationFactory(user=user)
    notification_mark_read(notification=notification, now=NOW)
    notification_mark_read(notification=notification, now=NOW + datetime.timedelta(hours=1))
    notification.refresh_from_db()
    assert notification.read_at == NOW


def test_marking_all_read_touches_only_the_users_unread_notifications(user):
    earlier = NOW - datetime.timedelta(days=1)
    already = NotificationFactory(user=user, read_at=earlier)
    unread = NotificationFactory.create_batch(2, user=user)
    someone_elses = NotificationFactory()
    assert notifications_mark_all_read(user=user, now=NOW) == 2
    assert {n.read_at for n in Notification.objects.filter(pk__in=[u.pk for u in unread])} == {NOW}
    already.refresh_from_db()
    someone_elses.refresh_from_db()
    assert already.read_at == earlier
    assert someone_elses.read_at is None
