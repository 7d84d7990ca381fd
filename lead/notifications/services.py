"""Writes of notifications. Other features call `notify()`; nothing else creates a notification."""

from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from lead.notifications import describe
from lead.notifications.models import Notification, is_local_path
from lead.outbox.services import emails_enqueue


@transaction.atomic
def notify(
    *,
    user,
    subject: str,
    body: str = "",
    url: str = "",
    key: str = "",
    about=None,
    about_kind: str = "",
    about_id: UUID | None = None,
) -> Notification | None:
    """Tell `user` something in the app, and by email when the site sends notification email.

    `subject` and `body` are short status texts with no personal case content; `url` is a path of
    this site (its page enforces access). `about` is the object it is about (its model's kind,
    lead/notifications/describe.py, unless `about_kind` names another, such as "engaged_case"),
    or `about_kind` and `about_id` name it without the object: the list describes it to the
    recipient within what they may see when they look. With a `key`, notifying the same user of
    the same effect again does nothing and returns None. The e-mail is written to the outbox in
    the same transaction: a rolled-back change never sends one, a committed one always does.
    """
    if about is not None:
        about_kind, about_id = about_kind or describe.kind_of(about), about.public_id
    if key and Notification.objects.filter(user=user, key=key).exists():
        return None
    notification = Notification(
        user=user, subject=subject, body=body, url=url, key=key, about_kind=about_kind, about_id=about_id
    )
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
    notifications_email([notification.pk], now=notification.created_at)
    return notification


def notifications_email(notification_ids: Collection[int], *, now: datetime) -> int:
    """Write the e-mail of each notification to the outbox, in the caller's transaction, when the
    site sends notification e-mail; users without an address or no longer active get none.

    The e-mail says only what the notification says (its subject and short status text, free of
    personal case content) and, when it is about a case or referral, the case reference: never
    the participant's name, the report number or anything the list describes from the record
    (lead/notifications/describe.py says why a reference may leave the site). It links to the
    site, where signing in and the page's access rules apply.
    """
    if not settings.LEAD_EMAIL_NOTIFICATIONS or not notification_ids:
        return 0
    rows = list(
        Notification.objects.filter(pk__in=notification_ids, user__is_active=True)
        .exclude(user__email="")
        .order_by("pk")
        .values_list("user_id", "subject", "body", "url", "about_kind", "about_id")
    )
    refs = describe.references((kind, public_id) for *_, kind, public_id in rows)
    site = settings.LEAD_SITE_URL.rstrip("/")
    fallback = reverse("notifications:list")
    messages = []
    for user_id, subject, body, url, kind, public_id in rows:
        link = site + (url if url and is_local_path(url) else fallback)
        one_line = " ".join(subject.split())  # a line break in a header is refused
        reference = refs.get((kind, public_id)) if public_id else None
        if reference:
            one_line = f"{one_line} ({reference})"
        messages.append((user_id, f"[LEAD] {one_line}", f"{body}\n\n{link}\n" if body else f"{link}\n"))
    return emails_enqueue(messages, now=now)


def notification_mark_read(*, notification: Notification, now: datetime) -> None:
    """Keep the first time it was read: opening it again changes nothing."""
    if notification.read_at is None:
        notification.read_at = now
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, user, now: datetime) -> int:
    # QuerySet.update() records no history; notifications have none to record, as they hold no
    # personal case data (see the model).
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=now)
