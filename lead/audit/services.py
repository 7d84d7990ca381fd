"""Writes to the access log. Synchronous: a request that reads a sensitive record writes its
log line in the same transaction, so a read is never shown without being logged."""

from django.contrib.auth import get_user_model

from lead.audit.models import AccessEvent
from lead.validation import printable

Kind = AccessEvent.Kind
Outcome = AccessEvent.Outcome
# Kinds that record a person's data being shown or sent (a search shows the people it found).
READS = {Kind.READ, Kind.EXPORT, Kind.BREAK_GLASS, Kind.SEARCH}


def client_ip(request) -> str | None:
    # REMOTE_ADDR is what the proxy chain hands us; gunicorn behind the proxy sets it from
    # X-Forwarded-For only for trusted proxies (forwarded_allow_ips), so it cannot be spoofed here.
    return request.META.get("REMOTE_ADDR") or None


def access_event_record(
    *,
    request=None,
    kind: str,
    outcome: str = Outcome.ALLOWED,
    user=None,
    username: str = "",
    obj=None,
    obj_kind: str = "",
    obj_id: str = "",
    detail: str = "",
) -> AccessEvent:
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    if obj is not None:
        obj_kind = obj_kind or obj._meta.label_lower
        obj_id = obj_id or str(getattr(obj, "public_id", obj.pk))
    if request is not None and kind in READS and outcome == Outcome.ALLOWED:
        # The access map's middleware then writes no second line for the page (lead/access.py).
        request._access_read_logged = True
    if request is not None and outcome == Outcome.DENIED:
        # The middleware then logs no second denial for the answer (lead/access.py).
        request._access_denial_logged = True
    # What a request sent is logged as it came, but with NUL and other unstorable or misleading
    # characters spelled out: a hostile username must be logged, not make the log fail.
    return AccessEvent.objects.create(
        kind=kind,
        outcome=outcome,
        user=user if isinstance(user, get_user_model()) else None,
        username=printable(user.get_username() if user is not None else username)[:150],
        object_type=obj_kind[:100],
        object_id=printable(str(obj_id))[:64],
        path=printable(request.path)[:500] if request is not None else "",
        method=request.method if request is not None else "",
        ip_address=client_ip(request) if request is not None else None,
        user_agent=printable(request.META.get("HTTP_USER_AGENT", ""))[:300] if request is not None else "",
        detail=printable(detail),
    )


def access_denied_record(*, request, reason: str, obj_kind: str = "", obj_id: str = "") -> AccessEvent:
    return access_event_record(
        request=request, kind=Kind.DENIED, outcome=Outcome.DENIED, obj_kind=obj_kind, obj_id=obj_id, detail=reason
    )
