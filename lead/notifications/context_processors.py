from django.conf import settings

from lead.notifications.selectors import unread_count


def unread(request):
    """The header's "Notifications (3 new)": one count, only for a fully signed-in user (before
    the second factor the header must reveal nothing about the account)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if settings.LEAD_TWO_FACTOR and not getattr(user, "is_verified", lambda: False)():
        return {}
    return {"unread_notifications": unread_count(user)}
