"""Search: names (typos, accents, swapped, aliases), dates of birth, report and case numbers;
each role finds only what the records' own pages show it; every search is in the access log;
a fixed number of queries; hostile input answered with a message."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Participant, ParticipantName
from cases.selectors import name_key
from cases.services.referrals import participant_update
from lead.agencies.models import Agency
from lead.audit.models import AccessEvent
from lead.roles import Role
from search.terms import terms_of
from tests.access_objects import OBJECT_KINDS
from tests.conftest import signed_in_client
from tests.factories import (
    AgencyFactory,
    ScreeningFactory,
    UserFactory,
    arrest_referral,
    criminal_case,
    open_case,
    outreach_assignment,
)
from tests.hostile import TYPED

postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm's similarity (CI runs it)")
RESULT_LINK = re.compile(r'class="usa-collection__heading"><a class="usa-link" href="([^"]+)"')


def search(user, q):
    response = signed_in_client(user).get(reverse("search:results"), {"q": q})
    assert response.status_code == 200
    return response


def links(response) -> list[str]:
    return RESULT_LINK.findall(response.content.decode())


def case_links(response) -> list[str]:
    """The links to case pages (a case manager also finds the referrals of the cases they took)."""
    return [link for link in links(response) if link.startswith("/cases/")]


def born(participant, day):
    Participant.objects.filter(pk=participant.pk).update(date_of_birth=day)


@pytest.fixture
def caseload(personas):
    """The case manager persona's provider has Maria Nguyễn (born 7 March 1984, alias "Mai
    Tran"), a second Maria Nguyen born 1990 and Dana Whitfield; another provider has a Maria
    Nguyen too."""
    case_manager = personas[Role.CASE_MANAGER]

    def case_of(first, last, day, manager=case_manager):
        case = open_case(arrest_referral(first_name=first, last_name=last), case_manager=manager)
        born(case.participant, day)
        return case

    first = case_of("Maria", "Nguyễn", datetime.date(1984, 3, 7))
    participant_update(
        participant=first.participant, by=case_manager, aliases="Mai Tran", date_of_birth=datetime.date(1984, 3, 7)
    )
    elsewhere = UserFactory(agency=AgencyFactory(kind=Agency.Kind.SERVICE_PROVIDER), roles=[Role.CASE_MANAGER])
    return {
        "nguyen_1984": first,
        "nguyen_1990": case_of("Maria", "Nguyen", datetime.date(1990, 5, 17)),
        "whitfield": case_of("Dana", "Whitfield", datetime.date(1979, 11, 2)),
        "other_provider": case_of("Maria", "Nguyen", datetime.date(1984, 3, 7), manager=elsewhere),
    }


def case_link(case):
    return reverse("cases:case-detail", args=[case.public_id])


# Names -----------------------------------------------------------------------------------------


def test_the_case_manager_finds_a_participant_by_name_without_accents_and_not_another_providers(case_manager, caseload):
    found = case_links(search(case_manager, "nguyen"))
    assert case_link(caseload["nguyen_1984"]) in found
    assert case_link(caseload["nguyen_1990"]) in found
    assert case_link(caseload["other_provider"]) not in found
    assert case_link(caseload["whitfield"]) not in found


def test_a_name_typed_with_its_accent_finds_the_name_stored_without(case_manager, caseload):
    assert case_link(caseload["nguyen_1990"]) in case_links(search(case_manager, "NGUYỄN"))


def test_swapped_first_and_last_names_find_the_person(case_manager, caseload):
    found = case_links(search(case_manager, "Whitfield, Dana"))
    assert found == [case_link(caseload["whitfield"])]


def test_an_alias_finds_the_person(case_manager, caseload):
    assert case_links(search(case_manager, "Mai Tran")) == [case_link(caseload["nguyen_1984"])]


@postgresql
@pytest.mark.parametrize("typed", ["Ngyuen", "Nguyn", "Maria Ngyuen", "Dana Witfeld", "Whitfeild"])
def test_a_name_with_a_typo_or_two_finds_the_person(case_manager, caseload, typed):
    expected = "whitfield" if "eld" in typed or "feild" in typed else "nguyen_1990"
    assert case_link(caseload[expected]) in case_links(search(case_manager, typed))


@postgresql
def test_the_closest_name_comes_first(case_manager, caseload):
    closest = open_case(arrest_referral(first_name="Maria", last_name="Ngyuen"), case_manager=case_manager)
    found = case_links(search(case_manager, "Maria Ngyuen"))
    assert found[0] == case_link(closest)
    assert case_link(caseload["nguyen_1984"]) in found


def test_an_unrelated_name_finds_nobody(case_manager, caseload):
    response = search(case_manager, "Okonkwo")
    assert links(response) == []
    assert "Nothing you may open matches" in response.content.decode()


# Dates of birth --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["1984-03-07", "3/7/1984", "03/07/84", "7 March 1984", "March 7 1984", "Mar 7th, 1984"]
)
def test_a_date_of_birth_in_its_usual_written_forms_finds_the_person(case_manager, caseload, typed):
    assert case_links(search(case_manager, typed)) == [case_link(caseload["nguyen_1984"])]


def test_a_name_and_a_date_of_birth_tell_two_people_of_the_same_name_apart(case_manager, caseload):
    assert case_links(search(case_manager, "Maria Nguyen 5/17/1990")) == [case_link(caseload["nguyen_1990"])]


def test_the_dates_people_write_are_read_as_birth_dates():
    today = datetime.date(2026, 12, 2)
    assert terms_of("03/07/84", today=today).date_of_birth == datetime.date(1984, 3, 7)
    assert terms_of("01/02/03", today=today).date_of_birth == datetime.date(2003, 1, 2)
    assert terms_of("12/31/30", today=today).date_of_birth == datetime.date(1930, 12, 31)
    assert terms_of("Nguyen 1984-03-07", today=today).words == ("nguyen",)
    assert terms_of("13/13/1984", today=today).date_of_birth is None
    assert terms_of("HC-2026-0113", today=today).words == ()


# Numbers ---------------------------------------------------------------------------------------


@pytest.fixture
def two_departments(personas):
    """A diversion of the officer persona's department under report HC-26-0042, and one of another
    department under report FV-26-0042, each with its screening."""
    officer = personas[Role.OFFICER]
    ours = arrest_referral(officer=officer, first_name="Lee", last_name="Okafor")
    theirs = arrest_referral(agency=AgencyFactory(name="Far Valley Police"), first_name="Lee", last_name="Okafor")
    ours.screening.report_number = "HC-26-0042"
    ours.screening.save()
    theirs.screening.report_number = "FV-26-0042"
    theirs.screening.save()
    return {"ours": ours, "theirs": theirs}


def test_the_officer_finds_their_agencys_referral_and_screening_by_report_number(officer, two_departments):
    found = links(search(officer, "hc-26-0042"))
    ours = two_departments["ours"]
    assert found == [
        reverse("cases:referral-detail", args=[ours.public_id]),
        reverse("eligibility:screening-detail", args=[ours.screening.public_id]),
    ]


def test_the_officer_does_not_find_another_agencys_referral(officer, two_departments):
    theirs = two_departments["theirs"]
    assert links(search(officer, "FV-26-0042")) == []
    found = links(search(officer, "Lee Okafor"))
    assert reverse("cases:referral-detail", args=[theirs.public_id]) not in found
    assert found == [reverse("cases:referral-detail", args=[two_departments["ours"].public_id])]


def test_the_intake_forms_crime_report_number_finds_the_referral(officer, two_departments):
    ours = two_departments["ours"]
    ours.crime_report_number = "CR-2026-777"
    ours.save()
    assert links(search(officer, "CR-2026-777")) == [reverse("cases:referral-detail", args=[ours.public_id])]


def test_the_prosecutor_finds_their_offices_criminal_case_by_number(prosecutor):
    ours = criminal_case(office=prosecutor.agency, case_number="26-CR-0815")
    criminal_case(case_number="26-CR-0816")
    assert links(search(prosecutor, "26-cr-0815")) == [reverse("owg:criminal-case", args=[ours.public_id])]
    assert links(search(prosecutor, "26-CR-0816")) == []


def test_the_defender_finds_the_participants_they_represent_and_nobody_else(defender):
    client = criminal_case(defender=defender, participant=arrest_referral(last_name="Abara").participant)
    criminal_case(participant=arrest_referral(last_name="Abara").participant)
    assert links(search(defender, "Abara")) == [reverse("owg:criminal-case", args=[client.public_id])]


def test_the_outreach_specialist_finds_their_assigned_participants_only(personas):
    specialist = personas[Role.OUTREACH]
    mine = outreach_assignment(open_case(arrest_referral(last_name="Castellanos")), specialist=specialist).case
    outreach_assignment(open_case(arrest_referral(last_name="Castellanos")))
    assert links(search(specialist, "Castellanos")) == [reverse("outreach:participant", args=[mine.public_id])]


@pytest.mark.parametrize("role", [Role.PCG, Role.COORDINATOR, Role.SITE_ADMIN])
def test_the_pcg_coordinator_and_site_administrator_find_no_person(personas, caseload, role):
    response = search(personas[role], "Nguyen")
    assert links(response) == []
    assert "finds nobody" in response.content.decode()
    assert "Maria" not in response.content.decode()


# Every role, every result ----------------------------------------------------------------------

MARKER = "Zorbalune"
NUMBER = "ZB-0001"
# The kinds of records search finds, as the permission matrix makes them (tests/access_objects.py).
SEARCHED = ["referral", "case", "screening", "criminal_case", "engaged_case"]


@pytest.mark.parametrize("role", list(Role))
def test_every_result_opens_for_the_searcher_and_out_of_scope_records_never_appear(personas, role):
    persona = personas[role]
    own = {kind: OBJECT_KINDS[kind].own(persona) for kind in SEARCHED}
    other = {kind: OBJECT_KINDS[kind].other() for kind in SEARCHED}
    # Everyone is called the same, and every record has the same number.
    Participant.objects.update(last_name=MARKER)
    ParticipantName.objects.update(last_key=name_key(MARKER))
    from cases.models import Referral
    from eligibility.models import Screening
    from owg.models import CriminalCase

    Referral.objects.update(crime_report_number=NUMBER)
    Screening.objects.update(report_number=NUMBER)
    CriminalCase.objects.update(case_number=NUMBER)

    client = signed_in_client(persona)
    found = set()
    for q in (MARKER, NUMBER):
        response = client.get(reverse("search:results"), {"q": q})
        assert response.status_code == 200
        found |= set(links(response))
    for url in found:
        assert client.get(url).status_code == 200, f"{role.label} found {url} but may not open it"
    if role == Role.DIRECTOR:
        return
    for kind, obj in other.items():
        assert not any(str(obj.public_id) in url for url in found), f"{role.label} found another's {kind}"
    # What the role's pages show, it finds.
    expected = {
        Role.OFFICER: ["referral", "screening"],
        Role.PROSECUTOR: ["screening", "criminal_case"],
        Role.DEFENDER: ["criminal_case"],
        Role.CASE_MANAGER: ["case", "referral"],
        Role.OUTREACH: ["engaged_case"],
    }.get(role, [])
    for kind in expected:
        assert any(str(own[kind].public_id) in url for url in found), f"{role.label} did not find their {kind}"
    if not expected:
        assert found == set()


# The access log and the queries ----------------------------------------------------------------


def test_every_search_is_in_the_access_log_with_its_terms_and_how_many_were_found(case_manager, caseload):
    search(case_manager, "Maria Nguyen")
    event = AccessEvent.objects.get(user=case_manager, kind=AccessEvent.Kind.SEARCH)
    assert "'Maria Nguyen'" in event.detail
    # Two cases, and the three referrals the case manager was asked to take (nobody was on call).
    assert "5 found (people 2, referrals 3)" in event.detail
    assert event.outcome == AccessEvent.Outcome.ALLOWED
    assert event.path == reverse("search:results")
    assert not AccessEvent.objects.filter(user=case_manager, kind=AccessEvent.Kind.READ).exists()  # one line a search


def test_a_refused_search_is_logged_too(case_manager):
    search(case_manager, "x" * 500)
    assert "refused" in AccessEvent.objects.get(user=case_manager, kind=AccessEvent.Kind.SEARCH).detail


@pytest.mark.parametrize("q", ["Maria Nguyen", "1984-03-07", "HC-26-0042"])
def test_a_search_runs_the_same_number_of_queries_for_one_participant_as_for_many(personas, q):
    director = personas[Role.DIRECTOR]
    client = signed_in_client(director)

    def people(n):
        for _ in range(n):
            case = open_case(arrest_referral(first_name="Maria", last_name="Nguyen"))
            born(case.participant, datetime.date(1984, 3, 7))
            case.referral.screening.report_number = "HC-26-0042"
            case.referral.screening.save()
            criminal_case(participant=case.participant, case_number="HC-26-0042")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("search:results"), {"q": q})
        return len(captured), len(links(response))

    # The case, the referral and the criminal case; by report number the screening too.
    kinds = 4 if q == "HC-26-0042" else 3
    people(1)
    queries()  # the first request of the session saves it
    one, shown = queries()
    assert shown == kinds
    people(6)
    many, shown = queries()
    assert shown == 7 * kinds
    assert many == one


# Hostile input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "says"),
    [
        ("", "Type a name or alias"),
        ("   ", "Type a name or alias"),
        ("N", "Type at least 2 characters"),
        ("x" * 500, "Use at most 100 characters"),
        (TYPED["nul"], "control character"),
        (TYPED["right-to-left override"], "changes the direction of text"),
        (TYPED["direction isolate"], "changes the direction of text"),
        (TYPED["zero-width space"], "invisible characters"),
        ("%%%", "Nothing to search for"),
        ("' OR 1=1 --", "Nothing you may open matches"),
    ],
)
def test_hostile_or_unusable_input_gets_a_clear_message(case_manager, caseload, q, says):
    response = signed_in_client(case_manager).get(reverse("search:results"), {"q": q})
    assert response.status_code == 200
    assert says in response.content.decode()
    assert links(response) == []


def test_several_q_parameters_and_a_lone_surrogate_are_no_error(case_manager):
    client = signed_in_client(case_manager)
    assert client.get(reverse("search:results") + "?q=ab%ED%A0%80cd").status_code == 200
    assert client.get(reverse("search:results") + "?q=ab&q=cd").status_code == 200


def test_the_search_box_is_in_the_header_of_every_page_for_signed_in_users(case_manager, client):
    page = signed_in_client(case_manager).get(reverse("home")).content.decode()
    assert 'class="usa-search usa-search--small' in page
    assert '<label class="usa-sr-only" for="header-search">' in page
    sign_in_page = client.get(reverse("accounts:sign-in")).content.decode()
    assert "header-search" not in sign_in_page


def test_the_screening_of_a_report_number_is_found_by_the_prosecutor_of_its_jurisdiction(prosecutor):
    police = AgencyFactory(prosecuting_office=prosecutor.agency)
    screening = ScreeningFactory(agency=police, report_number="HC-9")
    ScreeningFactory(report_number="HC-9")
    assert links(search(prosecutor, "HC-9")) == [reverse("eligibility:screening-detail", args=[screening.public_id])]
