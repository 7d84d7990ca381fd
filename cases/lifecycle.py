"""The case's status, derived from what has happened (issue 5: referred → screened → consented →
assessment scheduled → assessed → ISP active → closed), and its flags. Only services change it,
through `case_status_refresh`, so the status never disagrees with the records."""

from datetime import datetime, timedelta

from django.db import transaction

from cases.models import Case
from lead.services import acting
from lead.system.models import SiteConfiguration


def derived_status(case: Case) -> str:
    if case.closed_at:
        return Case.Status.CLOSED
    if _has(case, "plan") and case.plan.status == "active":
        return Case.Status.ISP_ACTIVE
    if _has(case, "assessment") and case.assessment.status == "completed":
        return Case.Status.ASSESSED
    if _has(case, "consent") and case.appointments.exists():
        return Case.Status.SCHEDULED
    if _has(case, "consent"):
        return Case.Status.CONSENTED
    if _has(case, "initial_screening"):
        return Case.Status.SCREENED
    return Case.Status.REFERRED


def _has(case: Case, relation: str) -> bool:
    try:
        getattr(case, relation)
    except Exception:  # RelatedObjectDoesNotExist of the one-to-one relation
        return False
    return True


@transaction.atomic
def case_status_refresh(case: Case, *, by) -> Case:
    """Recompute the status after a change; save (with history) only when it moved."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    status = derived_status(case)
    if status != case.status:
        case.status = status
        acting(case, by).save(update_fields=["status"])
    return case


def is_overdue(case: Case, now: datetime) -> bool:
    """The assessment deadline passed without a completed assessment."""
    return (
        case.assessment_due_at is not None
        and now >= case.assessment_due_at
        and case.status in (Case.Status.REFERRED, Case.Status.SCREENED, Case.Status.CONSENTED, Case.Status.SCHEDULED)
    )


def is_in_the_wind(case: Case, now: datetime, days: int | None = None) -> bool:
    """Not reached for the configured number of days since the last contact (or the opening)."""
    if case.status == Case.Status.CLOSED:
        return False
    days = days if days is not None else SiteConfiguration.current().in_the_wind_days
    return now - (case.last_reached_at or case.opened_at) > timedelta(days=days)
