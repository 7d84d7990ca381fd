from django.db.models import QuerySet

from lead.notifications.models import Notification


def notifications_of(user) -> QuerySet[Notification]:
    """A user's own notifications, newest first. Nobody ever sees another user's."""
    return Notification.objects.filter(user=user)


def unread_count(user) -> int:
    return notifications_of(user).filter(read_at__isnull=True).count()
