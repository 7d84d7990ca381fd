"""Who may open a case's clinical records (docs/access-policy.md): the case managers it is assigned
to, their provider's supervisor, and a colleague covering the assigned case manager's caseload
while the coverage runs (cases.models.Coverage). Nobody else, the project director included:
the director reads one case's record only through break-glass (`break_glass_cases`), read-only
and for a short window. Every opening is written to the access log, saying through what."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cases.models import BreakGlass, Case, Coverage
from lead import access
from lead.audit.models import AccessEvent
from lead.audit.services import access_event_record
from lead.roles import Role


def _own_scope(user) -> Q:
    """Assigned to the user (the case's case manager), or the provider they supervise: at the
    provider they work for now. A case manager moved to another agency stays assigned to the
    cases they left behind until those are reassigned; their agency, not the assignment, decides
    (lead/users/duties.py)."""
    if not user.agency_id:
        return Q(pk__in=[])
    scope = Q(case_manager_id=user.pk)
    if user.is_supervisor:
        scope |= Q(provider_id=user.agency_id)
    return scope & Q(provider_id=user.agency_id)


def _owns(user, case: Case) -> bool:
    """`_own_scope(user)` asked of one case already loaded, without a query: the same
    conditions, kept beside it (tests/cases/test_cover.py compares the two)."""
    if not user.agency_id or case.provider_id != user.agency_id:
        return False
    return case.case_manager_id == user.pk or user.is_supervisor


def _covered_scope(user, now) -> Q:
    """The cases of a colleague the user covers now, at the provider the coverage was granted
    for, while the user still works there."""
    running = Coverage.objects.running_at(now).filter(
        covering=user, covered_id=OuterRef("case_manager_id"), provider_id=OuterRef("provider_id")
    )
    return Q(Exists(running), provider_id=user.agency_id) if user.agency_id else Q(pk__in=[])


def clinical_cases(user, *, now=None) -> QuerySet[Case]:
    """The cases whose clinical record `user` may read and write. Covering counts for writing
    too: the covering case manager acts on the cases while the colleague is away."""
    if Role.CASE_MANAGER not in user.roles:
        return Case.objects.none()
    scope = _own_scope(user) | _covered_scope(user, now or timezone.now())
    return Case.objects.select_related("participant", "case_manager", "provider", "referral").filter(scope)


def through_coverage(user, case: Case) -> bool:
    """Whether the user reaches `case`'s record only because they cover its case manager."""
    return not Case.objects.filter(_own_scope(user), pk=case.pk).exists()


def open_clinical_record(request, public_id, *, what: str) -> Case:
    """The case, for a page showing its clinical records (`what`), through the clinical_case
    kind's lookup (`clinical_cases`; 404, logged, for anyone else), logged as a read."""
    case = access.get_visible(
        request, "clinical_case", public_id=public_id, missing=f"clinical record ({what}) out of scope or missing"
    )
    detail = clinical_detail(case, what, via_coverage=through_coverage(request.user, case))
    access_event_record(request=request, kind=AccessEvent.Kind.READ, obj=case, detail=detail)
    return case


def clinical_detail(case: Case, what: str, *, via_coverage: bool) -> str:
    """The access log's detail for a clinical read: through coverage says so, and whose."""
    if via_coverage:
        return f"clinical: {what} (via coverage of {case.case_manager.get_username()})"
    return f"clinical: {what}"


def clinical_reach(user, case: Case, *, now=None) -> str | None:
    """How `user` reaches `case`'s clinical record: "own" (assigned or supervising), "coverage",
    or None (not at all). For the case page, the case manager's most used: their own case is
    decided from its fields, and only another's asks the database (one query), where
    `clinical_cases` and `through_coverage` would ask twice."""
    if Role.CASE_MANAGER in user.roles and _owns(user, case):
        return "own"
    return "coverage" if clinical_cases(user, now=now).filter(pk=case.pk).exists() else None


# Break-glass ------------------------------------------------------------------------------------


def break_glass_cases(user, *, now) -> QuerySet[Case]:
    """The cases the director opened by break-glass whose window is still running."""
    if Role.DIRECTOR not in user.roles:
        return Case.objects.none()
    running = BreakGlass.objects.running_at(now).filter(opened_by=user, case_id=OuterRef("pk"))
    return Case.objects.select_related("participant", "case_manager", "provider", "referral").filter(Exists(running))


def open_break_glass_record(request, public_id) -> Case:
    """The case, for the director's read-only emergency view (the break_glass kind's lookup),
    logged as a break-glass read."""
    case = access.get_visible(request, "break_glass", public_id=public_id)
    access_event_record(
        request=request, kind=AccessEvent.Kind.BREAK_GLASS, obj=case, detail="read during break-glass: clinical record"
    )
    return case
