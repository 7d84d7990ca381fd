"""Writes of the case file: contacts, the progress summary for the OWG, and closing."""

from datetime import datetime

from django.db import transaction

from cases.lifecycle import case_status_refresh
from cases.models import Case, Contact, Determination, ProgressSummary
from lead.services import Conflict, acting


@transaction.atomic
def contact_record(
    *,
    case: Case,
    by,
    kind: str,
    reached: bool,
    at: datetime,
    duration_minutes: int,
    place: str,
    outcome: str,
    now: datetime,
) -> Contact:
    """A contact or an attempt. Reaching the participant moves `last_reached_at`, from which
    "in the wind" is computed; an attempt does not."""
    if at > now:
        raise Conflict("A contact cannot be in the future.", field="at")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_open:
        raise Conflict("The case is closed.")
    contact = Contact(
        case=case,
        by=by,
        kind=kind,
        reached=reached,
        at=at,
        duration_minutes=duration_minutes,
        place=place,
        outcome=outcome,
    )
    contact.full_clean()
    acting(contact, by).save()
    if reached and (case.last_reached_at is None or at > case.last_reached_at):
        case.last_reached_at = at
        acting(case, by).save(update_fields=["last_reached_at"])
    return contact


@transaction.atomic
def summary_write(
    *, case: Case, by, engagement: str, note: str, now: datetime, housing_status: str = "", employment_status: str = ""
) -> ProgressSummary:
    summary = ProgressSummary(
        case=case,
        engagement=engagement,
        note=note,
        written_at=now,
        written_by=by,
        housing_status=housing_status,
        employment_status=employment_status,
    )
    summary.full_clean()
    acting(summary, by).save()
    return summary


@transaction.atomic
def case_close(*, case: Case, by, reason: str, note: str, now: datetime) -> Case:
    """Close the case. When the participant did not complete the ISP (policy VI.I), the case goes
    to the OWG for a determination on the original charge."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_open:
        raise Conflict("The case is already closed.")
    case.closed_at, case.closed_reason, case.closing_note = now, reason, note
    case.full_clean()
    acting(case, by).save()
    # Releases that end with an event rather than a date end here: leaving LEAD is the event
    # they name in practice, and sharing must not outlive the participation.
    for release in case.releases.filter(expires_on__isnull=True, expired_at__isnull=True, revoked_at__isnull=True):
        release.expired_at = now
        acting(release, by).save(update_fields=["expired_at"])
    if reason == Case.Closing.ISP_NOT_COMPLETED:
        determination = Determination(
            case=case, kind=Determination.Kind.ISP_NOT_COMPLETED, created_at=now, created_by=by
        )
        acting(determination, by).save()
    return case_status_refresh(case, by=by)
