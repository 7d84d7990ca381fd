"""Reads in the access log: every page that shows a person's identity, contact details, charges or
case state writes a READ when it is read, once. The walk opens every GET page of the access map
as every role it allows, with objects of each kind in the persona's scope (so lists have rows),
every participant renamed to a marker: a page that shows the marker, or that the map declares as
showing personal data (`Rule.shows`), must have written a READ."""

import pytest
from django.urls import reverse

from cases.models import Participant
from lead.access import rule_for
from lead.audit.models import AccessEvent
from lead.audit.services import READS
from lead.roles import Role
from tests.access_objects import OBJECT_KINDS
from tests.conftest import signed_in_client
from tests.lead.test_access_matrix import APP_URLS

MARKER = "Xylomarker"
# Kinds built for every persona before the walk, so that lists and home panels show something.
POPULATE = ["screening", "referral", "case", "clinical_case", "criminal_case", "engaged_case", "meeting", "agenda_item"]


def get_pages_for(role):
    for name in APP_URLS:
        rule = rule_for(name)
        if not rule.public and role in rule.get:
            yield name, rule


def reads(user) -> int:
    return AccessEvent.objects.filter(user=user, kind__in=READS).count()


def walk(persona):
    role_objects = {kind: OBJECT_KINDS[kind].own(persona) for kind in POPULATE}
    Participant.objects.update(last_name=MARKER)  # update(): no history wanted for a test rename
    client = signed_in_client(persona)
    problems = []
    for name, rule in get_pages_for(next(iter(persona.roles))):
        if rule.obj:
            kind = OBJECT_KINDS[rule.obj]
            obj = role_objects.get(rule.obj) or kind.own(persona)
            Participant.objects.update(last_name=MARKER)
            url = reverse(name, kwargs=kind.kwargs(obj))
        else:
            url = reverse(name)
        before = reads(persona)
        response = client.get(url)
        written = reads(persona) - before
        shown = response.status_code == 200 and MARKER in _text(response)
        if response.status_code == 200 and (rule.shows or shown) and written == 0:
            problems.append(f"{name} ({url}) shows {'a participant' if shown else rule.shows} but wrote no READ")
        if written > 1:
            problems.append(f"{name} ({url}) wrote {written} READ rows for one page")
    return problems


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return ""
    return response.content.decode(errors="replace")


@pytest.mark.parametrize("role", [role for role in Role if role != Role.SITE_ADMIN])
def test_every_page_showing_personal_data_writes_one_read(role, personas):
    assert walk(personas[role]) == []


# The pages of the probe's finding, one by one -------------------------------------------------

# The probe found these pages read without a line in the log; the map now declares each.
FOUND_UNLOGGED = [
    "cases:charging",
    "cases:handoff-accept",
    "cases:intake",
    "cases:offer",
    "eligibility:screening-coordination",
    "owg:item-new",
    "owg:meeting-edit",
]


@pytest.mark.parametrize("name", FOUND_UNLOGGED)
def test_the_pages_the_probe_found_unlogged_are_declared_as_showing_personal_data(name):
    assert rule_for(name).shows


def test_screening_coordination_is_logged_when_read(personas):
    from eligibility.models import Screening
    from tests.factories import ScreeningFactory

    officer = personas[Role.OFFICER]
    screening = ScreeningFactory(agency=officer.agency, status=Screening.Status.AWAITING_COORDINATION)
    response = signed_in_client(officer).get(reverse("eligibility:screening-coordination", args=[screening.public_id]))
    assert response.status_code == 200
    event = AccessEvent.objects.get(user=officer, kind=AccessEvent.Kind.READ)
    assert (event.object_type, event.object_id) == ("eligibility.screening", str(screening.public_id))
    assert event.detail == "eligibility:screening-coordination: a screening: report number, outcome"


def test_the_charging_page_is_logged_once_with_the_referral(personas):
    prosecutor = personas[Role.PROSECUTOR]
    referral = OBJECT_KINDS["referral"].own(prosecutor)
    signed_in_client(prosecutor).get(reverse("cases:charging", args=[referral.public_id]))
    events = AccessEvent.objects.filter(user=prosecutor, kind=AccessEvent.Kind.READ)
    assert [(e.object_type, e.object_id) for e in events] == [("cases.referral", str(referral.public_id))]


def test_a_page_that_logs_its_own_read_is_not_logged_twice(personas):
    director = personas[Role.DIRECTOR]
    case = OBJECT_KINDS["case"].own(director)
    signed_in_client(director).get(reverse("cases:case-detail", args=[case.public_id]))
    assert list(
        AccessEvent.objects.filter(user=director, kind=AccessEvent.Kind.READ).values_list("detail", flat=True)
    ) == ["case status"]


def test_a_refused_or_redirected_page_writes_no_read(personas):
    officer = personas[Role.OFFICER]
    screening = OBJECT_KINDS["screening"].own(officer)  # eligible: not waiting for coordination
    response = signed_in_client(officer).get(reverse("eligibility:screening-coordination", args=[screening.public_id]))
    assert response.status_code == 302
    assert not AccessEvent.objects.filter(user=officer, kind=AccessEvent.Kind.READ).exists()


def test_the_home_page_is_logged_only_when_it_lists_participants(personas):
    pcg, officer = personas[Role.PCG], personas[Role.OFFICER]
    signed_in_client(pcg).get(reverse("home"))
    assert not AccessEvent.objects.filter(user=pcg, kind=AccessEvent.Kind.READ).exists()
    OBJECT_KINDS["referral"].own(officer)
    signed_in_client(officer).get(reverse("home"))
    assert (
        AccessEvent.objects.get(user=officer, kind=AccessEvent.Kind.READ).detail
        == "home page: Referrals and diversions"
    )
