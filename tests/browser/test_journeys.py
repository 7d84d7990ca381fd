"""User journeys in the system Chromium against the live server; every page visited passes axe."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lead.audit.models import AccessEvent
from lead.audit.services import access_event_record
from lead.roles import Role
from tests.browser.helpers import PHONE, code_from_secret, open_nav, sign_in, sign_in_with_password
from tests.factories import PASSWORD, ScreeningFactory, open_case, social_referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_enrols_two_factor_on_first_sign_in_on_a_phone(browser, visit, assert_accessible, personas):
    page = browser.new_page(viewport=PHONE)
    sign_in_with_password(page, visit, "officer")
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Six-digit code").fill("000000")
    page.get_by_role("button", name="Finish set-up").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)

    page.wait_for_timeout(2000)  # django-otp slows down guessing after a wrong code
    secret = page.locator(".lead-secret").inner_text()
    page.get_by_label("Six-digit code").fill(code_from_secret(secret))
    page.get_by_role("button", name="Finish set-up").click()
    expect(page.get_by_role("heading", name="Welcome, " + personas[Role.OFFICER].first_name)).to_be_visible()
    expect(page.get_by_text("Two-factor sign-in is set up")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Menu").click()
    nav = page.get_by_role("navigation", name="Primary")
    # By text: a closed menu's links are outside the accessibility tree, and must not exist at all.
    expect(nav.locator("a", has_text="Access log")).to_have_count(0)
    expect(nav.locator("a", has_text="My agency")).to_have_count(1)
    open_nav(page, "My agency")
    expect(page.get_by_role("heading", name="Harbor City Police Department")).to_be_visible()
    assert_accessible(page)


def test_every_role_signs_in_and_sees_its_home_page(browser, visit, assert_accessible, personas):
    for role, user in personas.items():
        context = browser.new_context()
        page = context.new_page()
        sign_in(page, visit, assert_accessible, user)
        expect(page.locator(".usa-intro")).to_contain_text(role.label)
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_text("You have signed out.")).to_be_visible()
        context.close()


def test_a_password_change_with_a_mistake_shows_the_error_and_where_it_is(browser, visit, assert_accessible, personas):
    page = browser.new_page()
    sign_in(page, visit, assert_accessible, personas[Role.CASE_MANAGER])
    visit(page, "/accounts/")
    page.get_by_role("link", name="Change password").click()
    assert_accessible(page)
    page.get_by_label("Old password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("too short")
    page.get_by_label("New password confirmation").fill("too short")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    # Password fields are never sent back to the browser; the summary links to the field to fix.
    page.get_by_role("link", name=re.compile("New password confirmation: This password is too short")).click()
    expect(page.get_by_label("New password confirmation")).to_be_focused()
    assert_accessible(page)


def test_the_director_searches_the_access_log(browser, visit, assert_accessible, personas):
    sign_in_with_password(browser.new_page(), visit, "officer", "a wrong password")
    page = browser.new_page()
    sign_in(page, visit, assert_accessible, personas[Role.DIRECTOR])
    open_nav(page, "Access log")
    assert_accessible(page)
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Event").select_option(label="Sign-in failed")
    page.get_by_role("form", name="Search the access log").get_by_role("button", name="Search").click()
    expect(page.get_by_role("table")).to_contain_text("Sign-in failed")
    expect(page.get_by_role("table").locator("tbody tr")).to_have_count(1)
    assert_accessible(page)


def test_the_director_finds_who_read_a_persons_case_and_downloads_it(browser, visit, assert_accessible, personas):
    case = open_case()
    access_event_record(kind=AccessEvent.Kind.READ, user=personas[Role.CASE_MANAGER], obj=case, detail="case page")
    page = browser.new_page()
    sign_in(page, visit, assert_accessible, personas[Role.DIRECTOR])
    open_nav(page, "Access log")
    page.get_by_label("Person").fill("Reyes, Jordan")
    page.get_by_role("form", name="Search the access log").get_by_role("button", name="Search").click()
    # The case manager's read, and the grants of the hand-off that opened the case.
    read = page.get_by_role("table").locator("tbody tr").filter(has_text="case page")
    expect(read).to_have_count(1)
    expect(read).to_contain_text(personas[Role.CASE_MANAGER].username)
    record = read.get_by_role("link", name=f"Jordan Reyes, {case.referral.reference}")
    expect(record).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert f"Jordan Reyes, {case.referral.reference}" in text and "case page" in text
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT, detail__contains="person=").exists()
    record.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jordan Reyes")
    assert_accessible(page)


def test_the_director_pages_through_a_long_access_log(browser, visit, assert_accessible, personas):
    for _ in range(60):
        access_event_record(kind=AccessEvent.Kind.SIGN_IN_FAILED, outcome="denied", username="officer")
    page = browser.new_page()
    sign_in(page, visit, assert_accessible, personas[Role.DIRECTOR])
    open_nav(page, "Access log")
    pages = page.get_by_role("navigation", name="Pages of the access log")
    pages.get_by_role("link", name="Older events").click()
    expect(page.get_by_role("table")).to_contain_text("Events 51 to")
    assert_accessible(page)
    page.get_by_role("navigation", name="Pages of the access log").get_by_role("link", name="Newer events").click()
    expect(page.get_by_role("table")).to_contain_text("Events 1 to 50")


def test_five_wrong_passwords_show_the_lockout_page(browser, visit, assert_accessible, personas):
    page = browser.new_page()
    for _ in range(5):
        sign_in_with_password(page, visit, "outreach", "not my password")
    sign_in_with_password(page, visit, "outreach")
    expect(page.get_by_role("heading", name="This account is locked")).to_be_visible()
    assert_accessible(page)


def test_a_page_the_role_may_not_open_and_a_missing_page_explain_themselves(
    browser, visit, assert_accessible, personas
):
    page = browser.new_page()
    sign_in(page, visit, assert_accessible, personas[Role.PCG])
    assert visit(page, "/access-log/").status == 403
    expect(page.get_by_role("heading", name="You cannot open this page")).to_be_visible()
    assert visit(page, "/agencies/00000000-0000-0000-0000-000000000000/").status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()


def test_the_site_administrator_reaches_administration(browser, visit, assert_accessible, personas):
    page = browser.new_page()
    sign_in(page, visit, assert_accessible, personas[Role.SITE_ADMIN])
    open_nav(page, "Administration")
    expect(page.get_by_role("heading", name="Users, agencies and sign-in")).to_be_visible()
    assert_accessible(page)
    visit(page, "/admin/users/user/")
    expect(page.get_by_role("link", name="officer", exact=True)).to_be_visible()


def test_the_officer_sorts_the_referral_list_and_narrows_it_to_days(browser, visit, assert_accessible, personas):
    officer = personas[Role.OFFICER]
    now = timezone.now()
    social_referral(by=officer, first_name="Ana", last_name="Zamora", now=now - datetime.timedelta(days=3))
    social_referral(by=officer, first_name="Ben", last_name="Abbott", now=now - datetime.timedelta(days=1))
    page = browser.new_page()
    sign_in(page, visit, assert_accessible, officer)
    visit(page, "/referrals/")
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows.first).to_contain_text("Ben Abbott")  # newest first
    page.get_by_role("link", name="Person").click()
    expect(page.get_by_role("columnheader", name="Person")).to_have_attribute("aria-sort", "ascending")
    expect(rows.first).to_contain_text("Ben Abbott")
    page.get_by_role("link", name="Person").click()
    expect(page.get_by_role("columnheader", name="Person")).to_have_attribute("aria-sort", "descending")
    expect(rows.first).to_contain_text("Ana Zamora")
    assert_accessible(page)
    # The days of the older referral only; the list stays sorted by person.
    day = timezone.localdate(now - datetime.timedelta(days=3)).isoformat()
    form = page.get_by_role("form", name="Filter the referrals")
    form.get_by_label("Referred from").fill(day)
    form.get_by_label("Referred until").fill(day)
    form.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Ana Zamora")
    assert "sort=-person" in page.url
    # An end before the start: the error, at the top and at the field, and the list by the start.
    form.get_by_label("Referred from").fill(timezone.localdate(now).isoformat())
    form.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("alert").filter(has_text="There is a problem")).to_contain_text("Referred until")
    assert_accessible(page)


def test_the_director_sorts_the_screening_list_by_report_number(browser, visit, assert_accessible, personas):
    officer = personas[Role.OFFICER]
    ScreeningFactory(agency=officer.agency, officer=officer, report_number="26-000002")
    ScreeningFactory(agency=officer.agency, officer=officer, report_number="26-000001")
    page = browser.new_page()
    sign_in(page, visit, assert_accessible, personas[Role.DIRECTOR])
    visit(page, "/eligibility/screenings/")
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows.first).to_contain_text("26-000001")  # newest first
    page.get_by_role("link", name="Report", exact=True).click()
    expect(page.get_by_role("columnheader", name="Report")).to_have_attribute("aria-sort", "ascending")
    expect(rows.first).to_contain_text("26-000001")
    page.get_by_role("link", name="Report", exact=True).click()
    expect(rows.first).to_contain_text("26-000002")
    assert_accessible(page)
