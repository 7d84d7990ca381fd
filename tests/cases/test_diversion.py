"""Arrest diversion, as the officer and the case manager live it: the offer, the person's answer,
the hand-off to the on-call case manager, the case it opens, the intake form, and the pre-booking
charging hold."""

import datetime

import pytest
from django.urls import reverse

from cases.models import Case, ChargingHold, IntakeDraft, Participant, Referral
from eligibility.models import Screening
from lead.agencies.models import Agency
from lead.notifications.models import Notification
from lead.roles import Role
from tests.conftest import signed_in_client
from tests.factories import (
    AgencyFactory,
    ScreeningFactory,
    UserFactory,
    arrest_referral,
    on_call,
    open_case,
)
from tests.helpers import clock_at

# 15:30 on Friday, November 27, 2026 in Harbor County (America/Los_Angeles).
NOW = datetime.datetime(2026, 11, 27, 23, 30, tzinfo=datetime.UTC)


clock = clock_at(NOW)


@pytest.fixture
def police(personas):
    agency = personas[Role.OFFICER].agency
    agency.prosecuting_office = personas[Role.PROSECUTOR].agency
    agency.diversion_stage = Agency.DiversionStage.PRE_ARREST
    agency.save()
    return agency


@pytest.fixture
def screening(personas, police):
    return ScreeningFactory(agency=police, officer=personas[Role.OFFICER])


@pytest.fixture
def case_manager(personas):
    on_call(personas[Role.CASE_MANAGER])
    return personas[Role.CASE_MANAGER]


def accept(client, screening, **fields):
    data = {
        "answer": "accepted",
        "first_name": "Jordan",
        "last_name": "Reyes",
        "aliases": "",
        "date_of_birth": "1990-05-17",
    }
    return client.post(reverse("cases:offer", args=[screening.public_id]), data | fields)


def test_the_offer_reads_the_30_day_rule_to_the_person(personas, screening):
    page = (
        signed_in_client(personas[Role.OFFICER])
        .get(reverse("cases:offer", args=[screening.public_id]))
        .content.decode()
    )
    assert "30 days to complete a full intake assessment" in page
    assert "It is your choice" in page


def test_a_person_who_declines_is_arrested_and_leaves_no_personal_record(personas, screening):
    client = signed_in_client(personas[Role.OFFICER])
    client.post(reverse("cases:offer", args=[screening.public_id]), {"answer": "declined", "confirmed": "yes"})
    screening.refresh_from_db()
    assert screening.status == Screening.Status.DECLINED and screening.arrested_at == NOW
    assert Participant.objects.count() == 0 and Referral.objects.count() == 0


