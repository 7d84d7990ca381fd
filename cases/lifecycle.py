"""The case's status, derived from what has happened (issue 5: referred → screened → consented →
assessment scheduled → assessed → ISP active → closed). Only services change it, through
`case_status_refresh`, so the status never disagrees with the records. The states read from it
(open, waiting for the assessment, overdue, in the wind...) are defined on `Case`."""

from django.db import transaction

from cases.models import Case
from lead.services import acting


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
