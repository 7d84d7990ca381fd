"""Notifications in the system Chromium: from the header to the list to the page a notification
is about. Every page visited passes axe (WCAG 2.1 AA)."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from lead.notifications.models import Notification
from lead.roles import Role
from tests.browser.helpers import sign_in
from tests.factories import NotificationFactory, persona_case

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

    page.get_by_role("link", name="Notifications, 1 unread").click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    assert_accessible(page)
    row = page.get_by_role("row").filter(has_text="A hand-off request is waiting for you")
    expect(row).to_contain_text("New")
    expect(page.get_by_role("row").filter(has_text="Your agency's staff list changed")).to_contain_text("Read")

    row.get_by_role("button", name="A hand-off request is waiting for you").click()
    expect(page.get_by_role("heading", name=agency.name)).to_be_visible()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    assert_accessible(page)


# The narrowest phone the site supports.
NARROW_PHONE = {"width": 320, "height": 640}


def test_on_a_phone_an_officer_sees_the_unread_count_and_what_each_notification_is_about(
    browser, visit, assert_accessible, personas
):
    case = persona_case(personas)  # the hand-off accepted: the officer is told, about the referral
    officer = case.referral.referred_by
    for _ in range(2):
        NotificationFactory(
            user=officer,
            subject="An assessment is overdue",
            about_kind="referral",
            about_id=case.referral.public_id,
        )
    page = browser.new_page(viewport=NARROW_PHONE)
    sign_in(page, visit, assert_accessible, officer)

    # In the header next to the Menu button, without opening the menu.
    expect(page.get_by_role("button", name="Menu")).to_be_visible()
    link = page.get_by_role("link", name="Notifications, 3 unread")
    expect(link).to_be_visible()
    expect(link).to_contain_text("3")
    header = page.locator(".usa-navbar").bounding_box()
    assert header is not None and header["width"] <= 320 and header["height"] < 80  # one row, no overflow
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320

    link.click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    assert_accessible(page)
    reference, report = case.referral.reference, case.referral.screening.report_number
    expect(page.get_by_text(f"About report {report}, {reference}").first).to_be_visible()
    expect(page.get_by_text("An assessment is overdue (2 times)")).to_be_visible()
    page.get_by_text("Each of the 2").click()
    expect(page.get_by_role("button", name=f"report {report}, {reference}")).to_have_count(2)
    assert_accessible(page)

    page.get_by_role("button", name="Mark all 3 as read").click()
    expect(page.get_by_text("3 notifications marked as read.")).to_be_visible()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    assert_accessible(page)
    assert not Notification.objects.filter(user=officer, read_at__isnull=True).exists()
