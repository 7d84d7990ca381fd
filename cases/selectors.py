"""Reads of participants, referrals and cases, scoped to the user (access-policy.md)."""

import unicodedata
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from cases.grants import CHANGE_CASE, VIEW_CASE, VIEW_REFERRAL, held_by_agency, held_by_user
from cases.models import Case, ChargingHold, OnCallShift, Participant, Referral
from lead import access
from lead.roles import Role
from lead.system.models import SiteConfiguration


def referrals_visible_to(user) -> QuerySet[Referral]:
    """The director sees every referral; others those granted to their agency (referring agency,
    the prosecuting office of its jurisdiction) or to them (a case manager asked for a hand-off)."""
    referrals = Referral.objects.select_related(
        "participant", "agency", "referred_by", "file_holder", "on_call_case_manager", "accepted_by",
        "screening", "charging_hold", "case__case_manager",
    )
    if access.sees_everywhere(user, "cases:referral-detail"):
        return referrals
    scope = Q(pk__in=held_by_agency(user.agency, VIEW_REFERRAL, Referral).values("pk"))
    if Role.CASE_MANAGER in user.roles:
        scope |= Q(pk__in=held_by_user(user, VIEW_REFERRAL, Referral).values("pk"))
    return referrals.filter(scope)


def cases_visible_to(user) -> QuerySet[Case]:
    """The director sees every case's status; a case manager the cases of their provider."""
    cases = Case.objects.select_related("participant", "case_manager", "provider", "referral")
    if access.sees_everywhere(user, "cases:case-detail"):
        return cases
    if Role.CASE_MANAGER not in user.roles:
        return cases.none()
    scope = Q(pk__in=held_by_user(user, VIEW_CASE, Case).values("pk"))
    scope |= Q(pk__in=held_by_agency(user.agency, VIEW_CASE, Case).values("pk"))
    return cases.filter(scope)


def case_is_assigned_to(case: Case, user) -> bool:
    return held_by_user(user, CHANGE_CASE, Case).filter(pk=case.pk).exists()


def name_key(name: str) -> str:
    """A name as the duplicate search compares it: no accents, case or punctuation."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in letters.casefold()).split())


def participant_matches(*, first_name: str, last_name: str, date_of_birth=None) -> list[Participant]:
    """Existing participants who may be this person: the same last name (or alias) with the
    same first name or date of birth, or the same first name and date of birth (a new last
    name). Strong matches only, so the list does not show strangers to the person searching."""
    last, first = name_key(last_name), name_key(first_name)
    same_last = Q(names__last_key=last)
    same_first = Q(names__first_key=first)
    query = same_last & same_first
    if date_of_birth:
        query |= (same_last | same_first) & Q(date_of_birth=date_of_birth)
    return list(Participant.objects.filter(query).distinct().order_by("last_name", "first_name")[:10])


def on_call_now(now: datetime) -> OnCallShift | None:
    """The shift covering `now`; when shifts overlap, the one that started last."""
    return (
        OnCallShift.objects.select_related("case_manager")
        .filter(starts_at__lte=now, ends_at__gt=now, case_manager__is_active=True)
        .order_by("-starts_at").first()
    )


def roster(now: datetime) -> QuerySet[OnCallShift]:
    """Shifts not yet over, soonest first."""
    return OnCallShift.objects.select_related("case_manager").filter(ends_at__gt=now).order_by("starts_at")


def capacity() -> dict:
    """Open cases against the program's capacity, and each case manager's open caseload."""
    config = SiteConfiguration.current()
    open_cases = Case.objects.filter(status__in=OPEN_STATUSES).count()
    from lead.users.models import User

    caseloads = list(
        User.objects.filter(groups__name=Role.CASE_MANAGER.label, is_active=True)
        .annotate(open_cases=Count("cases", filter=Q(cases__status__in=OPEN_STATUSES)))
        .order_by("last_name", "first_name")
    )
    return {
        "open_cases": open_cases,
        "capacity": config.program_capacity,
        "room": max(config.program_capacity - open_cases, 0),
        "caseload_limit": config.caseload_limit,
        "caseloads": caseloads,
    }


OPEN_STATUSES = [Case.Status.OPEN]


def holds_of_office(user) -> QuerySet[ChargingHold]:
    return ChargingHold.objects.select_related("referral__participant", "referral__agency").filter(office_id=user.agency_id)
