"""Officer training in the system Chromium: the site requires LEAD training; an untrained officer
screens an eligible person and is stopped at the offer, told why and whom to ask; the director
records a LEAD session with that officer attending; the officer can now offer diversion. Every
page visited passes axe (WCAG 2.1 AA)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from eligibility.models import Screening
from lead.agencies.models import Agency
from lead.roles import Role
from lead.system.models import SiteConfiguration
from outreach.models import TrainingAttendance
from tests.browser.helpers import PHONE, answer_the_screening, choose, open_nav, sign_in
from tests.factories import CriteriaSetFactory, on_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "This site requires LEAD training before an officer may offer diversion"
LEAD_TOPIC = "LEAD: the program, eligibility and the hand-off"


@pytest.fixture
def site(personas):
    """Training is required; the officer's pre-arrest department screens with criteria like
    Example 1; Dana Okafor directs the program; a case manager is on call."""
    config = SiteConfiguration.current()
    config.training_required = True
    config.save()
    agency = personas[Role.OFFICER].agency
    agency.criteria_set = CriteriaSetFactory(slug="harbor", name="Harbor City criteria")
    agency.diversion_stage = Agency.DiversionStage.PRE_ARREST
    agency.save()
    director = personas[Role.DIRECTOR]
    director.first_name, director.last_name, director.phone = "Dana", "Okafor", "(555) 010-0100"
    director.save()
    on_call(personas[Role.CASE_MANAGER])


def share_of(page, agency):
    """The "Share trained" cell of `agency`'s row."""
    return page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=agency)).get_by_role("cell").last


def screen_an_eligible_person(page, report_number):
    page.get_by_label("Incident or crime report number").fill(report_number)
    answer_the_screening(page, prior_convictions="No")
    page.get_by_role("button", name="Check eligibility").click()


def test_an_untrained_officer_is_stopped_at_the_offer_until_the_director_records_the_training(
    browser,
    visit,
    assert_accessible,
    personas,
    site,
):
    officer = personas[Role.OFFICER]

    # The officer learns of the requirement before screening, and may still screen.
    page = browser.new_context(viewport=PHONE).new_page()
    sign_in(page, visit, assert_accessible, officer)
    page.get_by_role("link", name="Screen a person").click()
    notice = page.get_by_role("region", name="LEAD training needed before you offer diversion")
    expect(notice).to_contain_text(REASON)
    expect(notice).to_contain_text("Dana Okafor ((555) 010-0100, director@example.invalid)")
    assert_accessible(page)
    screen_an_eligible_person(page, "26-009001")
    expect(page.get_by_role("heading", name="Outcome: Eligible")).to_be_visible()
    notice = page.get_by_role("region", name="LEAD training needed before you offer diversion")
    expect(notice).to_contain_text(REASON)
    expect(notice).to_contain_text("Dana Okafor")
    expect(page.get_by_role("link", name="Offer diversion")).to_have_count(0)
    assert_accessible(page)

    # The offer page itself sends the officer back with the reason.
    screening = Screening.objects.get(report_number="26-009001")
    visit(page, reverse("cases:offer", args=[screening.public_id]))
    expect(page.get_by_role("heading", name="Outcome: Eligible")).to_be_visible()
    expect(page.locator(".usa-alert--error")).to_contain_text("Dana Okafor")

    # The director records a LEAD session the officer attended.
    desk = browser.new_context().new_page()
    sign_in(desk, visit, assert_accessible, personas[Role.DIRECTOR])
    open_nav(desk, "Training")
    expect(desk.get_by_role("heading", name="Officer training", exact=True)).to_be_visible()
    expect(share_of(desk, "Harbor City Police Department")).to_have_text("0%")
    assert_accessible(desk)
    desk.get_by_role("link", name="Record a training session").click()
    assert_accessible(desk)
    choose(desk, "Topic", LEAD_TOPIC)
    desk.get_by_label("Date held").fill(f"{timezone.localdate():%Y-%m-%d}")
    desk.get_by_label("Place").fill("Precinct 2")
    desk.get_by_label("Trainer").fill("Sgt. Lee")
    desk.get_by_role("button", name="Record the session").click()
    expect(desk.get_by_text("The session is recorded. Tick the officers who attended.")).to_be_visible()
    assert_accessible(desk)
    attended = desk.get_by_role("group", name="Officers who attended")
    attended.locator("label", has_text=f"{officer.get_full_name()}, Harbor City Police Department").click()
    desk.get_by_role("button", name="Save attendance").click()
    expect(desk.get_by_text("Attendance is saved: 1 officer attended.")).to_be_visible()
    expect(
        desk.get_by_role("group", name="Officers who attended").get_by_label(re.compile(officer.get_full_name()))
    ).to_be_checked()
    assert_accessible(desk)
    desk.get_by_role("link", name="All training").click()
    expect(share_of(desk, "Harbor City Police Department")).to_have_text("100%")
    assert_accessible(desk)
    assert TrainingAttendance.objects.filter(officer=officer, session__topic="lead").exists()

    # The officer can now offer diversion.
    visit(page, reverse("eligibility:screening-detail", args=[screening.public_id]))
    expect(page.get_by_role("region", name="LEAD training needed before you offer diversion")).to_have_count(0)
    page.get_by_role("link", name="Offer diversion").click()
    expect(page.get_by_text("30 days to complete a full intake assessment")).to_be_visible()
    assert_accessible(page)
    choose(page, "What did the person answer?", "Accepted diversion to LEAD")
    page.get_by_label("First name").fill("Jordan")
    page.get_by_label("Last name").fill("Reyes")
    page.get_by_label("Date of birth").fill("1990-05-17")
    page.get_by_role("button", name="Record the answer").click()
    expect(page.get_by_role("heading", name="Status: Waiting for a case manager")).to_be_visible()
    assert_accessible(page)
