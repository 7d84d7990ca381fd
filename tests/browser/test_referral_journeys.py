"""Diversion journeys in the system Chromium: from an eligible screening to a case opened and
assigned (with the intake form saved as the officer goes), a person who declines, and a social
contact referral to pending. Every page visited passes axe (WCAG 2.1 AA)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from cases.models import Case, Referral
from eligibility.models import Screening
from lead.agencies.models import Agency
from lead.roles import Role
from tests.browser.helpers import PHONE, choose, open_decision, open_nav, open_next_agenda, record_decision, sign_in
from tests.factories import CriteriaSetFactory, ScreeningFactory, on_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def eligible(personas):
    """An eligible screening of the officer's pre-arrest department; Dana is on call."""
    officer = personas[Role.OFFICER]
    officer.agency.diversion_stage = Agency.DiversionStage.PRE_ARREST
    officer.agency.save()
    on_call(personas[Role.CASE_MANAGER])
    # Criteria of its own: transactional tests empty the tables, built-in sets included.
    version = CriteriaSetFactory().versions.get()
    return ScreeningFactory(
        agency=officer.agency,
        officer=officer,
        report_number="26-008001",
        criteria_version=version,
        race=["black"],
        ethnicity="not_hispanic",
    )


def test_an_officer_diverts_a_person_and_the_case_manager_takes_the_hand_off(
    browser, visit, assert_accessible, personas, eligible
):
    page = browser.new_context(viewport=PHONE).new_page()
    sign_in(page, visit, assert_accessible, personas[Role.OFFICER])
    visit(page, f"/eligibility/screenings/{eligible.public_id}/")
    page.get_by_role("link", name="Offer diversion").click()
    expect(page.get_by_text("30 days to complete a full intake assessment")).to_be_visible()
    assert_accessible(page)
    choose(page, "What did the person answer?", "Accepted diversion to LEAD")
    page.get_by_role("button", name="Record the answer").click()
    expect(page.get_by_role("link", name="First name: Enter the person's first name.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("First name").fill("Jordan")
    page.get_by_label("Last name").fill("Reyes")
    page.get_by_label("Date of birth").fill("1990-05-17")
    page.get_by_role("button", name="Record the answer").click()
    expect(page.get_by_role("heading", name="Status: Waiting for a case manager")).to_be_visible()
    expect(page.get_by_role("link", name="Call (555) 010-5555")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Fill in the intake form").click()
    assert_accessible(page)
    page.get_by_label("Where and how to reach the person").fill("Mornings at the Fifth Street shelter")
    with page.expect_response(re.compile("/intake/draft/")):
        page.get_by_label("Where it happened").fill("Main St and 5th")
        page.get_by_label("Where it happened").press("Tab")
    expect(page.get_by_text(re.compile("Draft saved at"))).to_be_visible()
    page.context.set_offline(True)  # the connection drops while the officer types on
    page.get_by_label("Offense").fill("Petit larceny")
    page.get_by_label("Offense").press("Tab")
    page.context.set_offline(False)
    page.reload()  # what reached the server, and what was typed offline, are both back
    expect(page.get_by_label("Where it happened")).to_have_value("Main St and 5th")
    expect(page.get_by_label("Offense")).to_have_value("Petit larceny")
    # What the screening asked is there to check, not to ask again.
    group = page.get_by_role("group", name="Race, as the person describes it")
    expect(group.get_by_label("Black or African American")).to_be_checked()
    ethnicity = page.get_by_role("group", name="Ethnicity, as the person describes it")
    expect(ethnicity.get_by_label("Not Hispanic or Latino")).to_be_checked()
    choose(page, "Gender, as the person describes it", "Man")
    page.get_by_label("When the incident happened").fill("2026-01-15T14:50")
    page.get_by_label("Brief overview").fill("Took food from the corner store; calm.")
    expect(page.get_by_label("Crime report number")).to_have_value("26-008001")
    page.get_by_label("Crime report number").fill("")
    page.get_by_role("button", name="Submit the intake form").click()
    expect(page.get_by_role("link", name="Crime report number: Enter the crime report number.")).to_be_visible()
    expect(page.get_by_label("Brief overview")).to_have_value("Took food from the corner store; calm.")
    assert_accessible(page)
    page.get_by_label("Crime report number").fill("26-CR-0931")
    page.get_by_role("button", name="Submit the intake form").click()
    expect(page.get_by_text("The LEAD Intake Form is saved.")).to_be_visible()
    assert_accessible(page)

    manager = browser.new_context().new_page()
    sign_in(manager, visit, assert_accessible, personas[Role.CASE_MANAGER])
    manager.get_by_role("link", name="Jordan Reyes").first.click()
    assert_accessible(manager)
    manager.get_by_role("link", name="Accept the hand-off").click()
    assert_accessible(manager)
    choose(manager, "Where will you meet the officer?", "At a station")
    manager.get_by_label("Place").fill("Precinct 2")
    manager.get_by_role("button", name="Accept and open the case").click()
    expect(manager.get_by_text(re.compile("The case is open. The assessment is due by"))).to_be_visible()
    assert_accessible(manager)
    manager.get_by_role("link", name="Open the case").click()
    expect(manager.get_by_role("heading", name="Case of Jordan Reyes")).to_be_visible()
    assert_accessible(manager)
    case = Case.objects.get()
    assert (case.case_manager, case.participant.contact_notes) == (
        personas[Role.CASE_MANAGER],
        "Mornings at the Fifth Street shelter",
    )

    page.reload()
    expect(page.get_by_role("heading", name="Status: Handed off: case open")).to_be_visible()
    page.get_by_role("button", name="Record the hand-off").click()
    expect(page.get_by_text("The time of the hand-off is recorded.")).to_be_visible()
    assert_accessible(page)
    visit(page, "/notifications/")
    expect(page.get_by_text(re.compile("accepted the hand-off"))).to_be_visible()


def test_a_person_declines_and_the_officer_records_the_arrest(browser, visit, assert_accessible, personas, eligible):
    page = browser.new_page(viewport=PHONE)
    sign_in(page, visit, assert_accessible, personas[Role.OFFICER])
    visit(page, f"/referrals/screenings/{eligible.public_id}/offer/")
    choose(page, "What did the person answer?", "Declined: arrest and process")
    page.get_by_role("button", name="Record the answer").click()
    # What will happen first, on the phone too.
    expect(page.get_by_role("heading", name="Record that the person declined diversion?")).to_be_visible()
    expect(page.get_by_text(re.compile("this cannot be undone"))).to_be_visible()
    assert_accessible(page)
    eligible.refresh_from_db()
    assert eligible.status == Screening.Status.ELIGIBLE
    page.get_by_role("button", name="Yes, they declined: arrest and process").click()
    expect(page.get_by_text("Recorded: the person declined diversion and was arrested and processed.")).to_be_visible()
    expect(page.get_by_role("heading", name="Status: Declined diversion: arrested and processed")).to_be_visible()
    assert_accessible(page)
    eligible.refresh_from_db()
    assert eligible.status == Screening.Status.DECLINED and Referral.objects.count() == 0


def test_a_public_defender_makes_a_social_contact_referral_that_waits_for_the_owg(
    browser, visit, assert_accessible, personas
):
    page = browser.new_page()
    sign_in(page, visit, assert_accessible, personas[Role.DEFENDER])
    open_nav(page, "Referrals")
    assert_accessible(page)
    page.get_by_role("link", name="Make a social contact referral").click()
    expect(page.get_by_text(re.compile("room for"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Last name").fill("Ellis")
    page.get_by_label("What is known of their needs").fill("Shelter; replacement ID.")
    page.get_by_role("button", name="Send to the OWG").click()
    expect(page.get_by_role("link", name="Why refer this person?: Say why you refer the person.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why refer this person?").fill("Sleeps by the library; asked for help; no new offense.")
    page.get_by_role("button", name="Send to the OWG").click()
    expect(page.get_by_role("heading", name="Status: Waiting for OWG approval")).to_be_visible()
    assert_accessible(page)
    assert Referral.objects.get().status == "pending"


def test_the_director_sees_capacity_and_keeps_the_roster(browser, visit, assert_accessible, personas):
    page = browser.new_page()
    sign_in(page, visit, assert_accessible, personas[Role.DIRECTOR])
    expect(page.get_by_text(re.compile("open cases? of a capacity of"))).to_be_visible()
    page.get_by_role("link", name="On-call roster").first.click()
    assert_accessible(page)
    page.get_by_label("Case manager", exact=True).select_option(label=personas[Role.CASE_MANAGER].get_full_name())
    # A shift next week: the roster takes dates within a plausible window of today.
    day = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    page.get_by_label("From").fill(f"{day}T08:00")
    page.get_by_label("Until").fill(f"{day}T20:00")
    page.get_by_label("Phone number officers call").fill("(555) 010-5101")
    page.get_by_role("button", name="Add to the roster").click()
    expect(page.get_by_text("The shift is on the roster.")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("(555) 010-5101")
    assert_accessible(page)


def test_the_prosecutor_decides_on_held_paperwork_and_the_director_approves_a_social_referral(
    browser, visit, assert_accessible, personas
):
    from tests.factories import AgencyFactory, arrest_referral, meeting, social_referral

    police = AgencyFactory(
        prosecuting_office=personas[Role.PROSECUTOR].agency, diversion_stage=Agency.DiversionStage.PRE_BOOKING
    )
    held = arrest_referral(agency=police, first_name="Alex", last_name="Morgan")
    pending = social_referral(by=personas[Role.DEFENDER], first_name="Robin", last_name="Ellis")
    meeting(members=[personas[r] for r in (Role.DIRECTOR, Role.PROSECUTOR, Role.DEFENDER, Role.CASE_MANAGER)])

    prosecutor = browser.new_context(viewport=PHONE).new_page()
    sign_in(prosecutor, visit, assert_accessible, personas[Role.PROSECUTOR])
    prosecutor.get_by_role("link", name="Alex Morgan").click()
    prosecutor.get_by_role("link", name="Decide on the charging paperwork").click()
    assert_accessible(prosecutor)
    choose(prosecutor, "Decision on the charging paperwork", "Decline: no charges filed")
    prosecutor.get_by_role("button", name="Record the decision").click()
    expect(prosecutor.get_by_role("link", name="Reason: Give the reason.")).to_be_visible()
    assert_accessible(prosecutor)
    prosecutor.get_by_label("Reason").fill("Engaged with the case manager.")
    prosecutor.get_by_role("button", name="Record the decision").click()
    expect(prosecutor.get_by_text(re.compile("Declined: no charges filed by"))).to_be_visible()
    assert_accessible(prosecutor)
    held.charging_hold.refresh_from_db()
    assert held.charging_hold.status == "declined"

    director = browser.new_context().new_page()
    sign_in(director, visit, assert_accessible, personas[Role.DIRECTOR])
    open_next_agenda(director, assert_accessible)
    open_decision(director, assert_accessible, "Robin Ellis", "Approve the referral")
    director.get_by_role("button", name="Record the decision").click()
    expect(
        director.get_by_role(
            "link", name="Case manager who takes the case: Choose the case manager who takes the case."
        )
    ).to_be_visible()
    assert_accessible(director)
    director.get_by_label("Case manager who takes the case").select_option(
        label=personas[Role.CASE_MANAGER].get_full_name()
    )
    director.get_by_label("Follow-up action").fill("Priya and Dana meet Robin at the library on Monday.")
    record_decision(director, assert_accessible, proposed_by=personas[Role.DEFENDER], rationale="Room in the program.")
    expect(director.locator("#section-2")).to_contain_text("Approve the referral")
    visit(director, f"/referrals/{pending.public_id}/")
    expect(director.get_by_role("heading", name="Status: Approved: case open")).to_be_visible()
    pending.refresh_from_db()
    assert pending.case.case_manager == personas[Role.CASE_MANAGER]
