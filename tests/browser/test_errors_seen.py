"""Errors nobody can miss: after a form comes back with errors, its summary is scrolled into view
and takes focus (static/js/errors.js), its links move focus to the field, and what was typed
stays, date and time fields too. On a phone, where the summary would be far above the button."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lead.roles import Role
from tests.browser.helpers import PHONE, sign_in
from tests.factories import arrest_referral, open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_on_a_phone_sees_why_a_hand_off_time_is_refused(browser, visit, assert_accessible, personas):
    officer = personas[Role.OFFICER]
    referral = arrest_referral(officer=officer)
    open_case(referral, case_manager=personas[Role.CASE_MANAGER])
    later = (timezone.localtime() + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")

    page = browser.new_context(viewport=PHONE).new_page()
    sign_in(page, visit, assert_accessible, officer)
    visit(page, f"/referrals/{referral.public_id}/")
    field = page.get_by_label("Time of the hand-off")
    field.fill(later)
    page.get_by_role("button", name="Record the hand-off").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary).to_contain_text("not in the future")
    expect(page.get_by_label("Time of the hand-off")).to_have_value(later)
    assert_accessible(page)
    summary.get_by_role("link").click()
    expect(page.get_by_label("Time of the hand-off")).to_be_focused()


def test_a_filter_with_a_range_backwards_says_so_where_the_eye_is(browser, visit, assert_accessible, personas):
    case_manager = personas[Role.CASE_MANAGER]
    page = browser.new_context(viewport=PHONE).new_page()
    sign_in(page, visit, assert_accessible, case_manager)
    visit(page, "/cases/?opened_from=2026-11-10&opened_until=2026-11-01")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("on or after Nov 10, 2026")
    expect(page.get_by_label("Opened until")).to_have_value("2026-11-01")
    assert_accessible(page)
