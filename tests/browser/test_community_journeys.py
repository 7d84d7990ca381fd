"""Community engagement in the system Chromium: the coordinator records an educational forum,
the feedback given there and the program's response, drafts the month's report from them, edits
and submits it to the PCG; a PCG member reads it on a phone, and prints it. Every page visited
passes axe (WCAG 2.1 AA)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lead.notifications.models import Notification
from lead.roles import Role
from outreach.models import Activity, Feedback, MonthlyReport
from tests.browser.helpers import PHONE, choose, open_nav, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clt_forum_with_feedback_becomes_the_monthly_report_the_pcg_reads(
    browser, visit, assert_accessible, personas
):
    coordinator, pcg = personas[Role.COORDINATOR], personas[Role.PCG]
    today = timezone.localdate()
    # Last month's forum: a month's report goes to the PCG once the month has ended.
    held = today.replace(day=1) - datetime.timedelta(days=1)
    month = f"{held:%B %Y}"

    page = browser.new_page()
    sign_in(page, visit, assert_accessible, coordinator)
    open_nav(page, "Community")
    expect(page.get_by_role("heading", name="Community engagement", exact=True)).to_be_visible()
    assert_accessible(page)

    # The forum.
    page.get_by_role("link", name="Record an activity").click()
    expect(page.get_by_role("heading", name="Record an activity")).to_be_visible()
    assert_accessible(page)
    choose(page, "Kind of activity", "Educational forum")
    page.get_by_label("Date", exact=True).fill(held.isoformat())
    page.get_by_label("What", exact=True).fill("What LEAD is, and who it is for")
    page.get_by_role("button", name="Record the activity").click()
    expect(page.get_by_role("link", name="Where: Enter where it took place.")).to_be_visible()
    expect(page.get_by_label("What", exact=True)).to_have_value("What LEAD is, and who it is for")
    assert_accessible(page)
    page.get_by_label(re.compile("^Where")).fill("Central Library, room B")
    page.get_by_label(re.compile("^Audience")).fill("Eastside neighborhood council")
    page.get_by_label(re.compile("^How many people")).fill("42")
    page.get_by_role("button", name="Record the activity").click()
    expect(page.get_by_text("The educational forum is recorded.")).to_be_visible()
    expect(page.get_by_role("heading", name="Educational forum: What LEAD is, and who it is for")).to_be_visible()
    assert_accessible(page)

    # Feedback given at the forum.
    page.get_by_role("link", name="Record feedback from this activity").click()
    expect(page.get_by_role("heading", name="Record community feedback")).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_label("Where it was said")).to_have_value("Central Library, room B")
    page.get_by_label("Date received").fill(held.isoformat())
    page.get_by_label("What was said").fill("Will officers still arrest people who sleep in the park?")
    page.get_by_role("button", name="Record the feedback").click()
    expect(page.get_by_role("link", name="Topic: Choose the topic.")).to_be_visible()
    assert_accessible(page)
    choose(page, "Topic", "Policing")
    page.get_by_role("button", name="Record the feedback").click()
    expect(page.get_by_text("The feedback is recorded.")).to_be_visible()
    expect(page.get_by_role("heading", name="Community feedback: Policing")).to_be_visible()
    expect(page.locator(".lead-facts")).to_contain_text("No response yet")
    assert_accessible(page)

    # The response.
    page.get_by_label("Follow-up or response", exact=True).fill(
        "The police liaison explained social contact referrals at the next council meeting."
    )
    page.get_by_role("button", name="Save the response").click()
    expect(page.get_by_text("The response is recorded.")).to_be_visible()
    expect(page.locator(".lead-facts")).to_contain_text("The police liaison explained social contact referrals")
    assert_accessible(page)
    feedback = Feedback.objects.get()
    assert feedback.activity == Activity.objects.get() and feedback.responded_on == today

    # The month's report, drafted from them.
    open_nav(page, "Community reports")
    expect(page.get_by_role("heading", name="Community engagement reports")).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_label("Month", exact=True)).to_have_value(f"{today:%Y-%m}")
    page.get_by_label("Month", exact=True).fill(f"{held:%Y-%m}")
    page.get_by_role("button", name="Draft the report").click()
    expect(page.get_by_role("heading", name=f"Community engagement report: {month}")).to_be_visible()
    assert_accessible(page)
    body = page.get_by_label("The report", exact=True)
    expect(body).to_have_value(re.compile("Educational forum \\(1\\)"))
    expect(body).to_have_value(
        re.compile(
            "What LEAD is, and who it is for, at Central Library, room B "
            "\\(audience: Eastside neighborhood council; 42 people\\)"
        )
    )
    expect(body).to_have_value(re.compile("What was said: Will officers still arrest people who sleep in the park\\?"))
    expect(body).to_have_value(re.compile("The police liaison explained social contact referrals"))

    body.fill(body.input_value() + "\nThe CLT asks to present to the PCG in person next month.\n")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("The draft is saved.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Submit to the PCG").click()
    expect(page.get_by_role("heading", name=f"Submit the report for {month} to the PCG?")).to_be_visible()
    expect(page.get_by_text(re.compile(f"1 member of the PCG is notified: {pcg.get_full_name()}"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, submit the report to the PCG").click()
    expect(page.get_by_text("The report is submitted to the PCG. Its members are notified.")).to_be_visible()
    expect(page.get_by_role("button", name="Submit to the PCG")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("The CLT asks to present to the PCG in person next month.")
    assert_accessible(page)
    report = MonthlyReport.objects.get()
    # Drafted, saved, saved as submitted
    assert (report.status, report.submitted_by, report.revision) == (
        MonthlyReport.Status.SUBMITTED,
        coordinator,
        3,
    )
    assert Notification.objects.filter(user=pcg, url=f"/outreach/community/reports/{report.public_id}/").exists()

    # A PCG member reads it on a phone.
    phone = browser.new_context(viewport=PHONE).new_page()
    sign_in(phone, visit, assert_accessible, pcg)
    phone.get_by_role("button", name="Menu").click()
    nav = phone.get_by_role("navigation", name="Primary")
    expect(nav.get_by_role("link", name="Community", exact=True)).to_have_count(0)
    nav.get_by_role("link", name="Community reports").click()
    expect(phone.get_by_role("heading", name="Community engagement reports")).to_be_visible()
    expect(phone.get_by_role("button", name="Draft the report")).to_have_count(0)
    assert_accessible(phone)
    phone.get_by_role("link", name=month).click()
    expect(phone.get_by_role("heading", name=f"Community engagement report: {month}")).to_be_visible()
    main = phone.locator("main")
    expect(main).to_contain_text("What was said: Will officers still arrest people who sleep in the park?")
    expect(main).to_contain_text("The police liaison explained social contact referrals at the next council meeting.")
    expect(main).to_contain_text("The CLT asks to present to the PCG in person next month.")
    expect(phone.get_by_role("textbox")).to_have_count(0)
    assert_accessible(phone)

    # Printed, the report keeps its text and drops the links around it.
    phone.emulate_media(media="print")
    assert_accessible(phone)
    expect(main).to_contain_text("The CLT asks to present to the PCG in person next month.")
    expect(phone.get_by_role("link", name="All community engagement reports")).to_be_hidden()
    phone.context.close()


def test_the_coordinator_keeps_the_clt_roster_on_a_phone_and_an_edit_made_meanwhile_is_not_lost(
    browser,
    visit,
    assert_accessible,
    personas,
):
    coordinator = personas[Role.COORDINATOR]
    today = timezone.localdate()
    page = browser.new_page(viewport=PHONE)
    sign_in(page, visit, assert_accessible, coordinator)
    open_nav(page, "Community")
    expect(page.get_by_role("heading", name="Community engagement", exact=True)).to_be_visible()
    assert_accessible(page)

    for name, consents, experience in (
        ("Rosa Jimenez", "Yes", ["Currently or formerly homeless"]),
        ("Dale Brooks", "No", []),
    ):
        page.get_by_role("link", name="Add a CLT member").click()
        expect(page.get_by_role("heading", name="Add a member of the Community Leadership Team")).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Name", exact=True).fill(name)
        for label in experience:
            page.get_by_role("group", name=re.compile("^Lived experience")).locator("label", has_text=label).click()
        choose(page, "Does the member consent to be listed publicly as a CLT member?", consents)
        page.get_by_label("Term starts").fill(today.replace(day=1).isoformat())
        if consents == "Yes":
            page.get_by_role("button", name="Add the member").click()
            expect(
                page.get_by_role("link", name="Date of consent: Enter the date the member consented to be listed.")
            ).to_be_visible()
            expect(page.get_by_label("Name", exact=True)).to_have_value(name)
            assert_accessible(page)
            page.get_by_label(re.compile("^Date of consent")).fill(today.isoformat())
        page.get_by_role("button", name="Add the member").click()
        expect(page.get_by_text(f"{name} is recorded as a member of the Community Leadership Team.")).to_be_visible()
        expect(page.get_by_role("heading", name=name)).to_be_visible()
        expect(page.locator(".lead-facts")).to_contain_text(experience[0] if experience else "None disclosed")
        assert_accessible(page)
        page.get_by_role("link", name="Back to community engagement").click()

    listed = page.get_by_role("table", name=re.compile("consented to be listed$"))
    expect(listed).to_contain_text("Rosa Jimenez")
    expect(listed).not_to_contain_text("Dale Brooks")
    expect(page.get_by_role("table", name=re.compile("did not consent"))).to_contain_text("Dale Brooks")
    assert_accessible(page)

    # The draft is changed in another tab while this one edits it.
    from outreach.services import community as community_services

    report = community_services.report_draft(month=today, by=coordinator, now=timezone.now())
    page.reload()
    page.get_by_role("region", name="Monthly reports to the PCG").get_by_role("link", name=f"{today:%B %Y}").click()
    expect(page.get_by_role("heading", name=f"Community engagement report: {today:%B %Y}")).to_be_visible()
    assert_accessible(page)
    community_services.report_update(report=report, body="Edited in another tab.\n", revision=1, by=coordinator)
    page.get_by_label("The report", exact=True).fill("My edit on the phone.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("region", name="The draft as saved now")).to_contain_text("Edited in another tab.")
    expect(page.get_by_label("The report", exact=True)).to_have_value("My edit on the phone.")
    assert_accessible(page)
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("The draft is saved.")).to_be_visible()
    assert_accessible(page)
    report.refresh_from_db()
    assert report.body == "My edit on the phone."
