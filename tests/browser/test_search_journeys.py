"""Search journeys in the system Chromium, from the box in the header: a case manager finds a
participant by a misspelt name and by date of birth; an officer on a phone finds a referral by
its report number and not another agency's; the PCG finds no person. Every page passes axe."""

import datetime
import re

import pytest
from django.db import connection
from playwright.sync_api import expect

from cases.models import Participant
from lead.roles import Role
from tests.browser.helpers import PHONE, sign_in
from tests.factories import AgencyFactory, arrest_referral, open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BOX = "Search people, reports and cases"


def search_from_the_header(page, assert_accessible, q):
    box = page.get_by_role("search").get_by_label(BOX)
    expect(box).to_be_visible()
    box.fill(q)
    box.press("Enter")
    expect(page.get_by_role("heading", name="Search", exact=True)).to_be_visible()
    assert_accessible(page)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="typos need pg_trgm (CI runs it)")
def test_a_case_manager_finds_a_participant_by_a_misspelt_name_and_by_date_of_birth(
    browser, visit, assert_accessible, personas
):
    case_manager = personas[Role.CASE_MANAGER]
    case = open_case(arrest_referral(first_name="Linh", last_name="Nguyễn"), case_manager=case_manager)
    Participant.objects.filter(pk=case.participant_id).update(date_of_birth=datetime.date(1984, 3, 7))
    open_case(arrest_referral(first_name="Linh", last_name="Nguyen"))  # another provider's

    page = browser.new_page()
    sign_in(page, visit, assert_accessible, case_manager)
    search_from_the_header(page, assert_accessible, "Ngyuen Linh")
    people = page.get_by_role("region", name=re.compile("People and cases"))
    expect(people.get_by_role("link")).to_have_count(1)
    people.get_by_role("link", name="Linh Nguyễn").click()
    expect(page.get_by_role("heading", name="Case of Linh Nguyễn")).to_be_visible()
    assert_accessible(page)

    search_from_the_header(page, assert_accessible, "March 7, 1984")
    people = page.get_by_role("region", name=re.compile("People and cases"))
    expect(people.get_by_text("Born Mar 7, 1984")).to_be_visible()
    people.get_by_role("link", name="Linh Nguyễn").click()
    expect(page.get_by_role("heading", name="Case of Linh Nguyễn")).to_be_visible()
    assert_accessible(page)


def test_an_officer_on_a_phone_finds_their_referral_by_report_number_and_not_another_agencys(
    browser, visit, assert_accessible, personas
):
    officer = personas[Role.OFFICER]
    ours = arrest_referral(officer=officer, first_name="Lee", last_name="Okafor")
    ours.screening.report_number = "26-004410"
    ours.screening.save()
    theirs = arrest_referral(agency=AgencyFactory(name="Far Valley Police"), first_name="Sam", last_name="Abara")
    theirs.screening.report_number = "FV-26-0099"
    theirs.screening.save()

    page = browser.new_context(viewport=PHONE).new_page()
    sign_in(page, visit, assert_accessible, officer)
    search_from_the_header(page, assert_accessible, "26-004410")
    expect(page.get_by_role("region", name=re.compile("Screenings")).get_by_role("link")).to_have_count(1)
    page.get_by_role("region", name=re.compile("Referrals")).get_by_role("link", name="Lee Okafor").click()
    expect(page.get_by_text("Lee Okafor").first).to_be_visible()
    assert_accessible(page)

    search_from_the_header(page, assert_accessible, "FV-26-0099")
    expect(page.get_by_text("Nothing you may open matches “FV-26-0099”")).to_be_visible()
    search_from_the_header(page, assert_accessible, "Abara")
    expect(page.get_by_text(re.compile("Nothing you may open matches"))).to_be_visible()
    expect(page.get_by_role("link", name="Sam Abara")).to_have_count(0)


def test_the_pcg_finds_no_person(browser, visit, assert_accessible, personas):
    open_case(arrest_referral(first_name="Lee", last_name="Okafor"))
    page = browser.new_page()
    sign_in(page, visit, assert_accessible, personas[Role.PCG])
    search_from_the_header(page, assert_accessible, "Okafor")
    expect(page.get_by_text(re.compile("Your role sees no person's records"))).to_be_visible()
    expect(page.get_by_role("link", name="Lee Okafor")).to_have_count(0)
