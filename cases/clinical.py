"""Who may open a case's clinical records (docs/access-policy.md): the case managers it is assigned
to and their provider's supervisor. Nobody else, the project director included (break-glass is
separate). Every opening is written to the access log."""

from django.db.models import Q, QuerySet

from cases.grants import CHANGE_CASE, held_by_user
from cases.models import Case
from lead import access
from lead.audit.models import AccessEvent
from lead.audit.services import access_event_record
from lead.roles import Role


def clinical_cases(user) -> QuerySet[Case]:
    if Role.CASE_MANAGER not in user.roles:
        return Case.objects.none()
    scope = Q(pk__in=held_by_user(user, CHANGE_CASE, Case).values("pk"))
    if user.is_supervisor and user.agency_id:
        scope |= Q(provider_id=user.agency_id)
    return Case.objects.select_related("participant", "case_manager", "provider", "referral").filter(scope)


def clinical_case_or_404(request, public_id, *, what: str) -> Case:
    """The case, for a page showing its clinical records (`what`), logged as a read."""
    case = clinical_cases(request.user).filter(public_id=public_id).first()
    if case is None:
        raise access.not_found(request, f"clinical record ({what}) out of scope or missing", "cases.case", str(public_id))
    access_event_record(request=request, kind=AccessEvent.Kind.READ, obj=case, detail=f"clinical: {what}")
    return case


def may_see_clinical(user, case: Case) -> bool:
    return clinical_cases(user).filter(pk=case.pk).exists()
