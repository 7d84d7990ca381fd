"""The officer's screening form and what follows it: coordination, the prosecutor's review, the
arrest record. Through the pages, as the roles use them."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from eligibility.models import CriteriaSet, CriteriaVersion, Screening
from lead.agencies.models import Agency
from lead.audit.models import AccessEvent
from lead.notifications.models import Notification
from lead.roles import Role
from tests.conftest import signed_in_client
from tests.factories import AgencyFactory, ScreeningFactory, UserFactory
from tests.helpers import queries_to_get

NOW = datetime.datetime(2026, 11, 27, 18, 0, tzinfo=datetime.UTC)  # 10:00 in Harbor County

YES_TO_NOTHING = dict.fromkeys(
    (
        "sale_for_profit",
        "exploits_others",
        "pc_violent_offense",
        "pc_protection_order_violation",
        "pc_domestic_violence",
        "promoting_prostitution",
        "registered_sex_offender",
        "acute_emergency_care",
        "has_convictions",
        "on_supervision",
        "outstanding_warrant",
    ),
    "no",
)


def answers(version=None, rows=(), **overrides) -> dict:
    """The form as an officer fills it in for an eligible person under Example 1."""
    version = version or CriteriaVersion.objects.get(criteria_set__slug="example-1", number=1)
    data = {
        "action": "screen",
        "version": str(version.pk),
        "report_number": "26-004512",
        "offense_type": "misdemeanor",
        "offense_need_related": "yes",
        "need_history": "yes",
        "victim": "none",
        "amenable": "yes",
        "able_to_consent": "yes",
        "drug_grams": "1.5",
        **YES_TO_NOTHING,
        "convictions-TOTAL_FORMS": str(len(rows) + 1),
        "convictions-INITIAL_FORMS": "0",
        "convictions-MIN_NUM_FORMS": "0",
        "convictions-MAX_NUM_FORMS": "30",
    }
    for index, (offense, when, attempt) in enumerate(rows):
        data |= {
            f"convictions-{index}-offense": offense,
            f"convictions-{index}-date": when,
            f"convictions-{index}-attempt": attempt,
        }
    return data | overrides


@pytest.fixture
def officer(personas):
    agency = personas[Role.OFFICER].agency
    agency.criteria_set = CriteriaSet.objects.get(slug="example-1")
    agency.prosecuting_office = personas[Role.PROSECUTOR].agency
    agency.save()
    return personas[Role.OFFICER]


@pytest.fixture
def prosecutor_reviews(officer):
    """The officer's department diverts pre-booking: its prosecuting office confirms eligibility."""
    officer.agency.diversion_stage = Agency.DiversionStage.PRE_BOOKING
    officer.agency.save()


def screen(officer, data):
    with time_machine.travel(NOW, tick=False):
        return signed_in_client(officer).post(reverse("eligibility:screening-new"), data)


def test_an_officer_screens_an_eligible_person_and_sees_the_outcome(officer):
    response = screen(officer, answers())
    screening = Screening.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("eligibility:screening-detail", args=[screening.public_id])
    assert (screening.outcome, screening.status, screening.reasons) == ("eligible", "eligible", [])
    assert (screening.agency, screening.officer, screening.report_number) == (officer.agency, officer, "26-004512")
    assert screening.criteria_version.number == 1 and screening.criteria_version.criteria_set.slug == "example-1"
    assert screening.screened_on == datetime.date(2026, 11, 27)
    assert screening.facts["drug_grams"] == 1.5 and screening.facts["convictions"] == []
    page = signed_in_client(officer).get(response["Location"]).content.decode()
    assert "Outcome: Eligible" in page and "offer the person diversion" in page


def test_every_question_must_be_answered_and_nothing_typed_is_lost(officer):
    data = answers()
    del data["victim"], data["on_supervision"]
    response = screen(officer, data)
    assert response.status_code == 200
    assert Screening.objects.count() == 0
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_victim">Is there a victim?: Choose one.' in page
    assert 'href="#id_on_supervision">' in page
    assert 'value="26-004512"' in page  # what was typed stays
    assert (
        'value="misdemeanor" class="usa-radio__input usa-radio__input--tile" required id="id_offense_type_0" checked'
        in page
    )


