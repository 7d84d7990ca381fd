"""The outreach specialist's day in the system Chromium, on a phone: a case manager asks for
outreach from the case page; the specialist finds the participant at the top of their home page,
logs an attempt, then a contact; the case manager is told. Every page passes axe (WCAG 2.1 AA)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case, Contact
from lead.notifications.models import Notification
from lead.roles import Role
from tests.browser.helpers import PHONE, choose, sign_in
from tests.factories import open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_outreach_specialists_day(browser, visit, assert_accessible, personas, live_server):
    manager, specialist = personas[Role.CASE_MANAGER], personas[Role.OUTREACH]
    case = open_case(case_manager=manager)
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - datetime.timedelta(days=20))
    name = case.participant.full_name

    desk = browser.new_page()
    sign_in(desk, visit, assert_accessible, manager)
    visit(desk, f"/cases/{case.public_id}/")
    desk.get_by_label("Outreach specialist").select_option(label=specialist.get_full_name())
    desk.get_by_label("What they should know").fill("Mornings at the day center.")
    desk.get_by_role("button", name="Ask outreach to find the participant").click()
    expect(desk.get_by_text(f"{specialist.get_full_name()} is asked to find the participant.")).to_be_visible()
    assert_accessible(desk)

    phone = browser.new_page(viewport=PHONE)
    sign_in(phone, visit, assert_accessible, specialist)
    panel = phone.get_by_role("region", name="Participants to reach")
    expect(panel.get_by_role("listitem").first).to_contain_text("In the wind")
    panel.get_by_role("link", name=name).click()
    expect(phone.get_by_role("heading", name=name)).to_be_visible()
    expect(phone.get_by_text("From " + manager.get_full_name() + ": Mornings at the day center.")).to_be_visible()
    assert_accessible(phone)

    choose(phone, "Did you reach the person?", "No")
    phone.get_by_label("What happened").fill("Not there this morning.")
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_role("link", name=re.compile("Say where you looked"))).to_be_visible()
    assert_accessible(phone)
    phone.get_by_label("Where you looked").fill("Harbor day center")
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_text("The attempt is recorded.")).to_be_visible()
    visit(phone, "/outreach/participants/")
    expect(phone.get_by_text(re.compile(r"Last seen: not recorded · Looked for: Harbor day center"))).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("link", name=name).click()

    choose(phone, "Did you reach the person?", "Yes")
    phone.get_by_label("Where you looked").fill("Library steps")
    phone.get_by_label("What happened").fill("Talked; will call the case manager today.")
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_text(f"{manager.get_full_name()} is told you reached the person.")).to_be_visible()
    expect(phone.get_by_role("region", name="Engagement log")).to_contain_text("Library steps")
    assert_accessible(phone)
    visit(phone, "/outreach/participants/")
    expect(phone.get_by_text(re.compile(r"Last seen: Library steps, "))).to_be_visible()

    assert Contact.objects.filter(case=case, kind="outreach").count() == 2
    assert Notification.objects.filter(user=manager, subject="Outreach reached a participant").exists()
    visit(phone, "/outreach/participants/")
    expect(phone.get_by_text("In the wind", exact=True)).to_have_count(0)
