"""The prosecutor's tracking of participants' criminal cases and the filing decisions the OWG
refers to the prosecutor (policy X.D-G)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from cases.models import (
    Assessment,
    CaseNote,
    ChargingHold,
    Goal,
    InitialScreening,
    ServicePlan,
)
from lead.agencies.models import Agency
from lead.roles import Role
from owg.models import ChargeFiling, CriminalCase
from owg.services import criminal as services
from tests.conftest import signed_in_client
from tests.factories import (
    AgencyFactory,
    UserFactory,
    arrest_referral,
    charge_filing,
    criminal_case,
    open_case,
)
from tests.helpers import clock_at

pytestmark = pytest.mark.django_db

# 10:00 on Tuesday, March 10, 2026 in Harbor County (America/Los_Angeles).
NOW = datetime.datetime(2026, 3, 10, 17, 0, tzinfo=datetime.UTC)


clock = clock_at(NOW)


@pytest.fixture
def police(personas, prosecutor):
    """The personas' police department, prosecuted by the prosecutor's office."""
    agency = personas[Role.OFFICER].agency
    agency.prosecuting_office = prosecutor.agency
    agency.diversion_stage = Agency.DiversionStage.PRE_ARREST
    agency.save()
    return agency


@pytest.fixture
def participant(police, personas):
    return arrest_referral(officer=personas[Role.OFFICER], first_name="Dana", last_name="Okafor").participant


@pytest.fixture
def other_office_prosecutor():
    return UserFactory(agency=AgencyFactory(kind=Agency.Kind.PROSECUTOR), roles=[Role.PROSECUTOR])


def case_fields(**fields) -> dict:
    values = {
        "in_jurisdiction": "yes",
        "court": "Harbor County District Court",
        "case_number": "26-CR-0042",
        "charge": "Possession of a controlled substance",
        "status": "pending",
        "filed_on": "2026-02-02",
        "next_date": "2026-04-01",
        "next_event": "Arraignment",
        "defender": "",
        "feedback": "",
    }
    return values | fields


def edit_fields(case: CriminalCase, **fields) -> dict:
    return case_fields(case_number=case.case_number, charge=case.charge, revision=case.revision) | fields


# Tracking a case ------------------------------------------------------------------------------


def test_a_prosecutor_tracks_a_case_of_a_participant_of_their_jurisdiction(prosecutor, defender, participant):
    client = signed_in_client(prosecutor)
    assert "Track a criminal case" in client.get(reverse("owg:criminal-cases")).content.decode()
    response = client.post(
        reverse("owg:criminal-case-new"), case_fields(participant=participant.pk, defender=defender.pk)
    )
    tracked = CriminalCase.objects.get()
    assert response.status_code == 302 and response.url == reverse("owg:criminal-case", args=[tracked.public_id])
    assert (tracked.participant, tracked.office, tracked.defender, tracked.created_by) == (
        participant,
        prosecutor.agency,
        defender,
        prosecutor,
    )
    assert (tracked.next_date, tracked.next_event, tracked.created_at) == (
        datetime.date(2026, 4, 1),
        "Arraignment",
        NOW,
    )
    page = client.get(reverse("owg:criminal-cases")).content.decode()
    assert "26-CR-0042" in page and "Dana Okafor" in page


def test_a_participant_outside_the_jurisdiction_is_not_offered(prosecutor, participant):
    stranger = arrest_referral(
        agency=AgencyFactory(name="Far Valley Police"), first_name="Lee", last_name="Stranger"
    ).participant
    client = signed_in_client(prosecutor)
    page = client.get(reverse("owg:criminal-case-new")).content.decode()
    assert "Dana Okafor" in page and "Lee Stranger" not in page
    response = client.post(reverse("owg:criminal-case-new"), case_fields(participant=stranger.pk))
    assert response.status_code == 200 and "Choose one of the options listed." in response.content.decode()
    assert not CriminalCase.objects.exists()


def test_bad_input_is_shown_in_the_summary_and_what_was_typed_is_kept(prosecutor, participant):
    response = signed_in_client(prosecutor).post(
        reverse("owg:criminal-case-new"),
        case_fields(participant=participant.pk, court="", case_number="26-CR-7777"),
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and "Enter the court." in page
    assert 'value="26-CR-7777"' in page
    assert not CriminalCase.objects.exists()


# Who sees a case ------------------------------------------------------------------------------


def test_a_defender_sees_only_the_cases_naming_them_and_cannot_change_them(prosecutor, defender, participant):
    theirs = criminal_case(
        participant=participant, office=prosecutor.agency, defender=defender, by=prosecutor, case_number="26-CR-0001"
    )
    other = criminal_case(participant=participant, office=prosecutor.agency, by=prosecutor, case_number="26-CR-0002")
    client = signed_in_client(defender)
    page = client.get(reverse("owg:criminal-cases")).content.decode()
    assert "26-CR-0001" in page and "26-CR-0002" not in page and "Track a criminal case" not in page
    detail = client.get(reverse("owg:criminal-case", args=[theirs.public_id]))
    assert detail.status_code == 200 and "Save the case" not in detail.content.decode()
    assert client.get(reverse("owg:criminal-case", args=[other.public_id])).status_code == 404
    response = client.post(
        reverse("owg:criminal-case", args=[theirs.public_id]), edit_fields(theirs, charge="Dismissed by defender")
    )
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.charge == "Theft in the third degree"


def test_another_offices_prosecutor_gets_404_on_the_case(prosecutor, participant, other_office_prosecutor):
    tracked = criminal_case(participant=participant, office=prosecutor.agency, by=prosecutor)
    client = signed_in_client(other_office_prosecutor)
    url = reverse("owg:criminal-case", args=[tracked.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url, edit_fields(tracked, charge="Changed")).status_code == 404
    assert tracked.case_number not in client.get(reverse("owg:criminal-cases")).content.decode()


def test_the_director_reads_any_case_without_changing_it(personas, participant, other_office_prosecutor):
    tracked = criminal_case(participant=participant, office=other_office_prosecutor.agency, by=other_office_prosecutor)
    page = (
        signed_in_client(personas[Role.DIRECTOR])
        .get(reverse("owg:criminal-case", args=[tracked.public_id]))
        .content.decode()
    )
    assert tracked.case_number in page and "Dana Okafor" in page and "Save the case" not in page


def test_the_list_shows_pending_cases_unless_asked_for_all(prosecutor, participant):
    criminal_case(participant=participant, office=prosecutor.agency, by=prosecutor, case_number="26-CR-0100")
    criminal_case(
        participant=participant, office=prosecutor.agency, by=prosecutor, case_number="26-CR-0200", status="dismissed"
    )
    client = signed_in_client(prosecutor)
    pending = client.get(reverse("owg:criminal-cases")).content.decode()
    assert "26-CR-0100" in pending and "26-CR-0200" not in pending
    everything = client.get(reverse("owg:criminal-cases"), {"status": "all"}).content.decode()
    assert "26-CR-0100" in everything and "26-CR-0200" in everything


@pytest.mark.parametrize("role", [Role.PROSECUTOR, Role.DEFENDER, Role.DIRECTOR])
def test_the_list_runs_the_same_queries_for_one_case_or_many(personas, prosecutor, defender, participant, role):
    def queries():
        client = signed_in_client(personas[role])
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("owg:criminal-cases")).status_code == 200
        return len(captured)

    criminal_case(participant=participant, office=prosecutor.agency, defender=defender, by=prosecutor)
    one = queries()
    for number in range(29):
        criminal_case(
            participant=participant,
            office=prosecutor.agency,
            defender=defender,
            by=prosecutor,
            case_number=f"26-CR-{number:04}",
            next_date=datetime.date(2026, 4, 1) + datetime.timedelta(days=number),
        )
    assert queries() == one


# Updating a case ------------------------------------------------------------------------------


def test_the_prosecutor_updates_the_case_from_its_page(prosecutor, participant):
    tracked = criminal_case(participant=participant, office=prosecutor.agency, by=prosecutor)
    client = signed_in_client(prosecutor)
    url = reverse("owg:criminal-case", args=[tracked.public_id])
    page = client.get(url).content.decode()
    assert 'name="revision" value="1"' in page and 'value="Harbor County District Court"' in page
    response = client.post(url, edit_fields(tracked, feedback="Engaging well; we support a deferral."))
    assert response.status_code == 302
    tracked.refresh_from_db()
    assert (tracked.feedback, tracked.revision) == ("Engaging well; we support a deferral.", 2)
    assert f"by {escape(prosecutor.get_full_name())}" in client.get(url).content.decode()  # the last change


def test_a_stale_revision_is_refused_keeping_what_was_typed_and_what_was_saved(prosecutor, participant):
    tracked = criminal_case(participant=participant, office=prosecutor.agency, by=prosecutor)
    opened = edit_fields(tracked)  # the page as the prosecutor opened it, revision 1
    colleague = UserFactory(agency=prosecutor.agency, roles=[Role.PROSECUTOR])
    services.criminal_case_update(criminal_case=tracked, by=colleague, revision=1, charge="Theft in the second degree")
    client = signed_in_client(prosecutor)
    url = reverse("owg:criminal-case", args=[tracked.public_id])
    response = client.post(url, opened | {"next_event": "Omnibus hearing"})
    page = response.content.decode()
    assert response.status_code == 200 and "Someone else saved this case after you opened it." in page
    assert "<dd>Theft in the second degree</dd>" in page  # the saved value
    assert 'value="Omnibus hearing"' in page  # the typed value
    assert 'name="revision" value="2"' in page
    tracked.refresh_from_db()
    assert (tracked.charge, tracked.next_event, tracked.revision) == ("Theft in the second degree", "", 2)
    # Having read the colleague's change, the prosecutor saves again.
    assert client.post(url, opened | {"next_event": "Omnibus hearing", "revision": 2}).status_code == 302
    tracked.refresh_from_db()
    assert (tracked.next_event, tracked.revision) == ("Omnibus hearing", 3)


# Filing decisions -----------------------------------------------------------------------------


@pytest.fixture
def pre_booking_case(police, personas):
    police.diversion_stage = Agency.DiversionStage.PRE_BOOKING
    police.save()
    return open_case(arrest_referral(officer=personas[Role.OFFICER]), case_manager=personas[Role.CASE_MANAGER])


def test_the_prosecutor_files_a_charge_referred_by_the_owg_and_the_hold_is_released(prosecutor, pre_booking_case):
    filing = charge_filing(office=prosecutor.agency, case=pre_booking_case)
    client = signed_in_client(prosecutor)
    url = reverse("owg:filing", args=[filing.public_id])
    page = client.get(url).content.decode()
    assert (
        pre_booking_case.participant.full_name in page
        and filing.decision.title in page
        and "Record the decision" in page
    )
    response = client.post(url, {"status": "filed", "reason": "Not engaging after the extension; the OWG agreed."})
    assert response.status_code == 302
    filing.refresh_from_db()
    assert (filing.status, filing.decided_by, filing.decided_at) == ("filed", prosecutor, NOW)
    hold = ChargingHold.objects.get(referral__case=pre_booking_case)
    assert (hold.status, hold.decided_by) == ("released", prosecutor)
    assert "Record the decision" not in client.get(url).content.decode()


def test_a_second_decision_on_the_same_filing_is_refused(prosecutor, pre_booking_case):
    filing = charge_filing(office=prosecutor.agency, case=pre_booking_case)
    client = signed_in_client(prosecutor)
    url = reverse("owg:filing", args=[filing.public_id])
    client.post(url, {"status": "declined", "reason": "Engaging again."})
    response = client.post(url, {"status": "filed", "reason": "Changed our mind."})
    assert response.status_code == 200
    assert "The filing decision is already recorded: not filed." in response.content.decode()
    filing.refresh_from_db()
    assert (filing.status, filing.reason) == (ChargeFiling.Status.DECLINED, "Engaging again.")


def test_another_offices_prosecutor_gets_404_on_a_filing(prosecutor, pre_booking_case, other_office_prosecutor):
    filing = charge_filing(office=prosecutor.agency, case=pre_booking_case)
    client = signed_in_client(other_office_prosecutor)
    url = reverse("owg:filing", args=[filing.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {"status": "filed", "reason": "x"}).status_code == 404
    assert ChargeFiling.objects.get().status == "pending"


def test_the_filing_page_does_not_query_clinical_records(prosecutor, pre_booking_case):
    filing = charge_filing(office=prosecutor.agency, case=pre_booking_case)
    client = signed_in_client(prosecutor)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("owg:filing", args=[filing.public_id])).status_code == 200
    tables = " ".join(q["sql"] for q in captured.captured_queries)
    for clinical in (Assessment, ServicePlan, Goal, CaseNote, InitialScreening):
        assert clinical._meta.db_table not in tables
