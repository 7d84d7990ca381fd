from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from lead.notifications.models import Notification


# An unreachable mail server (OSError, which smtplib's errors are) is retried with growing pauses.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification_email(notification_id: int) -> None:
    """Email a notification once. Queued by `notify()` after its transaction commits.

    The email says only what the notification says (its subject and short status text, free of
    clinical content) and links to the site, where signing in and the page's access rules apply.
    """
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None or not notification.user.email:
        return  # gone with its user, already sent by an earlier run, or nowhere to send it
    link = settings.LEAD_SITE_URL.rstrip("/") + (notification.safe_url() or reverse("notifications:list"))
    subject = " ".join(notification.subject.split())  # a line break in a header is refused
    message = f"{notification.body}\n\n{link}\n" if notification.body else f"{link}\n"
    send_mail(f"[LEAD] {subject}", message, settings.DEFAULT_FROM_EMAIL, [notification.user.email])
    # Sent, then marked: a worker that dies in between sends it again on redelivery (at least
    # once), which beats losing it. The condition keeps the first sending time.
    Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
