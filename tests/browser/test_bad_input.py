"""Bounds on the page, in the system Chromium: a text area counts down its characters (USWDS's
character count) and an invisible character in a name is refused with the name kept. Every page
visited passes axe (WCAG 2.1 AA), on a phone too."""

import pytest
from playwright.sync_api import expect

from lead.roles import Role
from tests.browser.helpers import sign_in
from tests.factories import open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 320, "height": 640}


def test_the_closing_note_counts_down_its_characters_as_the_case_manager_types(
    browser, visit, assert_accessible, personas
):
    case = open_case(case_manager=personas[Role.CASE_MANAGER])
    page = browser.new_page(viewport=PHONE)
    sign_in(page, visit, assert_accessible, personas[Role.CASE_MANAGER])
    visit(page, f"/cases/{case.public_id}/close/")
    page.get_by_label("Closing note").fill("Moved to another county.")
    expect(page.get_by_text("1976 characters left")).to_be_visible()
    assert_accessible(page)


def test_a_name_with_a_right_to_left_override_is_refused_and_kept(browser, visit, assert_accessible, personas):
    page = browser.new_page()
    sign_in(page, visit, assert_accessible, personas[Role.OFFICER])
    visit(page, "/referrals/social/new/")
    page.get_by_label("First name").fill("Jordan\u202eseyeR")
    page.get_by_label("Last name").fill("Reyes")
    page.get_by_label("Why refer this person?").fill("Asked for help at the library.")
    page.get_by_label("What is known of their needs").fill("Shelter.")
    page.get_by_role("button", name="Send to the OWG").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("First name")).to_have_value("Jordan\u202eseyeR")
    assert_accessible(page)
