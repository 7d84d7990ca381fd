import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions import middleware as sessions
from django.contrib.sessions.backends.base import UpdateError
from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from lead.audit.models import AccessEvent
from lead.audit.services import access_event_record
from lead.live import is_poll

SIGNED_IN_AT = "lead_signed_in_at"
LAST_SEEN_AT = "lead_last_seen_at"
# How stale the recorded last activity may grow before a request records it again. Recording it
# on every request made every request write the session after the view's transaction (issue 17);
# the price is that an idle session ends up to this much before SESSION_IDLE_TIMEOUT, never after.
ACTIVITY_RESOLUTION = timedelta(minutes=1)

logger = logging.getLogger(__name__)


class SessionLimitsMiddleware:
    """Ends a session after SESSION_IDLE_TIMEOUT without a request, or SESSION_ABSOLUTE_TIMEOUT
    after sign-in, whichever comes first (CJIS session lock, HIPAA automatic logoff). The last
    activity it records is saved by SessionMiddleware below, which MIDDLEWARE must use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            expired = self._expired(request, timezone.now())
            if expired:
                user = request.user
                logout(request)
                access_event_record(request=request, user=user, kind=AccessEvent.Kind.SESSION_EXPIRED, detail=expired)
                messages.info(request, f"You were signed out: {expired}. Please sign in again.")
                if is_poll(request):
                    # htmx would follow a redirect and show the sign-in page inside the waiting
                    # page's status region: have it reload the page, which then goes to sign in.
                    return HttpResponse(status=204, headers={"HX-Refresh": "true"})
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    def _expired(self, request, now) -> str:
        session = request.session
        # Sessions opened by the sign-in view carry their start; others (admin tools, tests'
        # force_login) start counting at their first request.
        signed_in_at = _parse(session.setdefault(SIGNED_IN_AT, now.isoformat()))
        last_seen = session.get(LAST_SEEN_AT)
        last_seen_at = _parse(last_seen) if last_seen else now
        if now - signed_in_at > settings.SESSION_ABSOLUTE_TIMEOUT:
            hours = int(settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds() // 3600)
            return f"{hours} hours since sign-in"
        if now - last_seen_at > settings.SESSION_IDLE_TIMEOUT:
            minutes = int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60)
            return f"{minutes} minutes without activity"
        # A waiting page asking whether something changed (lead/live.py) is not the user doing
        # anything: counted, a page left open would never be signed out.
        if (last_seen is None or now - last_seen_at >= ACTIVITY_RESOLUTION) and not is_poll(request):
            _activity_record(request, now)
        return ""


def _activity_record(request, now) -> None:
    """Notes `now` as the session's last activity without marking the session modified, so that
    SessionMiddleware can tell this bookkeeping from a real change and save it on its own."""
    session = request.session
    modified = session.modified
    session[LAST_SEEN_AT] = now.isoformat()
    session.modified = modified
    request._session_activity = True


class SessionMiddleware(sessions.SessionMiddleware):
    """Django's, except when the only change to the session is the last activity: that is saved
    apart, and a database error saving it is logged, not answered. The view's transaction has
    committed by then, and a write the user made must not answer an error because the database
    restarted after it (issue 17); the next request records the activity again. A real change
    (signing in or out, a message kept in the session) is saved as Django does, failure included."""

    def process_response(self, request, response):
        activity_only = getattr(request, "_session_activity", False) and not request.session.modified
        # Like Django, nothing is saved with a server error's answer.
        if activity_only and response.status_code < 500:
            _activity_save(request.session)
        return super().process_response(request, response)


def _activity_save(session) -> None:
    """Saves the session without refreshing its cookie, which needs none: the key is the same, and
    the cookie ends with the browser (SESSION_EXPIRE_AT_BROWSER_CLOSE)."""
    try:
        session.save()
    except (DatabaseError, UpdateError):
        # The database backend turns any database error of an update into UpdateError; it also
        # means the session was deleted meanwhile (signed out in another tab), which the next
        # request finds anyway.
        logger.warning("The session's last activity was not saved", exc_info=True)


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value)


# Pages a user who must choose a new password can still reach: that page, and the steps of signing in and out.
PASSWORD_CHANGE_ALLOWED = {
    "accounts:password",
    "accounts:sign-out",
    "accounts:verify",
    "accounts:enroll",
    "admin-sign-out",
    "accounts:sign-in",
    "health",
}


class PasswordChangeRequiredMiddleware:
    """After an administrator reset the password (or a second person issued a temporary one),
    the user's first stop is choosing their own: every other page sends them there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not (user.is_authenticated and user.must_change_password):
            return None
        if settings.LEAD_TWO_FACTOR and not user.is_verified():
            return None  # the second factor first (the access map sends them there)
        if request.resolver_match.view_name in PASSWORD_CHANGE_ALLOWED:
            return None
        messages.warning(request, "Your password was reset by an administrator. Choose your own password to continue.")
        return redirect("accounts:password")
