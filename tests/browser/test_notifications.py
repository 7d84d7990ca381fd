"""Notifications in the system Chromium: from the header to the list to the page a notification
is about. Every page visited passes axe (WCAG 2.1 AA)."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from lead.roles import Role
from tests.browser.helpers import sign_in
from tests.factories import NotificationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_case_manager_opens_a_new_notification_from_the_header(browser, visit, assert_accessible, personas):
    case_manager = personas[Role.CASE_MANAGER]
    agency = case_manager.agency
    NotificationFactory(user=case_manager, subject="Your agency's staff list changed", read_at=timezone.now())
    NotificationFactory(
        user=case_manager,
        subject="A hand-off request is waiting for you",
        body="Open it to see who asks.",
        url=reverse("agencies:detail", kwargs={"public_id": agency.public_id}),
    )
    page = browser.new_page()
    sign_in(page, visit, assert_accessible, case_manager)

    page.get_by_role("link", name="Notifications (1 new)").click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    assert_accessible(page)
    row = page.get_by_role("row").filter(has_text="A hand-off request is waiting for you")
    expect(row).to_contain_text("New")
    expect(page.get_by_role("row").filter(has_text="Your agency's staff list changed")).to_contain_text("Read")

    row.get_by_role("button", name="A hand-off request is waiting for you").click()
    expect(page.get_by_role("heading", name=agency.name)).to_be_visible()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    assert_accessible(page)
