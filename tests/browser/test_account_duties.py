"""Browser journeys of separation of duties and recovery codes; every page passes axe."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lead.roles import Role
from lead.users import duties
from lead.users.models import AccessRequest
from tests.browser.helpers import PHONE, sign_in, sign_in_with_password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_approves_a_role_from_the_home_page_and_hands_over_the_temporary_password(
    browser, visit, assert_accessible, personas
):
    from tests.factories import UserFactory

    newcomer = UserFactory(username="newcomer", agency=personas[Role.CASE_MANAGER].agency)
    duties.access_request_file(
        user=newcomer,
        kind=AccessRequest.Kind.ROLE,
        role=Role.CASE_MANAGER.value,
        by=personas[Role.SITE_ADMIN],
        now=timezone.now(),
    )
    page = browser.new_page(viewport=PHONE)
    sign_in(page, visit, assert_accessible, personas[Role.DIRECTOR])
    page.get_by_role("link", name=re.compile("All account changes")).click()
    expect(page.get_by_role("heading", name="Account changes waiting for approval")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Grant the role Case manager").click()
    expect(page.get_by_role("heading", name="Grant the role Case manager for newcomer")).to_be_visible()
    page.get_by_role("button", name="Record the decision").click()  # nothing chosen: the page says what is missing
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    # USWDS draws the labels; the inputs themselves sit off-screen.
    page.get_by_role("group", name="Your decision").locator("label", has_text=re.compile("^Approve")).click()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("heading", name=re.compile("Approved"))).to_be_visible()
    assert_accessible(page)
    password = page.locator("code.lead-secret").inner_text()
    newcomer.refresh_from_db()
    assert newcomer.check_password(password) and newcomer.must_change_password


def test_a_user_makes_recovery_codes_and_signs_in_with_one_after_losing_their_phone(
    browser, visit, assert_accessible, personas
):
    page = browser.new_page()
    sign_in(page, visit, assert_accessible, personas[Role.OUTREACH])
    visit(page, "/accounts/")
    page.get_by_role("button", name="Make recovery codes").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    assert_accessible(page)
    codes = page.locator(".lead-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="I have saved them").click()
    page.get_by_role("button", name="Sign out").click()
    sign_in_with_password(page, visit, "outreach")
    page.get_by_label("Recovery code").fill("wrongcod")
    page.get_by_role("button", name="Sign in with a recovery code").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.wait_for_timeout(1100)  # django-otp makes the next try after a wrong code wait a second
    page.get_by_label("Recovery code").fill(codes[0])
    page.get_by_role("button", name="Sign in with a recovery code").click()
    expect(page.get_by_role("heading", name=re.compile("Welcome"))).to_be_visible()
    expect(page.get_by_text("9 left")).to_be_visible()
    assert_accessible(page)
    visit(page, "/accounts/authenticator/")
    expect(page.get_by_role("heading", name="Set up a new authenticator app")).to_be_visible()
