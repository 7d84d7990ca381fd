from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils import timezone

from lead.audit.models import AccessEvent
from lead.audit.services import access_event_record

SIGNED_IN_AT = "lead_signed_in_at"
LAST_SEEN_AT = "lead_last_seen_at"


class SessionLimitsMiddleware:
    """Ends a session after SESSION_IDLE_TIMEOUT without a request, or SESSION_ABSOLUTE_TIMEOUT
    after sign-in, whichever comes first (CJIS session lock, HIPAA automatic logoff)."""

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
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    def _expired(self, request, now) -> str:
        session = request.session
        # Sessions opened by the sign-in view carry their start; others (admin tools, tests'
        # force_login) start counting at their first request.
        signed_in_at = _parse(session.setdefault(SIGNED_IN_AT, now.isoformat()))
        last_seen_at = _parse(session.get(LAST_SEEN_AT, now.isoformat()))
        if now - signed_in_at > settings.SESSION_ABSOLUTE_TIMEOUT:
            hours = int(settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds() // 3600)
            return f"{hours} hours since sign-in"
        if now - last_seen_at > settings.SESSION_IDLE_TIMEOUT:
            minutes = int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60)
            return f"{minutes} minutes without activity"
        session[LAST_SEEN_AT] = now.isoformat()
        return ""


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