def test_declining_first_says_what_will_happen_and_records_nothing(personas, screening):
    client = signed_in_client(personas[Role.OFFICER])
    response = client.post(reverse("cases:offer", args=[screening.public_id]), {"answer": "declined"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "arrested and processed as usual" in page and "cannot be undone" in page
    assert "Yes, they declined: arrest and process" in page
    screening.refresh_from_db()
    assert screening.status == Screening.Status.ELIGIBLE and screening.arrested_at is None


def test_changing_the_answer_from_the_confirmation_goes_back_to_the_offer(personas, screening):
    client = signed_in_client(personas[Role.OFFICER])
    response = client.post(
        reverse("cases:offer", args=[screening.public_id]), {"answer": "declined", "confirmed": "no"}
    )
    assert response.status_code == 200 and "Record the answer" in response.content.decode()
    screening.refresh_from_db()
    assert screening.status == Screening.Status.ELIGIBLE


def test_a_confirmed_decline_sent_twice_is_recorded_once(personas, screening):
    client = signed_in_client(personas[Role.OFFICER])
    url = reverse("cases:offer", args=[screening.public_id])
    client.post(url, {"answer": "declined", "confirmed": "yes"})
    again = client.post(url, {"answer": "declined", "confirmed": "yes"}, follow=True)
    assert "Diversion can be offered only after an eligible screening, once." in again.content.decode()
    assert screening.history.filter(status=Screening.Status.DECLINED).count() == 1


def test_accepting_asks_the_on_call_case_manager_and_shows_the_officer_whom_to_call(personas, screening, case_manager):
    response = accept(signed_in_client(personas[Role.OFFICER]), screening)
    referral = Referral.objects.get()
    assert response["Location"] == reverse("cases:referral-detail", args=[referral.public_id])
    assert (referral.status, referral.on_call_case_manager, referral.handoff_requested_at) == (
        "awaiting_case_manager",
        case_manager,
        NOW,
    )
    assert referral.participant.full_name == "Jordan Reyes"
    page = signed_in_client(personas[Role.OFFICER]).get(response["Location"]).content.decode()
    assert 'href="tel:(555) 010-5555"' in page and case_manager.get_full_name() in page
    notification = Notification.objects.get(user=case_manager)
    assert notification.url == response["Location"] and "Jordan" not in notification.subject
    screening.refresh_from_db()
    assert screening.status == Screening.Status.REFERRED


def test_with_nobody_on_call_every_case_manager_is_asked(personas, screening):
    colleague = UserFactory(agency=personas[Role.CASE_MANAGER].agency, roles=[Role.CASE_MANAGER])
    accept(signed_in_client(personas[Role.OFFICER]), screening)
    asked = set(Notification.objects.values_list("user__username", flat=True))
    assert asked == {personas[Role.CASE_MANAGER].username, colleague.username}
    page = signed_in_client(colleague).get(reverse("cases:referral-detail", args=[Referral.objects.get().public_id]))
    assert "every case manager was asked" in page.content.decode()


def test_an_accepted_offer_needs_the_persons_name_and_keeps_what_was_typed(personas, screening):
    response = accept(signed_in_client(personas[Role.OFFICER]), screening, last_name="", aliases="JR")
    page = response.content.decode()
    assert "Enter the person&#x27;s last name." in page and ">\nJR</textarea>" in page
    assert Referral.objects.count() == 0
    screening.refresh_from_db()
    assert screening.status == Screening.Status.ELIGIBLE


def test_a_known_person_is_offered_as_a_match_and_gets_a_new_referral_on_the_same_record(
    personas, police, case_manager
):
    first = arrest_referral(agency=police, first_name="Jordan", last_name="Reyes")
    client = signed_in_client(personas[Role.OFFICER])
    screening = ScreeningFactory(agency=police, officer=personas[Role.OFFICER])
    asked = accept(client, screening, first_name="jordan", last_name="REYES")
    assert "LEAD may already know this person" in asked.content.decode()
    assert "Jordan Reyes, born May 17, 1990" in asked.content.decode()
    assert Referral.objects.count() == 1
    accept(client, screening, first_name="jordan", last_name="REYES", match=str(first.participant.public_id))
    assert Participant.objects.count() == 1
    assert first.participant.referrals.count() == 2


def test_an_alias_finds_the_person_too(personas, police, case_manager):
    known = arrest_referral(agency=police, first_name="Jordan", last_name="Reyes").participant
    known.aliases = "Jay Smith"
    known.save()
    from cases.services.referrals import participant_update

    participant_update(participant=known, by=personas[Role.OFFICER], aliases="Jay Smith")
    screening = ScreeningFactory(agency=police, officer=personas[Role.OFFICER])
    page = accept(
        signed_in_client(personas[Role.OFFICER]), screening, first_name="Jay", last_name="Smith"
    ).content.decode()
    assert "Jordan Reyes, born May 17, 1990; also known as Jay Smith" in page


def test_a_new_person_with_a_common_name_can_still_be_entered(personas, police, case_manager):
    arrest_referral(agency=police, first_name="Jordan", last_name="Reyes")
    screening = ScreeningFactory(agency=police, officer=personas[Role.OFFICER])
    accept(signed_in_client(personas[Role.OFFICER]), screening, date_of_birth="2001-01-01", match="new")
    assert Participant.objects.count() == 2


def test_the_case_manager_accepts_and_the_case_opens_with_the_assessment_due_in_30_days(
    personas, screening, case_manager
):
    accept(signed_in_client(personas[Role.OFFICER]), screening)
    referral = Referral.objects.get()
    client = signed_in_client(case_manager)
    assert f"Jordan Reyes</a>, {referral.agency}" in client.get(reverse("home")).content.decode()
    client.post(
        reverse("cases:handoff-accept", args=[referral.public_id]),
        {"meeting_place_kind": "station", "meeting_place": "Precinct 2"},
    )
    case = Case.objects.get()
    assert (case.case_manager, case.provider, case.participant) == (
        case_manager,
        case_manager.agency,
        referral.participant,
    )
    # Diverted at 15:30 on Nov 27, site time: due by the end of Sunday, Dec 27, site time.
    assert case.assessment_due_on == datetime.date(2026, 12, 27)
    assert case.assessment_due_at == datetime.datetime(2026, 12, 28, 8, 0, tzinfo=datetime.UTC)
    referral.refresh_from_db()
    assert (referral.status, referral.accepted_by, referral.meeting_place) == ("case_open", case_manager, "Precinct 2")
    assert Notification.objects.filter(
        user=personas[Role.OFFICER], key=f"handoff-accepted:{referral.public_id}"
    ).exists()
    assert signed_in_client(case_manager).get(reverse("cases:case-detail", args=[case.public_id])).status_code == 200


def test_two_case_managers_accepting_at_once_open_one_case(personas, screening, case_manager):
    colleague = UserFactory(agency=case_manager.agency, roles=[Role.CASE_MANAGER])
    accept(signed_in_client(personas[Role.OFFICER]), screening)
    referral = Referral.objects.get()
    from cases.grants import VIEW_REFERRAL, grant

    grant(VIEW_REFERRAL, to=colleague, obj=referral, by=case_manager)
    url = reverse("cases:handoff-accept", args=[referral.public_id])
    mine, theirs = signed_in_client(case_manager), signed_in_client(colleague)
    mine.get(url), theirs.get(url)
    mine.post(url, {"meeting_place_kind": "field", "meeting_place": "5th and Main"})
    response = theirs.post(url, {"meeting_place_kind": "station", "meeting_place": "Precinct 2"}, follow=True)
    assert Case.objects.get().case_manager == case_manager
    assert "This hand-off is no longer waiting for a case manager." in response.content.decode()


def test_the_time_of_the_hand_off_is_kept_for_reports(personas, screening, case_manager, clock):
    accept(signed_in_client(personas[Role.OFFICER]), screening)
    referral = Referral.objects.get()
    open_case(referral, case_manager=case_manager)
    clock.shift(datetime.timedelta(minutes=40))
    signed_in_client(personas[Role.OFFICER]).post(
        reverse("cases:handoff-done", args=[referral.public_id]), {"handed_off_at": "2026-11-27T15:52"}
    )
    referral.refresh_from_db()
    assert referral.handoff_minutes == 22
    assert (
        "22 minutes after the call"
        in signed_in_client(personas[Role.OFFICER])
        .get(reverse("cases:referral-detail", args=[referral.public_id]))
        .content.decode()
    )


def test_a_hand_off_time_in_the_future_is_refused(personas, screening, case_manager):
    accept(signed_in_client(personas[Role.OFFICER]), screening)
    referral = Referral.objects.get()
    open_case(referral, case_manager=case_manager)
    response = signed_in_client(personas[Role.OFFICER]).post(
        reverse("cases:handoff-done", args=[referral.public_id]), {"handed_off_at": "2026-11-27T18:00"}, follow=True
    )
    body = response.content.decode()
    assert "not in the future" in body
    # On the referral's page, beside the field, with the time as typed.
    assert "There is a problem" in body and 'value="2026-11-27T18:00"' in body
    referral.refresh_from_db()
    assert referral.handed_off_at is None


def test_a_time_that_is_not_one_keeps_what_was_typed(personas, screening, case_manager):
    accept(signed_in_client(personas[Role.OFFICER]), screening)
    referral = Referral.objects.get()
    open_case(referral, case_manager=case_manager)
    response = signed_in_client(personas[Role.OFFICER]).post(
        reverse("cases:handoff-done", args=[referral.public_id]), {"handed_off_at": "2026-11-31T25:00"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Enter a real date and time." in body
    assert 'value="2026-11-31T25:00"' in body


def test_the_case_manager_asked_reads_who_waits_and_the_officers_number(personas, screening, case_manager):
    officer = personas[Role.OFFICER]
    officer.phone = "(555) 010-1101"
    officer.save()
    accept(signed_in_client(officer), screening)
    url = reverse("cases:referral-detail", args=[Referral.objects.get().public_id])
    page = signed_in_client(case_manager).get(url).content.decode()
    assert "You are on call" in page and officer.get_full_name() in page
    assert 'href="tel:(555) 010-1101"' in page
    assert "Call the case manager on call" not in page


def test_once_the_case_is_open_opening_it_is_the_case_managers_main_button(personas, screening, case_manager):
    accept(signed_in_client(personas[Role.OFFICER]), screening)
    referral = Referral.objects.get()
    case = open_case(referral, case_manager=case_manager)
    page = signed_in_client(case_manager).get(reverse("cases:referral-detail", args=[referral.public_id]))
    body = page.content.decode()
    assert (
        f'<a class="usa-button" href="{reverse("cases:case-detail", args=[case.public_id])}">Open the case</a>' in body
    )
    assert 'class="usa-button usa-button--outline" type="submit">Record the hand-off' in body


INTAKE = {
    "phone": "",
    "email": "",
    "contact_notes": "Mornings at the Fifth Street shelter.",
    "race": ["black", "white"],
    "ethnicity": "not_hispanic",
    "gender": "man",
    "incident_at": "2026-11-27T14:50",
    "incident_location": "Main St and 5th",
    "offense": "Petit larceny",
    "overview": "Took food from the corner store; calm, cooperative.",
    "crime_report_number": "26-CR-0931",
}


def test_the_intake_form_is_saved_as_a_draft_as_the_officer_goes(personas, screening, case_manager):
    accept(signed_in_client(personas[Role.OFFICER]), screening)
    referral = Referral.objects.get()
    client = signed_in_client(personas[Role.OFFICER])
    response = client.post(
        reverse("cases:intake-autosave", args=[referral.public_id]),
        {"contact_notes": "Fifth Street shelter", "race": ["asian"]},
    )
    assert "Draft saved at" in response.content.decode()
    assert IntakeDraft.objects.get().data == {"contact_notes": "Fifth Street shelter", "race": ["asian"]}
    page = client.get(reverse("cases:intake", args=[referral.public_id])).content.decode()
    assert ">\nFifth Street shelter</textarea>" in page
    assert (
        'value="asian" class="usa-checkbox__input usa-checkbox__input--tile" aria-describedby="id_race-hint" '
        'id="id_race_1" checked'
    ) in page


def test_the_intake_form_needs_every_answer_and_keeps_what_was_typed(personas, screening, case_manager):
    accept(signed_in_client(personas[Role.OFFICER]), screening)
    referral = Referral.objects.get()
    data = INTAKE | {"race": ["declined", "white"], "crime_report_number": ""}
    page = (
        signed_in_client(personas[Role.OFFICER])
        .post(reverse("cases:intake", args=[referral.public_id]), data)
        .content.decode()
    )
    assert "“Declined to answer” goes alone" in page and "Enter the crime report number." in page
    assert "Took food from the corner store" in page
    referral.refresh_from_db()
    assert referral.intake_submitted_at is None


def test_a_submitted_intake_form_updates_the_person_and_the_referral(personas, screening, case_manager):
    accept(signed_in_client(personas[Role.OFFICER]), screening)
    referral = Referral.objects.get()
    client = signed_in_client(personas[Role.OFFICER])
    client.post(reverse("cases:intake-autosave", args=[referral.public_id]), {"contact_notes": "draft"})
    client.post(reverse("cases:intake", args=[referral.public_id]), INTAKE)
    referral.refresh_from_db()
    person = referral.participant
    assert (person.race, person.ethnicity, person.contact_notes) == (
        ["black", "white"],
        "not_hispanic",
        "Mornings at the Fifth Street shelter.",
    )
    assert (referral.crime_report_number, referral.intake_submitted_at) == ("26-CR-0931", NOW)
    assert referral.incident_at == datetime.datetime(2026, 11, 27, 22, 50, tzinfo=datetime.UTC)
    assert IntakeDraft.objects.count() == 0


def test_another_agencys_officer_cannot_see_or_fill_in_the_referral(personas, screening, case_manager):
    accept(signed_in_client(personas[Role.OFFICER]), screening)
    referral = Referral.objects.get()
    stranger = signed_in_client(UserFactory(agency=AgencyFactory(), roles=[Role.OFFICER]))
    assert stranger.get(reverse("cases:referral-detail", args=[referral.public_id])).status_code == 404
    assert (
        stranger.post(reverse("cases:intake-autosave", args=[referral.public_id]), {"overview": "x"}).status_code == 404
    )
    assert IntakeDraft.objects.count() == 0


def test_the_prosecutor_of_the_jurisdiction_reads_a_pre_arrest_referral_held_by_the_police(
    personas, screening, case_manager
):
    accept(signed_in_client(personas[Role.OFFICER]), screening)
    referral = Referral.objects.get()
    assert (referral.stage, referral.file_holder) == ("pre_arrest", screening.agency)
    assert not ChargingHold.objects.exists()
    page = (
        signed_in_client(personas[Role.PROSECUTOR])
        .get(reverse("cases:referral-detail", args=[referral.public_id]))
        .content.decode()
    )
    assert f"<dt>File held by</dt><dd>{screening.agency}</dd>" in page


def test_a_pre_booking_file_is_held_by_the_prosecutor_who_decides_on_the_paperwork(personas, police, case_manager):
    police.diversion_stage = Agency.DiversionStage.PRE_BOOKING
    police.save()
    referral = arrest_referral(agency=police)
    prosecutors = personas[Role.PROSECUTOR].agency
    assert (referral.stage, referral.file_holder, referral.charging_hold.status) == ("pre_booking", prosecutors, "held")
    client = signed_in_client(personas[Role.PROSECUTOR])
    assert referral.participant.full_name in client.get(reverse("home")).content.decode()
    url = reverse("cases:charging", args=[referral.public_id])
    assert "Give the reason." in client.post(url, {"status": "released"}).content.decode()
    client.post(url, {"status": "released", "reason": "Assessment not completed; OWG agreed to file."})
    hold = ChargingHold.objects.get()
    assert (hold.status, hold.decided_by, hold.decided_at) == ("released", personas[Role.PROSECUTOR], NOW)


def test_another_prosecutors_office_has_no_access_to_a_pre_booking_file(personas, police, case_manager):
    police.diversion_stage = Agency.DiversionStage.PRE_BOOKING
    police.save()
    referral = arrest_referral(agency=police)
    other_office = AgencyFactory(kind=Agency.Kind.PROSECUTOR)
    client = signed_in_client(UserFactory(agency=other_office, roles=[Role.PROSECUTOR]))
    assert client.get(reverse("cases:referral-detail", args=[referral.public_id])).status_code == 404
    assert (
        client.post(
            reverse("cases:charging", args=[referral.public_id]), {"status": "declined", "reason": "x"}
        ).status_code
        == 404
    )
    assert ChargingHold.objects.get().status == "held"


def test_a_referral_keeps_its_history_with_who_acted(personas, screening, case_manager):
    accept(signed_in_client(personas[Role.OFFICER]), screening)
    referral = Referral.objects.get()
    open_case(referral, case_manager=case_manager)
    assert [h.history_user for h in referral.history.order_by("history_date", "history_id")] == [
        personas[Role.OFFICER],
        case_manager,
    ]


def test_the_intake_form_starts_from_what_the_screening_asked(personas, police, case_manager):
    screening = ScreeningFactory(
        agency=police, officer=personas[Role.OFFICER], report_number="26-007731", race=["asian"], ethnicity="hispanic"
    )
    accept(signed_in_client(personas[Role.OFFICER]), screening)
    referral = Referral.objects.get()
    page = signed_in_client(personas[Role.OFFICER]).get(reverse("cases:intake", args=[referral.public_id]))
    form = page.context["form"]
    assert (form["race"].value(), form["ethnicity"].value()) == (["asian"], "hispanic")
    assert form["crime_report_number"].value() == "26-007731"
    assert 'id="id_race_1" checked' in page.content.decode()
