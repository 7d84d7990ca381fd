"""The clinical record in the system Chromium, on a tablet: a case manager assesses a consented
participant (a refused completion first), builds the ISP with a goal and a step, activates it and
writes a progress note. Every page visited passes axe (WCAG 2.1 AA), error states included."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Case
from lead.roles import Role
from tests.browser.helpers import choose, sign_in
from tests.factories import consent_for, open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 820, "height": 1180}


@pytest.fixture
def consented_case(personas, settings, tmp_path):
    """Dana's case with consent on file; the signature goes to a temporary folder."""
    settings.LEAD_PRIVATE_FILES = tmp_path / "private"
    case = open_case(case_manager=personas[Role.CASE_MANAGER])
    consent_for(case)
    return case


def test_a_case_manager_assesses_a_participant_and_activates_the_isp_on_a_tablet(
    browser,
    visit,
    assert_accessible,
    personas,
    consented_case,
):
    case = consented_case
    page = browser.new_context(viewport=TABLET).new_page()
    sign_in(page, visit, assert_accessible, personas[Role.CASE_MANAGER])

    visit(page, f"/cases/{case.public_id}/assessment/")
    expect(page.get_by_text(re.compile(r"Case: Jordan Reyes · Consented"))).to_be_visible()
    page.get_by_label("Notes on housing").fill("Sleeps in his car by the river; parking tickets pile up.")
    page.get_by_role("button", name="Complete the assessment").click()
    expect(
        page.get_by_role("link", name="Where the participant sleeps now: Answer this to complete the assessment.")
    ).to_be_visible()
    expect(page.get_by_label("Notes on housing")).to_have_value(
        "Sleeps in his car by the river; parking tickets pile up."
    )
    assert_accessible(page)

    substances = page.get_by_role("group", name="Substances the participant uses")
    substances.locator("label", has_text=re.compile("^Alcohol$")).click()
    choose(page, "In substance-use treatment now?", "No")
    choose(page, "Mental health concerns?", "Yes")
    choose(page, "In mental health treatment now?", "No")
    choose(page, "Where the participant sleeps now", "Unsheltered (street, car, encampment)")
    choose(page, "Open legal cases besides the diversion?", "No")
    choose(page, "Work", "Part-time or informal work")
    choose(page, "Highest education", "High school or GED")
    page.get_by_label("The participant's own goals").fill("Sleep indoors and get my driver's license back.")
    page.get_by_role("button", name="Complete the assessment").click()
    expect(page.get_by_text("Assessment completed: the 30-day clock has stopped.")).to_be_visible()
    expect(page.get_by_role("heading", name="Individual Service Plan")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Domain").select_option(label="Housing")
    page.get_by_label("The need").fill("Sleeps in his car.")
    page.get_by_label("The goal").fill("A room of my own by spring.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("The ISP is saved.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add a step").click()
    expect(page.get_by_role("group", name="Step 1")).to_be_visible()
    step = page.get_by_role("group", name="Step 1")
    step.get_by_label("For the goal").select_option(label="Housing: A room of my own by spring.")
    step.get_by_label("What").fill("Apply for the housing voucher waitlist")
    page.get_by_role("button", name="Activate the ISP").click()  # who and when are still missing
    expect(page.get_by_role("link", name="Step 1, who: Say who does it.")).to_be_visible()
    expect(step.get_by_label("What")).to_have_value("Apply for the housing voucher waitlist")
    assert_accessible(page)
    step.get_by_label("Who").fill("The participant, with the case manager")
    step.get_by_label("By when").fill("2026-12-15")
    page.get_by_role("button", name="Activate the ISP").click()
    expect(page.get_by_text("The ISP is active.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Case: Jordan Reyes · ISP active"))).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add the note").click()
    expect(page.get_by_role("link", name="New progress note: Write the note before adding it.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("New progress note").fill("Met at the library; filled in the voucher form together.")
    page.get_by_role("button", name="Add the note").click()
    expect(page.get_by_text("Progress note added.")).to_be_visible()
    expect(page.get_by_text("Met at the library; filled in the voucher form together.")).to_be_visible()
    assert_accessible(page)

    assert Case.objects.get(pk=case.pk).status == Case.Status.ISP_ACTIVE