def test_an_ineligible_person_gets_every_reason_and_the_officer_records_the_arrest(officer):
    response = screen(officer, answers(drug_grams="7.01", pc_violent_offense="yes", outstanding_warrant="yes"))
    screening = Screening.objects.get()
    assert screening.outcome == "ineligible"
    assert screening.reasons == ["drug_amount_over_limit", "pc_violent_offense"]  # no coordination codes
    page = signed_in_client(officer).get(response["Location"]).content.decode()
    assert "The amount of drugs is over the program&#x27;s limit." in page
    assert "There is probable cause of a violent offense." in page
    signed_in_client(officer).post(
        reverse("eligibility:screening-arrest", args=[screening.public_id]), {"confirmed": "yes"}
    )
    screening.refresh_from_db()
    assert screening.status == "arrested" and screening.arrested_at is not None


def test_seven_grams_is_within_the_limit(officer):
    screen(officer, answers(drug_grams="7"))
    assert Screening.objects.get().outcome == "eligible"


def test_a_conviction_within_the_look_back_excludes(officer):
    screen(officer, answers(has_convictions="yes", rows=[("robbery_2", "2017-01-15", "yes")]))
    screening = Screening.objects.get()
    assert screening.reasons == ["recent_disqualifying_conviction"]
    assert screening.facts["convictions"] == [{"offense": "robbery_2", "date": "2017-01-15", "attempt": True}]


def test_convictions_and_the_answer_about_them_must_agree(officer):
    said_yes = screen(officer, answers(has_convictions="yes"))
    assert "Enter each conviction below, or answer No." in said_yes.content.decode()
    said_no = screen(officer, answers(has_convictions="no", rows=[("other", "2020-03-01", "no")]))
    assert "You entered convictions below: answer Yes, or remove them." in said_no.content.decode()
    assert Screening.objects.count() == 0


def test_a_conviction_needs_a_real_past_date(officer):
    response = screen(officer, answers(has_convictions="yes", rows=[("assault_2", "2027-01-01", "no")]))
    assert (
        "Conviction 1, date of conviction: The date of a conviction cannot be in the future."
        in response.content.decode()
    )
    assert Screening.objects.count() == 0


def test_a_removed_conviction_does_not_count(officer):
    data = answers(has_convictions="no", rows=[("murder_1", "2001-01-01", "no")], **{"convictions-0-DELETE": "on"})
    screen(officer, data)
    assert Screening.objects.get().outcome == "eligible"


def test_adding_a_conviction_row_keeps_every_answer_and_shows_no_errors_yet(officer):
    data = answers(has_convictions="yes", rows=[("arson_2", "2010-05-05", "no")], action="add_conviction")
    del data["victim"]
    response = screen(officer, data)
    page = response.content.decode()
    assert Screening.objects.count() == 0
    assert "There is a problem" not in page
    assert 'name="convictions-TOTAL_FORMS" value="2"' in page
    assert 'value="2010-05-05"' in page and '<option value="arson_2" selected>' in page
    assert "Conviction 2" in page


def test_on_supervision_the_officer_coordinates_and_that_settles_the_outcome(officer):
    screen(officer, answers(on_supervision="yes"))
    screening = Screening.objects.get()
    assert (screening.outcome, screening.status, screening.reasons) == (
        "coordinate",
        "awaiting_coordination",
        ["on_supervision"],
    )
    url = reverse("eligibility:screening-coordination", args=[screening.public_id])
    client = signed_in_client(officer)
    assert "Enter who you coordinated with." in client.post(url, {"result": "eligible"}).content.decode()
    client.post(url, {"coordinated_with": "County Probation, PO Reyes", "result": "eligible", "notes": "Agrees."})
    screening.refresh_from_db()
    assert (screening.status, screening.coordinated_with) == ("eligible", "County Probation, PO Reyes")


