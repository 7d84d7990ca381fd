"""Eligibility journeys in the system Chromium: the officer screens on a phone, the prosecutor
reviews, the officer coordinates, the director drafts criteria and the PCG approves them.
Every page visited passes axe (WCAG 2.1 AA)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eligibility import services
from eligibility.models import CriteriaVersion, Screening
from lead.agencies.models import Agency
from lead.roles import Role
from tests.browser.helpers import PHONE, answer_the_screening, choose, open_nav, sign_in
from tests.factories import ELIGIBLE_FACTS, CriteriaSetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def harbor(personas):
    """The officer's department screens with a set shaped like Example 1; the DA's office prosecutes for it."""
    criteria_set = CriteriaSetFactory(slug="harbor", name="Harbor City criteria")
    agency = personas[Role.OFFICER].agency
    agency.criteria_set = criteria_set
    agency.prosecuting_office = personas[Role.PROSECUTOR].agency
    agency.save()
    return criteria_set


def test_an_officer_screens_a_person_on_a_phone_and_records_the_arrest(
    browser, visit, assert_accessible, personas, harbor
):
    page = browser.new_page(viewport=PHONE)
    sign_in(page, visit, assert_accessible, personas[Role.OFFICER])
    page.get_by_role("link", name="Screen a person").click()
    expect(page.get_by_role("heading", name="Screen a person for LEAD")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Incident or crime report number").fill("26-007001")
    page.get_by_role("button", name="Check eligibility").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("Incident or crime report number")).to_have_value("26-007001")
    assert_accessible(page)

    answer_the_screening(page, prior_convictions="Yes")
    first = page.get_by_role("group", name="Conviction 1")
    first.get_by_label("Offense", exact=True).select_option(label="Robbery 2nd")
    first.get_by_label("Date of conviction").fill("2019-04-02")
    choose(page, "Was it an attempt?", "No")
    page.get_by_role("button", name="Add another conviction").click()
    expect(page.get_by_role("group", name="Conviction 2")).to_be_visible()
    expect(page.get_by_role("group", name="Conviction 1").get_by_label("Date of conviction")).to_have_value(
        "2019-04-02"
    )
    assert_accessible(page)

    page.get_by_role("button", name="Check eligibility").click()
    expect(page.get_by_role("heading", name="Outcome: Not eligible")).to_be_visible()
    expect(
        page.get_by_text("A conviction (or attempt) within the look-back period excludes the person.")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Record: arrested and processed").click()
    expect(page.get_by_role("heading", name="Record that the person was arrested and processed?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, record the arrest").click()
    expect(page.get_by_role("heading", name="Status: Arrested and processed")).to_be_visible()
    assert_accessible(page)

    open_nav(page, "Screenings")
    expect(page.get_by_role("table")).to_contain_text("26-007001")
    assert_accessible(page)


def test_a_prosecutor_confirms_an_eligible_screening_before_diversion(
    browser, visit, assert_accessible, personas, harbor
):
    agency = personas[Role.OFFICER].agency
    agency.diversion_stage = Agency.DiversionStage.PRE_BOOKING
    agency.save()
    screening = services.screening_create(
        officer=personas[Role.OFFICER],
        version=harbor.versions.get(),
        report_number="26-007002",
        facts=ELIGIBLE_FACTS,
        now=timezone.now(),
        race=["asian"],
        ethnicity="hispanic",
    )
    page = browser.new_page()
    sign_in(page, visit, assert_accessible, personas[Role.PROSECUTOR])
    page.get_by_role("link", name="Report 26-007002").click()
    expect(page.get_by_role("heading", name="Review screening, report 26-007002")).to_be_visible()
    expect(page.get_by_text("Hispanic or Latino", exact=True)).to_be_visible()  # as stated, not "None"
    assert_accessible(page)
    choose(page, "Your decision", "Confirm: diversion may go ahead")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("link", name="Reason: Give the reason for your decision.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Reason").fill("Meets the criteria; no open cases.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("heading", name="Status: Eligible: offer diversion")).to_be_visible()
    assert_accessible(page)
    screening.refresh_from_db()
    assert screening.prosecutor_decision == "confirmed"


def test_an_officer_records_the_coordination_with_probation(browser, visit, assert_accessible, personas, harbor):
    screening = services.screening_create(
        officer=personas[Role.OFFICER],
        version=harbor.versions.get(),
        report_number="26-007003",
        facts=ELIGIBLE_FACTS | {"on_supervision": True},
        now=timezone.now(),
    )
    page = browser.new_page(viewport=PHONE)
    sign_in(page, visit, assert_accessible, personas[Role.OFFICER])
    page.get_by_role("link", name="Report 26-007003").click()
    expect(page.get_by_role("heading", name="Outcome: Coordinate first")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record the coordination").click()
    assert_accessible(page)
    page.get_by_label("Who did you coordinate with?").fill("County Probation, PO Reyes")
    choose(page, "What did you decide together?", "Eligible: diversion may go ahead")
    page.get_by_role("button", name="Save the outcome").click()
    expect(page.get_by_role("heading", name="Status: Eligible: offer diversion")).to_be_visible()
    expect(page.get_by_text("County Probation, PO Reyes")).to_be_visible()
    assert_accessible(page)
    screening.refresh_from_db()
    assert screening.coordination_result == "eligible"


def test_the_director_drafts_a_criteria_version_and_the_pcg_approves_it(
    browser, visit, assert_accessible, personas, harbor
):
    director = browser.new_context().new_page()
    sign_in(director, visit, assert_accessible, personas[Role.DIRECTOR])
    visit(director, "/eligibility/criteria/")
    director.get_by_role("button", name="Draft a new version of Harbor City criteria").click()
    expect(director.get_by_role("heading", name="Edit draft: Harbor City criteria, version 2")).to_be_visible()
    assert_accessible(director)
    director.get_by_label("Look-back period, in years").fill("8")
    director.get_by_role("button", name="Save the draft").click()
    expect(
        director.get_by_role("link", name="What changes and why: Say what this version changes and why.")
    ).to_be_visible()
    assert_accessible(director)
    director.get_by_label("What changes and why").fill("Officers asked for 8 years.")
    director.get_by_role("button", name="Save the draft").click()
    expect(director.get_by_text("Draft saved.")).to_be_visible()
    assert_accessible(director)

    pcg = browser.new_context().new_page()
    sign_in(pcg, visit, assert_accessible, personas[Role.PCG])
    pcg.get_by_role("link", name="Harbor City criteria, version 2").click()
    assert_accessible(pcg)
    pcg.get_by_role("link", name="Review and approve").click()
    expect(pcg.get_by_role("row", name="Look-back period").get_by_text("Changed")).to_be_visible()
    assert_accessible(pcg)
    pcg.get_by_role("button", name="Approve version 2").click()
    expect(pcg.get_by_text("Version 2 approved")).to_be_visible()
    assert_accessible(pcg)
    version = CriteriaVersion.objects.get(criteria_set=harbor, number=2)
    assert (version.status, version.lookback_years, version.effective_from) == ("approved", 8, timezone.localdate())
    assert Screening.objects.count() == 0
