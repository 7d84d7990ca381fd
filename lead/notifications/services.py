"""Writes of notifications. Other features call `notify()`; nothing else creates a notification."""

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction

from lead.notifications.models import Notification
from lead.notifications.tasks import send_notification_email


@transaction.atomic
def notify(*, user, subject: str, body: str = "", url: str = "", key: str = "") -> Notification | None:
    """Tell `user` something in the app, and by email when the site sends notification email.

    `subject` and `body` are short status texts with no clinical content; `url` is a path of this
    site (its page enforces access). With a `key`, notifying the same user of the same effect
    again does nothing and returns None. The email is queued only once the transaction commits,
    so a rolled-back change never sends one.
    """
    if key and Notification.objects.filter(user=user, key=key).exists():
        return None
    notification = Notification(user=user, subject=subject, body=body, url=url, key=key)
    # Uniqueness of (user, key) is the database's to enforce, below: a check here would race.
    notification.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint, so a duplicate leaves the caller's transaction usable
            notification.save()
    except IntegrityError:
        # Another transaction notified the same effect between our check and our insert.
        if key and Notification.objects.filter(user=user, key=key).exists():
            return None
        raise
    if settings.LEAD_EMAIL_NOTIFICATIONS and user.email:
        transaction.on_commit(lambda: send_notification_email.delay(notification.pk))
    return notification


def notification_mark_read(*, notification: Notification, now: datetime) -> None:
    """Keep the first time it was read: opening it again changes nothing."""
    if notification.read_at is None:
        notification.read_at = now
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, user, now: datetime) -> int:
    # QuerySet.update() records no history; notifications have none to record, as they hold no
    # personal case data (see the model).
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=now)