def test_coordination_that_finds_the_person_ineligible_leads_to_the_arrest_record(officer):
    screen(officer, answers(outstanding_warrant="yes"))
    screening = Screening.objects.get()
    signed_in_client(officer).post(
        reverse("eligibility:screening-coordination", args=[screening.public_id]),
        {"coordinated_with": "Municipal court clerk", "result": "ineligible"},
    )
    screening.refresh_from_db()
    assert screening.status == "ineligible"


def test_a_second_coordination_of_the_same_screening_is_refused_not_overwritten(officer):
    screening = ScreeningFactory(
        agency=officer.agency,
        officer=officer,
        outcome="coordinate",
        status="awaiting_coordination",
        reasons=["on_supervision"],
    )
    url = reverse("eligibility:screening-coordination", args=[screening.public_id])
    first, second = signed_in_client(officer), signed_in_client(officer)
    first.get(url), second.get(url)
    first.post(url, {"coordinated_with": "Probation", "result": "eligible"})
    response = second.post(url, {"coordinated_with": "Someone else", "result": "ineligible"}, follow=True)
    screening.refresh_from_db()
    assert screening.coordinated_with == "Probation"
    assert "This screening is not waiting for coordination." in response.content.decode()


def test_at_a_pre_booking_agency_a_prosecutor_of_the_jurisdiction_confirms_an_eligible_screening(
    officer, personas, prosecutor_reviews
):
    screen(officer, answers())
    screening = Screening.objects.get()
    assert screening.status == "awaiting_prosecutor"
    officer_page = (
        signed_in_client(officer)
        .get(reverse("eligibility:screening-detail", args=[screening.public_id]))
        .content.decode()
    )
    assert "Waiting for the prosecutor" in officer_page
    prosecutor = signed_in_client(personas[Role.PROSECUTOR])
    home = prosecutor.get(reverse("home")).content.decode()
    assert f"Report {screening.report_number}" in home
    url = reverse("eligibility:screening-review", args=[screening.public_id])
    assert "Give the reason for your decision." in prosecutor.post(url, {"decision": "confirmed"}).content.decode()
    prosecutor.post(url, {"decision": "confirmed", "reason": "Meets the criteria; no objection."})
    screening.refresh_from_db()
    assert (screening.status, screening.prosecutor_decision, screening.prosecutor) == (
        "eligible",
        "confirmed",
        personas[Role.PROSECUTOR],
    )


def test_a_prosecutor_who_overrules_stops_the_diversion(officer, personas, prosecutor_reviews):
    screen(officer, answers())
    screening = Screening.objects.get()
    signed_in_client(personas[Role.PROSECUTOR]).post(
        reverse("eligibility:screening-review", args=[screening.public_id]),
        {"decision": "overruled", "reason": "Open felony case in this county."},
    )
    screening.refresh_from_db()
    assert screening.status == "ineligible"
    page = (
        signed_in_client(officer)
        .get(reverse("eligibility:screening-detail", args=[screening.public_id]))
        .content.decode()
    )
    assert "Open felony case in this county." in page and "Record: arrested and processed" in page


def test_a_prosecutor_of_another_office_cannot_see_or_review_the_screening(officer, prosecutor_reviews):
    screen(officer, answers())
    screening = Screening.objects.get()
    stranger = UserFactory(agency=AgencyFactory(kind=Agency.Kind.PROSECUTOR), roles=[Role.PROSECUTOR])
    client = signed_in_client(stranger)
    assert client.get(reverse("eligibility:screening-detail", args=[screening.public_id])).status_code == 404
    assert (
        client.post(
            reverse("eligibility:screening-review", args=[screening.public_id]),
            {"decision": "overruled", "reason": "x"},
        ).status_code
        == 404
    )
    screening.refresh_from_db()
    assert screening.status == "awaiting_prosecutor"


def test_the_prosecutors_of_the_jurisdiction_are_told_a_screening_waits_for_their_review(
    officer, personas, prosecutor_reviews
):
    colleague = UserFactory(agency=personas[Role.PROSECUTOR].agency, roles=[Role.PROSECUTOR])
    UserFactory(agency=personas[Role.PROSECUTOR].agency, roles=[Role.PROSECUTOR], is_active=False)
    UserFactory(agency=AgencyFactory(kind=Agency.Kind.PROSECUTOR), roles=[Role.PROSECUTOR])
    screen(officer, answers())
    screening = Screening.objects.get()
    told = Notification.objects.filter(subject="A screening waits for your review")
    assert {n.user for n in told} == {personas[Role.PROSECUTOR], colleague}
    assert {(n.url, n.about_kind, n.about_id) for n in told} == {
        (reverse("eligibility:screening-review", args=[screening.public_id]), "screening", screening.public_id)
    }


