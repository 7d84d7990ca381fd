"""The case file in the system Chromium: the case manager logs contacts, writes the OWG's progress
summary, and closes a case whose ISP was not completed, which refers it to the OWG. Every page
visited passes axe (WCAG 2.1 AA)."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Determination, Goal, ServicePlan
from lead.roles import Role
from tests.browser.helpers import choose, open_decision, open_next_agenda, record_decision, sign_in
from tests.factories import CriteriaSetFactory, ScreeningFactory, meeting, open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def active_case(personas, settings, tmp_path):
    settings.LEAD_PRIVATE_FILES = tmp_path
    from cases.services import referrals as services

    officer = personas[Role.OFFICER]
    screening = ScreeningFactory(
        agency=officer.agency, officer=officer, criteria_version=CriteriaSetFactory().versions.get()
    )
    from django.utils import timezone

    referral = services.diversion_accept(
        screening=screening,
        officer=officer,
        participant=None,
        now=timezone.now(),
        identity={"first_name": "Pat", "last_name": "Quinn", "aliases": "", "date_of_birth": None},
    )
    case = open_case(referral, case_manager=personas[Role.CASE_MANAGER])
    plan = ServicePlan.objects.create(case=case, status="active", activated_at=timezone.now())
    Goal.objects.create(plan=plan, domain="housing", need="A bed", goal="Transitional housing")
    case.status = "isp_active"
    case.save()
    return case


def test_a_case_manager_logs_contacts_and_refers_an_unfinished_isp_to_the_owg(
    browser, visit, assert_accessible, personas, active_case
):
    page = browser.new_page()
    sign_in(page, visit, assert_accessible, personas[Role.CASE_MANAGER])
    page.get_by_role("link", name="Pat Quinn").first.click()
    expect(page.get_by_role("heading", name="Case of Pat Quinn")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Contacts log").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add to the log").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    choose(page, "How", "Outreach (looking for the person)")
    choose(page, "Did you reach the person?", "No: an attempt")
    page.get_by_label("Where").fill("Riverside Park")
    page.get_by_label("Outcome").fill("Not found; left a card with the park ranger.")
    page.get_by_role("button", name="Add to the log").click()
    expect(page.get_by_text("The contact is in the log.")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("No (attempt)")
    assert_accessible(page)

    page.get_by_role("link", name="Pat Quinn").click()
    choose(page, "Engagement", "Not engaged")
    page.get_by_label("Progress note for the OWG").fill("Not reached for three weeks.")
    page.get_by_role("button", name="Save the summary").click()
    expect(page.get_by_text("The progress summary for the OWG is saved.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Close the case").click()
    assert_accessible(page)
    choose(page, "Why is the case closing?", "ISP not completed: referred to the OWG")
    page.get_by_label("Closing note").fill("No contact since October.")
    page.get_by_role("button", name="Close the case").click()
    # What will happen first; changing goes back to the form as typed.
    expect(page.get_by_role("heading", name="Close Pat Quinn's case?")).to_be_visible()
    expect(page.get_by_text(re.compile("decides on the original charge at its next meeting"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Change what I entered").click()
    expect(page.get_by_label("Closing note")).to_have_value("No contact since October.")
    page.get_by_role("button", name="Close the case").click()
    page.get_by_role("button", name="Yes, close the case").click()
    expect(page.get_by_text(re.compile("referred to the Operations Workgroup"))).to_be_visible()
    expect(page.get_by_text(re.compile("ISP not completed: decide on the original charge"))).to_be_visible()
    assert_accessible(page)
    assert Determination.objects.get(case=active_case).status == "pending"


def test_the_director_records_the_owgs_extension_of_an_overdue_assessment(browser, visit, assert_accessible, personas):
    from django.utils import timezone

    from cases import deadlines
    from cases.services import referrals as case_services

    officer = personas[Role.OFFICER]
    screening = ScreeningFactory(
        agency=officer.agency, officer=officer, criteria_version=CriteriaSetFactory().versions.get()
    )
    diverted = timezone.now() - timezone.timedelta(days=35)
    referral = case_services.diversion_accept(
        screening=screening,
        officer=officer,
        participant=None,
        now=diverted,
        identity={"first_name": "Drew", "last_name": "Kim", "aliases": "", "date_of_birth": None},
    )
    case = open_case(referral, case_manager=personas[Role.CASE_MANAGER], now=diverted)
    deadlines.sweep(now=timezone.now())

    meeting(members=[personas[Role.DIRECTOR], personas[Role.CASE_MANAGER]])

    page = browser.new_page()
    sign_in(page, visit, assert_accessible, personas[Role.DIRECTOR])
    open_next_agenda(page, assert_accessible)
    expect(page.locator("#section-3")).to_contain_text("Assessment overdue")
    open_decision(page, assert_accessible, "Drew Kim", "Grant an extension")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("link", name="New due date of the assessment: Enter the new due date.")).to_be_visible()
    assert_accessible(page)
    new_due = (timezone.localdate() + timezone.timedelta(days=14)).isoformat()
    page.get_by_label("New due date of the assessment").fill(new_due)
    page.get_by_label("Follow-up action").fill("Outreach visits twice a week.")
    record_decision(page, assert_accessible, proposed_by=personas[Role.CASE_MANAGER], rationale="Reached last week.")
    expect(page.locator("#section-3")).to_contain_text("Grant an extension: assessment now due")
    case.refresh_from_db()
    assert case.assessment_due_on.isoformat() == new_due
    assert Determination.objects.get(case=case).status == "decided"
