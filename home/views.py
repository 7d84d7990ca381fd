"""The start page (each role's panels, home/panels.py) and the health endpoint for load balancers."""

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from cases.deadlines import last_run, quarantined_count
from home import panels
from home.panels import panels_with_data, shows_people
from lead import live
from lead.audit.services import Kind, access_event_record
from lead.celery import app as celery_app
from lead.outbox.services import backlog
from lead.system.models import Heartbeat


def home(request):
    panels = panels_with_data(request.user)
    # Logged only when a panel lists participants: a start page of counts and links is no read.
    listed = [panel.title for panel, data in panels if shows_people(panel, data)]
    if listed:
        access_event_record(request=request, kind=Kind.READ, obj_kind="home", detail=f"home page: {'; '.join(listed)}")
    return render(request, "home.html", {"panels": panels})


@transaction.non_atomic_requests  # reads one or two rows: no transaction to open and close
def handoffs_live(request):
    """The home page's list of hand-offs waiting, asked every few seconds while new ones may be
    asked of this case manager (lead/live.py). `shown` is what the page lists
    (`Handoffs.shown`): while it is the same, the answer is empty (204) and nothing is logged; once
    it changed, the new list, logged as a read. It stops asking (286) when another case manager's
    shift began."""
    waiting = panels.handoffs(request.user, timezone.now())
    if waiting.polls and request.GET.get("shown") == waiting.shown:
        return live.unchanged()
    if waiting:
        access_event_record(
            request=request, kind=Kind.READ, obj_kind="home", detail=f"home page: {panels.HANDOFFS.title}, changed"
        )
    response = render(request, "home/_handoffs_list.html", {"data": waiting, "panel": panels.HANDOFFS, "changed": True})
    return response if waiting.polls else live.settled(response)


@never_cache
@transaction.non_atomic_requests
def health(request):
    """For load balancers and monitoring: 200 when the database and the broker answer, sweeps
    finish and e-mail leaves; 503 otherwise.
    Says which part failed, never why (no error text leaves the server)."""
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    beat = Heartbeat.last_seen() if checks["database"] else None
    swept = _last_sweep() if checks["database"] else None
    # The assessment deadlines are only enforced while sweeps finish: a site whose beat or
    # workers stopped must show it (LEAD_SWEEP_MAX_AGE_MINUTES).
    checks["deadline_sweep"] = swept is not None and timezone.now() - swept <= timedelta(
        minutes=settings.LEAD_SWEEP_MAX_AGE_MINUTES
    )
    # E-mail is delivered while nothing pending has waited longer than LEAD_OUTBOX_MAX_AGE_MINUTES
    # (the mailer worker stopped, or the mail server has refused or failed for that long).
    outbox = backlog(now=timezone.now()) if checks["database"] else None
    checks["outbox"] = outbox is not None and (
        outbox.oldest_pending is None
        or timezone.now() - outbox.oldest_pending <= timedelta(minutes=settings.LEAD_OUTBOX_MAX_AGE_MINUTES)
    )
    body = {
        "status": "ok" if all(checks.values()) else "failing",
        **{name: "ok" if ok else "failing" for name, ok in checks.items()},
        "worker_heartbeat": beat.isoformat() if beat else None,
        "last_deadline_sweep": swept.isoformat() if swept else None,
        "outbox_pending": outbox.pending if outbox else None,
        "outbox_oldest_pending": outbox.oldest_pending.isoformat() if outbox and outbox.oldest_pending else None,
        "outbox_failed_last_7_days": outbox.failed_recently if outbox else None,
        # Shown, not failing: a quarantined notice is one row's problem, the sweep goes on.
        "deadline_notices_quarantined": quarantined_count() if checks["database"] else None,
    }
    return JsonResponse(body, status=200 if all(checks.values()) else 503)


def _last_sweep():
    run = last_run()
    return run.finished_at if run else None


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        return False