def test_a_screening_that_waits_for_review_after_coordination_is_told_to_the_prosecutor_once(
    officer, personas, prosecutor_reviews
):
    screen(officer, answers(on_supervision="yes"))
    screening = Screening.objects.get()
    url = reverse("eligibility:screening-coordination", args=[screening.public_id])
    signed_in_client(officer).post(url, {"coordinated_with": "County Probation", "result": "eligible"})
    screening.refresh_from_db()
    assert screening.status == "awaiting_prosecutor"
    assert Notification.objects.filter(user=personas[Role.PROSECUTOR], about_id=screening.public_id).count() == 1


def test_no_prosecutor_is_told_of_a_screening_that_needs_no_review(officer, personas):
    screen(officer, answers())
    assert not Notification.objects.filter(user=personas[Role.PROSECUTOR]).exists()


@pytest.mark.parametrize(
    ("decision", "subject"),
    [
        ("confirmed", "The prosecutor confirmed your screening"),
        ("overruled", "The prosecutor overruled your screening"),
    ],
)
def test_the_officer_is_told_when_the_prosecutor_decides(officer, personas, prosecutor_reviews, decision, subject):
    screen(officer, answers())
    screening = Screening.objects.get()
    url = reverse("eligibility:screening-review", args=[screening.public_id])
    signed_in_client(personas[Role.PROSECUTOR]).post(url, {"decision": decision, "reason": "Open felony case."})
    told = Notification.objects.get(user=officer)
    assert (told.subject, told.url) == (subject, reverse("eligibility:screening-detail", args=[screening.public_id]))
    assert "felony" not in told.body  # the reason stays on the screening's page
    page = signed_in_client(officer).get(reverse("notifications:list")).content.decode()
    assert f"About report {screening.report_number}" in page


def test_an_agency_using_example_2_is_asked_about_drugs_and_prostitution_not_need(officer):
    officer.agency.criteria_set = CriteriaSet.objects.get(slug="example-2")
    officer.agency.save()
    page = signed_in_client(officer).get(reverse("eligibility:screening-new")).content.decode()
    assert "Is the offense drug-related?" in page and "Is the offense prostitution-related?" in page
    assert "Is there a victim?" not in page and "known history of" not in page
    version = CriteriaVersion.objects.get(criteria_set__slug="example-2")
    data = answers(version, offense_drug_related="no", offense_prostitution_related="yes")
    for unused in ("offense_type", "offense_need_related", "need_history", "victim"):
        del data[unused]
    screen(officer, data)
    screening = Screening.objects.get()
    assert (screening.outcome, screening.criteria_version) == ("eligible", version)
    assert "victim" not in screening.facts


def test_an_agency_without_criteria_is_told_whom_to_ask(personas):
    page = signed_in_client(personas[Role.OFFICER]).get(reverse("eligibility:screening-new")).content.decode()
    assert "Your agency has no eligibility criteria in force" in page
    assert '<form class="usa-form usa-form--large lead-screening"' not in page


def test_criteria_that_change_while_the_form_is_open_are_not_applied_silently(officer):
    newer = CriteriaVersion.objects.get(criteria_set__slug="example-1")
    newer.pk = None
    newer.number, newer.effective_from = 2, datetime.date(2026, 11, 1)
    newer.save()
    response = screen(officer, answers())  # the form was opened with version 1
    assert Screening.objects.count() == 0
    assert "criteria changed while you were filling in the form" in response.content.decode()
    assert f'name="version" value="{newer.pk}"' in response.content.decode()


