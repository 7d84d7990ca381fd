"""Reads of the Operations Workgroup's records, scoped to the user (docs/access-policy.md)."""

from django.db.models import Q, QuerySet

from lead.roles import Role
from owg.models import ChargeFiling, CriminalCase, Decision, Meeting


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """Every meeting for the project director; for other members, the meetings inviting them."""
    meetings = Meeting.objects.select_related("recorder")
    return meetings if Role.DIRECTOR in user.roles else meetings.filter(members=user)


def actions_of(user) -> QuerySet[Decision]:
    """The follow-ups the OWG gave the user; nobody else's."""
    return Decision.objects.filter(action_by=user)


def criminal_cases() -> QuerySet[CriminalCase]:
    return CriminalCase.objects.select_related("participant", "office", "defender")


def criminal_cases_visible_to(user) -> QuerySet[CriminalCase]:
    """The director reads every case; a prosecutor their office's; a defender the cases naming them."""
    cases = criminal_cases()
    if Role.DIRECTOR in user.roles:
        return cases
    scope = Q(pk__in=[])
    if Role.PROSECUTOR in user.roles and user.agency_id is not None:
        scope |= Q(office_id=user.agency_id)
    if Role.DEFENDER in user.roles:
        scope |= Q(defender=user)
    return cases.filter(scope)


def filings_visible_to(user) -> QuerySet[ChargeFiling]:
    """The filing decisions referred to the user's prosecuting office."""
    return ChargeFiling.objects.select_related(
        "decision__meeting",
        "decision__proposed_by",
        "case__participant",
        "case__referral__agency",
        "case__referral__charging_hold",
        "decided_by",
    ).filter(office_id=user.agency_id)
