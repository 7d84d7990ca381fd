"""The pages of the OWG, the prosecutor's tracking and the case manager's figures that the
journeys do not pass through, in the system Chromium: each passes axe (WCAG 2.1 AA), forms
show their errors in the summary, and the prosecutor's and the officer's pages work on a phone."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lead.agencies.models import Agency
from lead.roles import Role
from tests.browser.helpers import PHONE, open_nav, sign_in
from tests.factories import (
    AgencyFactory,
    arrest_referral,
    criminal_case,
    meeting,
    open_case,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_sets_the_schedule_and_adds_and_moves_a_meeting(browser, visit, assert_accessible, personas):
    director = personas[Role.DIRECTOR]
    upcoming = meeting(members=[director, personas[Role.OFFICER]])
    page = browser.new_page()
    sign_in(page, visit, assert_accessible, director)
    visit(page, reverse("owg:schedule"))
    page.get_by_role("button", name="Save the schedule").click()
    expect(page.get_by_role("link", name=re.compile("Enter the date of the next meeting"))).to_be_visible()
    assert_accessible(page)
    visit(page, reverse("owg:meeting-new"))
    expect(page.get_by_role("heading", name="Add a meeting")).to_be_visible()
    visit(page, reverse("owg:meeting-edit", args=[upcoming.public_id]))
    expect(page.get_by_label("Who records the decisions")).to_be_visible()


def test_an_officer_adds_an_item_to_the_agenda_on_a_phone(browser, visit, assert_accessible, personas):
    officer = personas[Role.OFFICER]
    upcoming = meeting(members=[officer])
    page = browser.new_page(viewport=PHONE)
    sign_in(page, visit, assert_accessible, officer)
    visit(page, reverse("owg:meetings"))
    visit(page, reverse("owg:item-new", args=[upcoming.public_id]))
    page.get_by_label("Details").fill("Beds at the shelter close in January.")
    page.get_by_role("button", name="Add the item").click()
    expect(page.get_by_role("link", name=re.compile("Write what to discuss"))).to_be_visible()
    expect(page.get_by_label("Details")).to_have_value("Beds at the shelter close in January.")
    assert_accessible(page)


def test_a_prosecutor_tracks_criminal_cases_on_a_phone(browser, visit, assert_accessible, personas):
    prosecutor = personas[Role.PROSECUTOR]
    police = AgencyFactory(prosecuting_office=prosecutor.agency, diversion_stage=Agency.DiversionStage.PRE_BOOKING)
    tracked = criminal_case(participant=arrest_referral(agency=police).participant, office=prosecutor.agency)
    page = browser.new_page(viewport=PHONE)
    sign_in(page, visit, assert_accessible, prosecutor)
    visit(page, reverse("owg:criminal-cases"))
    expect(page.get_by_text(tracked.case_number)).to_be_visible()
    visit(page, reverse("owg:criminal-case-new"))
    visit(page, reverse("owg:criminal-case", args=[tracked.public_id]))
    expect(page.get_by_label("Feedback for the OWG")).to_be_visible()


def test_a_case_manager_reads_their_figures(browser, visit, assert_accessible, personas):
    manager = personas[Role.CASE_MANAGER]
    open_case(case_manager=manager)
    page = browser.new_page(viewport=PHONE)
    sign_in(page, visit, assert_accessible, manager)
    open_nav(page, "My figures")
    expect(page.get_by_role("heading", name="My caseload in figures")).to_be_visible()
    assert_accessible(page)
