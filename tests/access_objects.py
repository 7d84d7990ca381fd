"""Objects named in URLs, for the permission matrix: how to make one within a persona's scope,
one outside it (another agency's; for criteria, a draft), and the URL arguments of each. Later
features add their kinds."""

import uuid
from dataclasses import dataclass
from typing import Callable

from eligibility.models import CriteriaSet
from lead.agencies.models import Agency
from tests.factories import (
    AgencyFactory,
    CriteriaSetFactory,
    ScreeningFactory,
    draft_version,
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
}