def test_reading_a_screening_is_logged(officer):
    screening = ScreeningFactory(agency=officer.agency)
    signed_in_client(officer).get(reverse("eligibility:screening-detail", args=[screening.public_id]))
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.READ, object_id=str(screening.public_id))
    assert event.username == officer.username


def test_a_screening_keeps_its_history_with_the_officer_who_acted(officer):
    screen(officer, answers(pc_domestic_violence="yes"))
    screening = Screening.objects.get()
    signed_in_client(officer).post(
        reverse("eligibility:screening-arrest", args=[screening.public_id]), {"confirmed": "yes"}
    )
    assert [(h.status, h.history_user) for h in screening.history.order_by("history_date")] == [
        ("ineligible", officer),
        ("arrested", officer),
    ]


def test_an_officer_sees_only_their_agencys_screenings_and_the_director_sees_all(officer, personas):
    mine = ScreeningFactory(agency=officer.agency, report_number="26-000001")
    theirs = ScreeningFactory(report_number="26-999999")
    officer_list = signed_in_client(officer).get(reverse("eligibility:screening-list")).content.decode()
    assert mine.report_number in officer_list and theirs.report_number not in officer_list
    director_list = (
        signed_in_client(personas[Role.DIRECTOR]).get(reverse("eligibility:screening-list")).content.decode()
    )
    assert mine.report_number in director_list and theirs.report_number in director_list


def test_the_list_filters_by_status(officer):
    ScreeningFactory(agency=officer.agency, report_number="26-000001")
    ScreeningFactory(
        agency=officer.agency,
        report_number="26-000002",
        outcome="ineligible",
        status="arrested",
        reasons=["not_amenable"],
    )
    page = signed_in_client(officer).get(reverse("eligibility:screening-list"), {"status": "arrested"}).content.decode()
    assert "26-000002" in page and "26-000001" not in page


@pytest.mark.parametrize("role", [Role.OFFICER, Role.DIRECTOR])
def test_the_screening_list_runs_the_same_queries_for_one_row_or_many(officer, personas, role):
    def queries():
        return queries_to_get(signed_in_client(personas[role]), reverse("eligibility:screening-list"))

    ScreeningFactory(agency=officer.agency)
    one = queries()
    ScreeningFactory.create_batch(30, agency=officer.agency)
    assert queries() == one


def test_the_home_page_runs_the_same_queries_for_one_screening_or_many(officer):
    def queries():
        return queries_to_get(signed_in_client(officer), reverse("home"))

    ScreeningFactory(agency=officer.agency)
    one = queries()
    ScreeningFactory.create_batch(10, agency=officer.agency)
    assert queries() == one


def test_recording_the_arrest_first_says_what_will_happen_and_records_nothing(officer):
    screen(officer, answers(pc_domestic_violence="yes"))
    screening = Screening.objects.get()
    client = signed_in_client(officer)
    url = reverse("eligibility:screening-arrest", args=[screening.public_id])
    page = client.post(url).content.decode()
    assert "Yes, record the arrest" in page and "this cannot be undone" in page
    screening.refresh_from_db()
    assert screening.status == "ineligible" and screening.arrested_at is None
    client.post(url, {"confirmed": "yes"})
    client.post(url, {"confirmed": "yes"})
    assert screening.history.filter(status="arrested").count() == 1


def test_the_race_and_ethnicity_the_person_stated_are_shown_to_the_officer_and_the_prosecutor(
    officer, personas, prosecutor_reviews
):
    screen(officer, answers(race=["black", "white"], ethnicity="not_hispanic"))
    screening = Screening.objects.get()
    for person, name in ((officer, "screening-detail"), (personas[Role.PROSECUTOR], "screening-review")):
        page = signed_in_client(person).get(reverse(f"eligibility:{name}", args=[screening.public_id])).content.decode()
        assert "<dd>Black or African American, White</dd>" in page and "<dd>Not Hispanic or Latino</dd>" in page
        assert "<dd>None</dd>" not in page.split("Prior convictions")[0]
    Screening.objects.update(race=[], ethnicity="")
    page = signed_in_client(officer).get(reverse("eligibility:screening-detail", args=[screening.public_id]))
    assert page.content.decode().count("<dd>Not recorded</dd>") == 2
