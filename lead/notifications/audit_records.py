"""What the access log says of the notifications its lines are about (lead/audit/records.py): to
whom and its subject (a short status text, never case content: lead/notifications/models.py).
One query. Registered by NotificationsConfig.ready."""

from collections.abc import Collection

from lead.audit import records
from lead.audit.records import Described
from lead.notifications.models import Notification


def notifications_described(user, object_ids: Collection[str]) -> dict[str, Described]:
    ids = records.uuids(object_ids)
    rows = Notification.objects.filter(public_id__in=ids).values_list(
        "public_id", "subject", "user__first_name", "user__last_name", "user__username"
    )
    return {
        ids[public_id]: Described(f"Notification “{subject}” to {' '.join(filter(None, [first, last])) or username}")
        for public_id, subject, first, last, username in rows
    }


records.register("notifications.notification", notifications_described)
