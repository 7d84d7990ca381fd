import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models


class OutboxMessage(models.Model):
    """One message to send outside the database (an e-mail today; a text message or a webhook would
    be another channel), written in the same transaction as the change it tells about.

    The row is the promise: a crash before the commit leaves neither the change nor the message, a
    crash after it leaves the message pending for the next delivery (lead/outbox/services.py).
    `subject` and `body` are rendered when the message is written, from a notification's short
    status texts (no clinical content, see Notification), so a resend is the same message with the
    same Message-ID. No simple-history, for the same reason as notifications: nothing personal
    to track, and the row itself records its attempts.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"  # given up: refused by the server, or too many attempts
        SKIPPED = "skipped", "Skipped"  # nobody to send it to any more (no address, account disabled)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.EMAIL)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outbox_messages")
    subject = models.CharField(max_length=250)
    body = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField()
    # Not before: now for a new message, later after a failure (backoff) and while a delivery
    # holds it (its lease): a delivery that died mid-way leaves it due again when the lease ends.
    due_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)  # deliveries that took it
    failures = models.PositiveIntegerField(default=0)  # of which the server or network failed
    # Deliveries that took it and neither sent nor failed it: the worker died, possibly after the
    # server had accepted it, so the recipient may have it twice (same Message-ID).
    interrupted = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The last failure as the exception's class and the server's reply code: no message text,
    # which may quote an address.
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [
            # Delivery's claim: status = 'pending' AND due_at <= now, oldest first.
            models.Index(fields=["due_at"], condition=models.Q(status="pending"), name="outbox_pending_due_idx"),
            # The purge of old sent messages.
            models.Index(fields=["created_at"], name="outbox_created_idx"),
            # The director's panel and /healthz: the last days' given-up and interrupted messages,
            # few among many sent ones.
            models.Index(fields=["created_at"], condition=models.Q(status="failed"), name="outbox_failed_idx"),
            models.Index(fields=["created_at"], condition=models.Q(interrupted__gt=0), name="outbox_interrupted_idx"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} {self.public_id} ({self.status})"

    @property
    def message_id(self) -> str:
        """The same for every attempt, so a recipient's mail system can tell a resend."""
        host = urlsplit(settings.LEAD_SITE_URL).hostname or "localhost"
        return f"<{self.public_id}@{host}>"
