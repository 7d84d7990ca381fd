"""Objects named in URLs, for the permission matrix: how to make one within a persona's scope,
one outside it (another agency's; for criteria, a draft), and the URL arguments of each. Later
features add their kinds."""

import uuid
from dataclasses import dataclass
from typing import Callable

from cases.models import OnCallShift
from eligibility.models import CriteriaSet
from lead.agencies.models import Agency
from lead.roles import Role
from tests.factories import (
    AgencyFactory,
    CriteriaSetFactory,
    NotificationFactory,
    ScreeningFactory,
    UserFactory,
    arrest_referral,
    draft_version,
    on_call,
    open_case,
    release_of_information,
    social_referral,
)


@dataclass(frozen=True)
class ObjectKind:
    own: Callable  # (persona) -> object within the persona's scope
    other: Callable  # () -> object outside it: only the rule's `everywhere` roles may see it
    kwargs: Callable  # (object) -> URL kwargs
    missing_kwargs: Callable  # () -> URL kwargs of an object that does not exist
    # Whether the scope is an agency's: then an officer of an unrelated agency gets 404.
    agency_scoped: bool = True


def own_screening(persona):
    """A screening of the persona's agency; for a prosecutor, of an agency their office prosecutes for."""
    if persona.agency.kind == Agency.Kind.PROSECUTOR:
        return ScreeningFactory(agency=AgencyFactory(prosecuting_office=persona.agency))
    return ScreeningFactory(agency=persona.agency)


def own_referral(persona):
    """A referral in the persona's scope: the case manager was on call for it, the prosecutor's
    office holds its pre-booking file, the officer's agency made it, anyone else referred it."""
    roles = persona.roles
    if Role.CASE_MANAGER in roles:
        on_call(persona)
        return arrest_referral()
    if Role.PROSECUTOR in roles:
        police = AgencyFactory(prosecuting_office=persona.agency, diversion_stage=Agency.DiversionStage.PRE_BOOKING)
        return arrest_referral(agency=police)
    if Role.OFFICER in roles:
        return arrest_referral(agency=persona.agency)
    return social_referral(by=persona)


def other_referral():
    """Another agency's referral, asked of another case manager."""
    on_call(UserFactory(roles=[Role.CASE_MANAGER]))
    return arrest_referral()


def own_case(persona):
    return open_case(other_referral(), case_manager=persona) if Role.CASE_MANAGER in persona.roles else open_case(other_referral())


def version_kwargs(version):
    return {"slug": version.criteria_set.slug, "number": version.number}


OBJECT_KINDS = {
    "agency": ObjectKind(
        own=lambda persona: persona.agency,
        other=lambda: AgencyFactory(),
        kwargs=lambda agency: {"public_id": agency.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
    ),
    "screening": ObjectKind(
        own=own_screening,
        other=lambda: ScreeningFactory(),
        kwargs=lambda screening: {"public_id": screening.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
    ),
    # Approved versions are everyone's; drafts only the director's and the PCG's.
    "criteria_version": ObjectKind(
        own=lambda persona: CriteriaSet.objects.get(slug="example-1").versions.get(number=1),
        other=draft_version,
        kwargs=version_kwargs,
        missing_kwargs=lambda: {"slug": "example-1", "number": 99},
        agency_scoped=False,
    ),
    "criteria_draft": ObjectKind(
        own=lambda persona: draft_version(),
        other=draft_version,
        kwargs=version_kwargs,
        missing_kwargs=lambda: {"slug": "example-1", "number": 99},
        agency_scoped=False,
    ),
    "criteria_set": ObjectKind(
        own=lambda persona: CriteriaSetFactory(),
        other=lambda: CriteriaSetFactory(),
        kwargs=lambda criteria_set: {"slug": criteria_set.slug},
        missing_kwargs=lambda: {"slug": "no-such-set"},
        agency_scoped=False,
    ),
    # Scoped to one user, not an agency: "other" is someone else's, which nobody may open.
    "notification": ObjectKind(
        own=lambda persona: NotificationFactory(user=persona),
        other=lambda: NotificationFactory(user=UserFactory()),
        kwargs=lambda notification: {"public_id": notification.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
        agency_scoped=False,
    ),
    "referral": ObjectKind(
        own=own_referral,
        other=other_referral,
        kwargs=lambda referral: {"public_id": referral.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
    ),
    "case": ObjectKind(
        own=own_case,
        other=lambda: open_case(other_referral()),
        kwargs=lambda case: {"public_id": case.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
    ),
    # Releases of information: of a case assigned to the case manager; "other" is on another
    # provider's case, which only its own case manager and supervisor may open.
    "roi": ObjectKind(
        own=lambda persona: release_of_information(own_case(persona)),
        other=lambda: release_of_information(open_case(other_referral())),
        kwargs=lambda release: {"public_id": release.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
    ),
    # The roster is the director's alone.
    "shift": ObjectKind(
        own=lambda persona: on_call(UserFactory(roles=[Role.CASE_MANAGER])),
        other=lambda: on_call(UserFactory(roles=[Role.CASE_MANAGER])),
        kwargs=lambda shift: {"pk": shift.pk},
        missing_kwargs=lambda: {"pk": (OnCallShift.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000},
        agency_scoped=False,
    ),
    # The director records the OWG's decisions on every case.
    "determination": ObjectKind(
        own=lambda persona: determination_for(open_case(other_referral())),
        other=lambda: determination_for(open_case(other_referral())),
        kwargs=lambda determination: {"public_id": determination.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
        agency_scoped=False,
    ),
}


def determination_for(case):
    from django.utils import timezone

    from owg.models import Determination

    return Determination.objects.create(case=case, kind=Determination.Kind.ASSESSMENT_OVERDUE, created_at=timezone.now())
