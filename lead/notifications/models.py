import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.http import url_has_allowed_host_and_scheme


def is_local_path(url: str) -> bool:
    """A path of this site ("/cases/..."): no scheme, no host, so never a way off the site."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)


def validate_local_path(url: str) -> None:
    if url and not is_local_path(url):
        raise ValidationError("A notification links only to a path of this site, such as /cases/.")


class Notification(models.Model):
    """Something a user should know about, shown in the app and emailed when the site sends email
    (its e-mail is an OutboxMessage, written with it: lead/outbox).

    Notifications never carry clinical or other personal case content: `subject` and `body` are
    short status texts ("Dana Whitfield accepted the hand-off"), because they may leave the site
    by email and stay in the table long after the recipient's access to the record has ended.
    What the notification is about is kept as a pointer instead, `about_kind` (a kind of object
    registered with lead.notifications.describe, named like lead.access's kinds: "referral",
    "case", "screening"...) and `about_id` (the object's public_id). The list page resolves the
    pointers of the notifications it shows through the kind's scoped lookup for the recipient at
    the time they look (lead/notifications/describe.py): the participant's name and the case
    reference for a case manager, the report number and the reference for an officer, nothing
    more than the generic text once the record is out of their scope. The detail stays behind
    `url`, a path of this site whose page enforces its own access rules.
    Notifications have no simple-history for the same reason: there is nothing personal to track.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True, validators=[validate_local_path])
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Names the effect notified about ("handoff:<id>"): the same effect notified twice is one row.
    key = models.CharField(max_length=200, blank=True)
    # What it is about (see above): a pointer, never a description. Database defaults, so the
    # bulk writers (the deadline sweep's INSERT, the large-site generator's COPY) may leave them out.
    about_kind = models.CharField(max_length=40, blank=True, default="", db_default="")
    about_id = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~models.Q(key=""), name="notification_unique_key"
            ),
        ]
        indexes = [
            # The header's count on every page: user = %s AND read_at IS NULL (and the same rows
            # newest first, for "mark all read" and an unread list).
            models.Index(fields=["user", "read_at", "-created_at"], name="notification_user_unread_idx"),
        ]

    def __str__(self):
        return self.subject

    def safe_url(self) -> str | None:
        """Where opening the notification leads, or None when `url` is empty or not a local path."""
        return self.url if self.url and is_local_path(self.url) else None
