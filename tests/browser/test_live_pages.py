"""Pages that wait update themselves, in the system Chromium (lead/live.py): the officer's screening
turns to "confirmed" when the prosecutor confirms in another browser, a new hand-off request
appears on the on-call case manager's home page, and the hand-off form says another case manager
took the hand-off without losing what was typed. None of them reloads (a mark set in the page
survives). The polls ask every second here (LEAD_POLL_SECONDS); every page visited passes axe."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cases.services import referrals as case_services
from eligibility import services
from lead.agencies.models import Agency
from lead.roles import Role
from tests.browser.helpers import PHONE, choose, sign_in
from tests.factories import ELIGIBLE_FACTS, CriteriaSetFactory, UserFactory, arrest_referral, on_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WAIT = 15_000  # ms: a poll a second, and a slow shared machine


@pytest.fixture(autouse=True)
def quick_polls(settings):
    settings.LEAD_POLL_SECONDS = 1


def mark(page):
    """A mark in the page that a reload would wipe out."""
    page.evaluate("() => { window.leadNotReloaded = true; }")


def not_reloaded(page) -> bool:
    return page.evaluate("() => window.leadNotReloaded === true")


def test_the_officers_waiting_page_turns_to_confirmed_when_the_prosecutor_confirms(
    browser, visit, assert_accessible, personas
):
    agency = personas[Role.OFFICER].agency
    agency.criteria_set = CriteriaSetFactory(slug="harbor", name="Harbor City criteria")
    agency.prosecuting_office = personas[Role.PROSECUTOR].agency
    agency.diversion_stage = Agency.DiversionStage.PRE_BOOKING
    agency.save()
    screening = services.screening_create(
        officer=personas[Role.OFFICER],
        version=agency.criteria_set.versions.get(),
        report_number="26-009001",
        facts=ELIGIBLE_FACTS,
        now=timezone.now(),
    )
    officer = browser.new_context(viewport=PHONE).new_page()
    sign_in(officer, visit, assert_accessible, personas[Role.OFFICER])
    visit(officer, reverse("eligibility:screening-detail", args=[screening.public_id]))
    expect(officer.get_by_role("heading", name="Status: Waiting for the prosecutor's review")).to_be_visible()
    expect(officer.get_by_role("link", name="Check again")).to_be_visible()
    mark(officer)

    prosecutor = browser.new_context().new_page()
    sign_in(prosecutor, visit, assert_accessible, personas[Role.PROSECUTOR])
    visit(prosecutor, reverse("eligibility:screening-review", args=[screening.public_id]))
    choose(prosecutor, "Your decision", "Confirm: diversion may go ahead")
    prosecutor.get_by_label("Reason").fill("Meets the criteria; no open cases.")
    prosecutor.get_by_role("button", name="Record the decision").click()
    expect(prosecutor.get_by_role("heading", name="Status: Eligible: offer diversion")).to_be_visible()
    assert_accessible(prosecutor)

    status = officer.get_by_role("status").filter(has_text="Status:")
    expect(status.get_by_role("heading")).to_have_text("Status: Eligible: offer diversion", timeout=WAIT)
    expect(status).to_contain_text("The prosecutor confirmed the screening while you waited.")
    expect(officer.get_by_role("link", name="Offer diversion")).to_be_visible()
    assert not_reloaded(officer)
    assert_accessible(officer)


def test_a_new_hand_off_request_appears_on_the_on_call_case_managers_home_page(
    browser, visit, assert_accessible, personas
):
    on_call(personas[Role.CASE_MANAGER])
    manager = browser.new_context().new_page()
    sign_in(manager, visit, assert_accessible, personas[Role.CASE_MANAGER])
    panel = manager.get_by_role("region", name="Hand-offs waiting for a case manager")
    expect(panel).to_contain_text("No hand-offs are waiting.")
    mark(manager)

    arrest_referral(first_name="Avery", last_name="Quinn")  # an officer elsewhere diverts a person

    expect(panel.get_by_role("link", name="Avery Quinn")).to_be_visible(timeout=WAIT)
    expect(panel.get_by_role("status")).to_contain_text("1 waiting now")
    assert not_reloaded(manager)
    assert_accessible(manager)


def test_the_hand_off_form_says_another_case_manager_took_it_and_keeps_what_was_typed(
    browser, visit, assert_accessible, personas
):
    other = UserFactory(roles=[Role.CASE_MANAGER], first_name="Rosa", last_name="Vega")
    referral = arrest_referral(first_name="Avery", last_name="Quinn")  # nobody on call: every case manager asked
    manager = browser.new_context().new_page()
    sign_in(manager, visit, assert_accessible, personas[Role.CASE_MANAGER])
    visit(manager, reverse("cases:handoff-accept", args=[referral.public_id]))
    manager.get_by_label("Place").fill("Corner of 5th and Pine")

    case_services.handoff_accept(
        referral=referral,
        case_manager=other,
        meeting_place_kind="field",
        meeting_place="Precinct 2",
        now=timezone.now(),
    )

    expect(manager.locator("#handoff-status")).to_contain_text("Rosa Vega accepted this hand-off", timeout=WAIT)
    expect(manager.get_by_label("Place")).to_have_value("Corner of 5th and Pine")
    assert_accessible(manager)


def test_a_waiting_page_goes_to_the_sign_in_page_once_signed_out_in_another_tab(
    browser, visit, assert_accessible, personas
):
    referral = arrest_referral(first_name="Avery", last_name="Quinn")
    context = browser.new_context()
    form = context.new_page()
    sign_in(form, visit, assert_accessible, personas[Role.CASE_MANAGER])
    visit(form, reverse("cases:handoff-accept", args=[referral.public_id]))
    other_tab = context.new_page()
    visit(other_tab, reverse("home"))
    other_tab.get_by_role("button", name="Sign out").click()
    expect(other_tab.get_by_role("heading", name="Sign in")).to_be_visible()

    # Not the sign-in page inside the status note: the whole page.
    expect(form.get_by_role("heading", name="Sign in", exact=True)).to_be_visible(timeout=WAIT)
    expect(form.locator("#handoff-status")).to_have_count(0)
    assert_accessible(form)
