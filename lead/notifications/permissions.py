"""The scoped lookup of notifications (docs/access.md): a user's own, nobody else's. Loaded by
NotificationsConfig.ready."""

from lead import access
from lead.notifications.selectors import notifications_of

access.register_kind(
    "notification",
    visible_to=notifications_of,
    log_as="notifications.notification",
    missing="notification of another user or missing",
)
