"""Officer training (policy II): the director records sessions and attendance and reads each
agency's share of trained officers; where the site requires it, an officer without LEAD
training may screen but not offer diversion, and is told why and whom to ask."""

import datetime

import pytest
from django.urls import reverse

from cases.models import Referral
from eligibility.models import CriteriaSet, Screening
from lead.agencies.models import Agency
from lead.roles import Role
from lead.system.models import SiteConfiguration
from outreach.models import TrainingAttendance, TrainingSession
from outreach.services import training as training_services
from tests.conftest import signed_in_client
from tests.factories import (
    AgencyFactory,
    ScreeningFactory,
    UserFactory,
    on_call,
    training_session,
)
from tests.helpers import clock_at, queries_to_get

# 10:00 on Tuesday, March 10, 2026 in Harbor County (America/Los_Angeles).
NOW = datetime.datetime(2026, 3, 10, 17, 0, tzinfo=datetime.UTC)
REASON = "This site requires LEAD training before an officer may offer diversion"


clock = clock_at(NOW)


@pytest.fixture
def director(personas):
    director = personas[Role.DIRECTOR]
    director.first_name, director.last_name, director.phone = "Dana", "Okafor", "(555) 010-0100"
    director.save()
    return director


@pytest.fixture
def officer(personas):
    officer = personas[Role.OFFICER]
    officer.agency.criteria_set = CriteriaSet.objects.get(slug="example-1")
    officer.agency.prosecuting_office = personas[Role.PROSECUTOR].agency
    officer.agency.diversion_stage = Agency.DiversionStage.PRE_ARREST
    officer.agency.save()
    return officer


@pytest.fixture
def screening(officer):
    return ScreeningFactory(agency=officer.agency, officer=officer)


@pytest.fixture
def required(db):
    config = SiteConfiguration.current()
    config.training_required = True
    config.save()


def offer_url(screening):
    return reverse("cases:offer", args=[screening.public_id])


def accept(client, screening):
    data = {
        "answer": "accepted",
        "first_name": "Jordan",
        "last_name": "Reyes",
        "aliases": "",
        "date_of_birth": "1990-05-17",
    }
    return client.post(offer_url(screening), data)


# Sessions and attendance ----------------------------------------------------------------------


def test_the_director_records_a_session_and_ticks_who_attended(director, officer):
    colleague = UserFactory(agency=officer.agency, roles=[Role.OFFICER])
    client = signed_in_client(director)
    response = client.post(
        reverse("outreach:training-new"),
        {
            "topic": "lead",
            "held_on": "2026-03-09",
            "place": "Precinct 2",
            "trainer": "Sgt. Lee",
            "notes": "",
        },
    )
    session = TrainingSession.objects.get()
    assert response["Location"] == reverse("outreach:training", args=[session.public_id])
    assert (session.topic, session.held_on, session.trainer, session.created_by) == (
        "lead",
        datetime.date(2026, 3, 9),
        "Sgt. Lee",
        director,
    )

    client.post(
        reverse("outreach:training", args=[session.public_id]), {"officers": [officer.pk, colleague.pk], "revision": 1}
    )
    assert set(session.attendance.values_list("officer", flat=True)) == {officer.pk, colleague.pk}
    client.post(reverse("outreach:training", args=[session.public_id]), {"officers": [colleague.pk], "revision": 2})
    assert list(session.attendance.values_list("officer", flat=True)) == [colleague.pk]


def test_attendance_changes_are_kept_in_the_history_under_the_director(director, officer):
    session = training_session(by=director)
    training_services.attendance_record(session=session, by=director, revision=1, officers=[officer])
    training_services.attendance_record(session=session, by=director, revision=2, officers=[])
    history = TrainingAttendance.history.order_by("history_id")
    assert [(h.history_type, h.officer_id, h.history_user) for h in history] == [
        ("+", officer.pk, director),
        ("-", officer.pk, director),
    ]


def test_the_session_page_lists_active_officers_by_agency(director, officer):
    sheriff = AgencyFactory(name="Harbor County Sheriff's Deputies", kind=Agency.Kind.SHERIFF)
    UserFactory(agency=sheriff, roles=[Role.OFFICER], first_name="Ana", last_name="Diaz")
    UserFactory(agency=sheriff, roles=[Role.OFFICER], first_name="Gone", last_name="Away", is_active=False)
    page = (
        signed_in_client(director)
        .get(reverse("outreach:training", args=[training_session(by=director).public_id]))
        .content.decode()
    )
    assert "Ana Diaz, Harbor County Sheriff&#x27;s Deputies" in page
    assert f"{officer.get_full_name()}, Harbor City Police Department" in page
    assert "Gone Away" not in page


def test_saving_attendance_keeps_an_officer_who_has_left_since(director, officer):
    left = UserFactory(agency=officer.agency, roles=[Role.OFFICER])
    session = training_session(by=director, attendees=[left])
    left.is_active = False
    left.save()
    signed_in_client(director).post(
        reverse("outreach:training", args=[session.public_id]),
        {"officers": [left.pk, officer.pk], "revision": session.revision},
    )
    assert set(session.attendance.values_list("officer", flat=True)) == {left.pk, officer.pk}


def test_a_session_in_the_future_is_refused(director):
    response = signed_in_client(director).post(
        reverse("outreach:training-new"), {"topic": "lead", "held_on": "2026-03-11"}
    )
    assert "Record a session once it has been held" in response.content.decode()
    assert not TrainingSession.objects.exists()


# The share of trained officers ----------------------------------------------------------------


