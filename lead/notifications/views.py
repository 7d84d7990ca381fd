"""A user's own notifications. A notification is looked up through its kind's lookup, the
user's own (`notifications_of`), so another user's answers 404 exactly like a missing one."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lead import access
from lead.notifications import services
from lead.notifications.selectors import notifications_of

PAGE_SIZE = 25


def notification_list(request):
    page = Paginator(notifications_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
def notification_open(request, public_id):
    """Mark it read and go where it points; a url that is not a path of this site goes nowhere."""
    notification = access.get_visible(request, "notification", public_id=public_id)
    services.notification_mark_read(notification=notification, now=timezone.now())
    return redirect(notification.safe_url() or "notifications:list")


@require_POST
def notifications_read_all(request):
    if services.notifications_mark_all_read(user=request.user, now=timezone.now()):
        messages.success(request, "All your notifications are marked as read.")
    return redirect("notifications:list")
