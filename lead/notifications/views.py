"""A user's own notifications. A notification is looked up through its kind's lookup, the
user's own (`notifications_of`), so another user's answers 404 exactly like a missing one."""

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lead import access
from lead.notifications import services
from lead.notifications.describe import describe_all
from lead.notifications.models import Notification
from lead.notifications.selectors import notifications_of
from lead.pagination import CappedPage

PAGE_SIZE = 25


@dataclass
class Group:
    """Notifications of one event on the list, shown as one row when there are several."""

    items: list[Notification]

    @property
    def first(self) -> Notification:
        return self.items[0]

    @property
    def unread(self) -> int:
        return sum(1 for item in self.items if item.read_at is None)

    @property
    def about(self) -> list[str]:
        """What the group's notifications are about, as the recipient may see it, each once."""
        return list(dict.fromkeys(item.about_text for item in self.items if item.about_text))


def grouped(notifications: list[Notification]) -> list[Group]:
    """Neighbours on the page with the same subject and kind of subject are one event repeated
    ("Dana Whitfield accepted the hand-off" five times): one group. Only neighbours, so the list
    stays newest first and a group never hides an older notification above a newer one; and
    only within the page, so a page is still PAGE_SIZE notifications at most."""
    groups: list[Group] = []
    for notification in notifications:
        last = groups[-1].first if groups else None
        if last is not None and (last.subject, last.about_kind) == (notification.subject, notification.about_kind):
            groups[-1].items.append(notification)
        else:
            groups.append(Group([notification]))
    return groups


def notification_list(request):
    page = CappedPage(notifications_of(request.user), request.GET.get("page"), PAGE_SIZE)
    # What each is about, as this user may see it now: one query per kind on the page.
    describe_all(request.user, page.object_list)
    return render(request, "notifications/list.html", {"page": page, "groups": grouped(page.object_list)})


@require_POST
def notification_open(request, public_id):
    """Mark it read and go where it points; a url that is not a path of this site goes nowhere."""
    notification = access.get_visible(request, "notification", public_id=public_id)
    services.notification_mark_read(notification=notification, now=timezone.now())
    return redirect(notification.safe_url() or "notifications:list")


@require_POST
def notifications_read_all(request):
    """Harmless and nothing to confirm: read notifications stay listed, and new ones come unread."""
    marked = services.notifications_mark_all_read(user=request.user, now=timezone.now())
    if marked:
        messages.success(request, f"{marked} notification{'s' if marked != 1 else ''} marked as read.")
    else:
        messages.info(request, "You had no new notifications.")
    return redirect("notifications:list")