def test_the_share_of_trained_officers_is_counted_per_agency(director, officer, personas, django_assert_num_queries):
    police = officer.agency
    lead_trained = UserFactory(agency=police, roles=[Role.OFFICER])
    harm_reduction_only = UserFactory(agency=police, roles=[Role.OFFICER])
    trained_but_left = UserFactory(agency=police, roles=[Role.OFFICER], is_active=False)
    trained_director = UserFactory(agency=police, roles=[Role.DIRECTOR])  # not an officer
    training_session(by=director, attendees=[lead_trained, trained_but_left, trained_director])
    training_session(by=director, attendees=[lead_trained])  # twice trained counts once
    training_session(by=director, topic="harm_reduction", attendees=[harm_reduction_only])
    sheriff = personas[Role.PCG].agency  # a sheriff's office with no officers

    with django_assert_num_queries(1):
        shares = {row.agency: row for row in training_services.agency_shares()}
    # Active officers of the police department: the persona, lead_trained, harm_reduction_only.
    assert (shares[police].officers, shares[police].trained) == (3, 1)
    assert round(shares[police].share, 3) == 0.333 and shares[police].percent == 33
    assert (shares[sheriff].officers, shares[sheriff].trained, shares[sheriff].share) == (0, 0, None)
    assert personas[Role.PROSECUTOR].agency not in shares


def test_the_list_shows_each_agencys_share(director, officer):
    training_session(by=director, attendees=[officer])
    UserFactory(agency=officer.agency, roles=[Role.OFFICER])
    page = signed_in_client(director).get(reverse("outreach:trainings")).content.decode()
    assert "Harbor City Police Department" in page and "50%" in page
    assert "LEAD: the program, eligibility and the hand-off" in page


def test_the_list_runs_the_same_queries_for_one_session_or_twenty(director, officer):
    def queries():
        return queries_to_get(signed_in_client(director), reverse("outreach:trainings"))

    SiteConfiguration.current()  # made on first use: not a cost of the list
    training_session(by=director, attendees=[officer])
    one = queries()
    for _ in range(19):
        training_session(by=director, attendees=[officer, UserFactory(agency=officer.agency, roles=[Role.OFFICER])])
    assert queries() == one


# The gate before the offer of diversion -------------------------------------------------------


def test_with_training_not_required_an_untrained_officer_may_offer(director, officer, screening):
    client = signed_in_client(officer)
    assert training_services.offer_blocked(officer) is None
    assert (
        "Offer diversion</a>"
        in client.get(reverse("eligibility:screening-detail", args=[screening.public_id])).content.decode()
    )
    assert client.get(offer_url(screening)).status_code == 200


def test_an_untrained_officer_is_refused_the_offer_and_told_whom_to_ask(director, officer, screening, required):
    client = signed_in_client(officer)
    response = client.get(offer_url(screening))
    assert response["Location"] == reverse("eligibility:screening-detail", args=[screening.public_id])
    page = client.get(response["Location"]).content.decode()
    assert REASON in page
    assert "Dana Okafor ((555) 010-0100, director@example.invalid)" in page
    assert "Offer diversion</a>" not in page


def test_an_untrained_officers_answer_is_not_recorded(director, officer, screening, required):
    on_call(UserFactory(agency=AgencyFactory(kind=Agency.Kind.SERVICE_PROVIDER), roles=[Role.CASE_MANAGER]))
    client = signed_in_client(officer)
    response = accept(client, screening)
    assert response["Location"] == reverse("eligibility:screening-detail", args=[screening.public_id])
    assert REASON in client.get(response["Location"]).content.decode()
    client.post(offer_url(screening), {"answer": "declined", "confirmed": "yes"})
    screening.refresh_from_db()
    assert screening.status == Screening.Status.ELIGIBLE and not Referral.objects.exists()


def test_a_session_on_another_topic_does_not_count_as_lead_training(director, officer, required):
    training_session(by=director, topic="harm_reduction", attendees=[officer])
    assert REASON in training_services.offer_blocked(officer)


def test_an_officer_who_attended_a_lead_session_may_offer(director, officer, screening, required):
    on_call(UserFactory(agency=AgencyFactory(kind=Agency.Kind.SERVICE_PROVIDER), roles=[Role.CASE_MANAGER]))
    training_session(by=director, attendees=[officer])
    client = signed_in_client(officer)
    assert (
        "Offer diversion</a>"
        in client.get(reverse("eligibility:screening-detail", args=[screening.public_id])).content.decode()
    )
    accept(client, screening)
    assert Referral.objects.get().screening == screening


def test_the_screening_form_warns_an_untrained_officer_before_they_screen(director, officer, required):
    page = signed_in_client(officer).get(reverse("eligibility:screening-new")).content.decode()
    assert REASON in page and "Dana Okafor" in page
    assert "Check eligibility" in page  # screening itself stays open


def test_an_untrained_officer_still_records_the_arrest_of_an_ineligible_person(director, officer, required):
    screening = ScreeningFactory(
        agency=officer.agency, officer=officer, outcome="ineligible", status="ineligible", reasons=["not_amenable"]
    )
    signed_in_client(officer).post(
        reverse("eligibility:screening-arrest", args=[screening.public_id]), {"confirmed": "yes"}
    )
    screening.refresh_from_db()
    assert screening.status == Screening.Status.ARRESTED


def test_with_no_director_the_officer_is_told_to_ask_the_project_director(personas, officer, required):
    personas[Role.DIRECTOR].is_active = False
    personas[Role.DIRECTOR].save()
    assert training_services.offer_blocked(officer).endswith("Ask the LEAD project director to record your training.")
