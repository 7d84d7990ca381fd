"""The officer's screening on a phone: in sections that say which are answered, and kept in the
tab as it is typed, so a reload loses nothing; submitting ends the draft. At the narrowest phone
width and a common one; every page passes axe (WCAG 2.1 AA)."""

import re

import pytest
from playwright.sync_api import expect

from lead.roles import Role
from tests.browser.helpers import answer_the_screening, sign_in
from tests.factories import CriteriaSetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def harbor(personas):
    agency = personas[Role.OFFICER].agency
    agency.criteria_set = CriteriaSetFactory(slug="harbor", name="Harbor City criteria")
    agency.prosecuting_office = personas[Role.PROSECUTOR].agency
    agency.save()


@pytest.mark.parametrize("width", [320, 390])
def test_the_screening_keeps_its_draft_through_a_reload_and_shows_its_progress(
    browser, visit, assert_accessible, personas, harbor, width
):
    page = browser.new_page(viewport={"width": width, "height": 740})
    sign_in(page, visit, assert_accessible, personas[Role.OFFICER])
    page.get_by_role("link", name="Screen a person").click()
    sections = page.get_by_role("navigation", name="Sections of the screening")
    expect(sections).to_contain_text("0 of 5 sections answered")
    expect(page.get_by_role("heading", name=re.compile(r"^Section 1 of 6\W+The offense$"))).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing off the side

    page.get_by_label("Incident or crime report number").fill("26-009001")
    answer_the_screening(page, prior_convictions="No")
    expect(sections).to_contain_text("5 of 5 sections answered")
    expect(sections.get_by_role("listitem").filter(has_text="The offense")).to_contain_text("answered")
    page.reload()
    expect(page.get_by_label("Incident or crime report number")).to_have_value("26-009001")
    expect(page.get_by_label("Amount of drugs, in grams")).to_have_value("2")
    expect(page.get_by_role("group", name="Is there a victim?").get_by_label("No victim")).to_be_checked()
    expect(sections).to_contain_text("5 of 5 sections answered")
    assert_accessible(page)

    page.get_by_role("button", name="Check eligibility").click()
    expect(page.get_by_role("heading", name="Outcome: Eligible")).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.reload()
    expect(page.get_by_label("Incident or crime report number")).to_have_value("")  # the draft ended
    expect(sections).to_contain_text("0 of 5 sections answered")
