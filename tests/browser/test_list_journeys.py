"""The case list and the caseloads in the system Chromium: the provider's supervisor goes from a
case manager's overdue figure to those cases, sorts them and downloads the list; a case manager
on a phone narrows their caseload to what is overdue. Every page passes axe."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lead.roles import Role
from tests.browser.helpers import PHONE, open_nav, sign_in
from tests.factories import UserFactory, arrest_referral, open_case, overdue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def caseload(personas):
    """Dana, the case manager persona: two open cases, Jordan Reyes's overdue."""
    dana = personas[Role.CASE_MANAGER]
    dana.first_name, dana.last_name = "Dana", "Whitfield"
    dana.save()
    overdue(open_case(arrest_referral(first_name="Jordan", last_name="Reyes"), case_manager=dana))
    open_case(arrest_referral(first_name="Avery", last_name="Chen"), case_manager=dana)
    return dana


def test_a_supervisor_goes_from_the_caseloads_to_the_overdue_cases_sorts_and_downloads(
    browser, visit, assert_accessible, caseload
):
    supervisor = UserFactory(
        agency=caseload.agency, roles=[Role.CASE_MANAGER], is_supervisor=True, first_name="Ruth", last_name="Adeyemi"
    )
    page = browser.new_page()
    sign_in(page, visit, assert_accessible, supervisor)
    open_nav(page, "Caseloads")
    expect(page.get_by_role("heading", name="Caseloads")).to_be_visible()
    assert_accessible(page)
    dana = page.get_by_role("row", name="Dana Whitfield")
    expect(dana.get_by_role("cell").nth(1)).to_contain_text("2 of")
    dana.get_by_role("link", name="1").click()  # the overdue figure

    expect(page.get_by_role("heading", name="Cases")).to_be_visible()
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Jordan Reyes")
    expect(rows.first).to_contain_text("Overdue")
    assert_accessible(page)

    page.get_by_label("Assessment overdue").select_option(label="Either")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(2)
    page.get_by_role("link", name="Person").click()
    expect(page.get_by_role("columnheader", name="Person")).to_have_attribute("aria-sort", "ascending")
    expect(rows.first).to_contain_text("Avery Chen")
    page.get_by_role("link", name="Person").click()
    expect(page.get_by_role("columnheader", name="Person")).to_have_attribute("aria-sort", "descending")
    expect(rows.first).to_contain_text("Jordan Reyes")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[1][:2] == ["Reference", "Person"]
    assert table[2:] == []  # the supervisor's own caseload: none of Dana's cases


def test_a_case_manager_on_a_phone_narrows_their_caseload_to_what_is_overdue(
    browser, visit, assert_accessible, caseload
):
    page = browser.new_context(viewport=PHONE).new_page()
    sign_in(page, visit, assert_accessible, caseload)
    open_nav(page, "Cases")
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(2)
    assert_accessible(page)
    page.get_by_label("Assessment overdue").select_option(label="Yes")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Jordan Reyes")
    assert_accessible(page)
    rows.first.get_by_role("link", name="Jordan Reyes").click()
    expect(page.get_by_role("heading", name="Case of Jordan Reyes")).to_be_visible()
