"""Labels that tell the truth, on a phone: a field required only in a situation says so, and the
error that follows is in the summary (which takes focus) and beside the field, in our words; a
long text shows its limit and counts it down as it is typed. Every page passes axe (WCAG 2.1 AA)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.services import referrals as case_services
from lead.roles import Role
from tests.browser.helpers import PHONE, choose, sign_in
from tests.factories import CriteriaSetFactory, ScreeningFactory, open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case(personas):
    officer = personas[Role.OFFICER]
    screening = ScreeningFactory(
        agency=officer.agency, officer=officer, criteria_version=CriteriaSetFactory().versions.get()
    )
    identity = {
        "first_name": "Jordan",
        "last_name": "Reyes",
        "aliases": "",
        "date_of_birth": datetime.date(1990, 5, 17),
    }
    referral = case_services.diversion_accept(
        screening=screening, officer=officer, participant=None, identity=identity, now=timezone.now()
    )
    return open_case(referral, case_manager=personas[Role.CASE_MANAGER])


def test_a_conditional_field_says_when_it_is_required_and_a_long_text_counts_down(
    browser, visit, assert_accessible, personas, case
):
    page = browser.new_page(viewport=PHONE)
    sign_in(page, visit, assert_accessible, personas[Role.CASE_MANAGER])
    visit(page, f"/cases/{case.public_id}/screening/")
    shelter = page.get_by_label(re.compile(r"^What was done about shelter"))
    expect(page.locator("label", has_text="What was done about shelter")).to_contain_text(
        "(required if the person needs shelter)"
    )
    expect(page.locator("label", has_text="Acute medical needs")).to_contain_text("(optional)")
    expect(page.locator("label", has_text="Basic information")).not_to_contain_text("optional")
    expect(page.get_by_text("300 characters allowed").first).to_be_visible()
    assert_accessible(page)

    shelter.fill("Bed")
    expect(page.get_by_text("297 characters left").first).to_be_visible()
    shelter.fill("")
    page.get_by_label("Basic information").fill("Sleeps by the library.")
    choose(page, "Does the person need shelter tonight?", "Yes")
    choose(page, "Does the person need clothing?", "No")
    choose(page, "Does the person need food?", "No")
    page.get_by_role("button", name="Save the initial screening").click()
    summary = page.get_by_role("heading", name="There is a problem")
    expect(summary).to_be_visible()
    expect(page.locator(":focus")).to_contain_text("There is a problem")  # the summary took focus
    expect(page.get_by_role("link", name=re.compile("^What was done about shelter: Say what was done"))).to_be_visible()
    expect(page.locator(".usa-error-message", has_text="Say what was done about shelter")).to_be_visible()
    expect(page.get_by_label("Basic information")).to_have_value("Sleeps by the library.")
    assert "This field is required" not in page.content()
    assert_accessible(page)
