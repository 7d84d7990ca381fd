"""Reports in the system Chromium: the director reads the program report, changes the period,
opens the records behind a figure and downloads a table; a PCG member reads the suppressed
report and prints it; the public page on a phone. Every page visited passes axe (WCAG 2.1 AA)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eligibility.models import Screening
from lead.roles import Role
from lead.system.models import SiteConfiguration
from tests.browser.helpers import PHONE, open_nav, sign_in
from tests.factories import AgencyFactory, ScreeningFactory, arrest_referral, open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def program_with_figures():
    police = AgencyFactory(name="Bay City Police Department")
    for n in range(12):
        ScreeningFactory(
            agency=police,
            race=["white"] if n % 2 else ["black"],
            ethnicity="not_hispanic",
            status=Screening.Status.REFERRED if n < 9 else Screening.Status.DECLINED,
            screened_at=timezone.now() - datetime.timedelta(days=n + 1),
        )
    for n in range(3):
        open_case(arrest_referral(first_name=f"Person{n}", last_name="Example"))


def test_the_director_reads_the_report_and_opens_the_records_behind_a_figure(
    browser, visit, assert_accessible, personas
):
    program_with_figures()
    page = browser.new_page()
    sign_in(page, visit, assert_accessible, personas[Role.DIRECTOR])
    open_nav(page, "Reports")
    expect(page.get_by_role("heading", name="Program report")).to_be_visible()
    assert_accessible(page)
    for section in ("Flow", "Timeliness", "Outcomes", "Capacity", "Equity", "Savings"):
        expect(page.get_by_role("heading", name=section, exact=True)).to_be_visible()
    screenings = page.get_by_role("table", name=re.compile("Eligibility screenings by outcome"))
    expect(screenings.get_by_role("row", name=re.compile("All screenings"))).to_contain_text("15")

    page.get_by_text("Change the period, agency or door").click()
    page.get_by_label("From").fill("2020-01-10")
    page.get_by_label("To (inclusive)").fill("2020-01-01")
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_role("link", name=re.compile("The last day must be on or after the first day"))).to_be_visible()
    assert_accessible(page)

    page.get_by_label("To (inclusive)").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Show the report").click()
    screenings.get_by_role("link", name="All screenings").click()
    expect(page.get_by_role("heading", name="Screenings: all")).to_be_visible()
    expect(page.get_by_text(re.compile(r"15 records"))).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename.endswith(".csv")


def test_a_pcg_member_reads_and_prints_the_suppressed_report(browser, visit, assert_accessible, personas):
    program_with_figures()
    page = browser.new_page()
    sign_in(page, visit, assert_accessible, personas[Role.PCG])
    open_nav(page, "PCG report")
    expect(page.get_by_role("heading", name="Report to the Policy Coordinating Group")).to_be_visible()
    expect(page.get_by_text("fewer than 5").first).to_be_visible()
    expect(page.get_by_text("Person0")).to_have_count(0)
    assert_accessible(page)
    page.emulate_media(media="print")
    assert_accessible(page)
    expect(page.get_by_text("Change the period")).to_be_hidden()


def test_the_public_page_on_a_phone(browser, visit, assert_accessible, db):
    program_with_figures()
    config = SiteConfiguration.current()
    config.public_reports = True
    config.save()
    page = browser.new_page(viewport=PHONE)
    visit(page, "/transparency/")
    expect(page.get_by_role("heading", name="LEAD in numbers")).to_be_visible()
    expect(page.get_by_text("Person0")).to_have_count(0)
