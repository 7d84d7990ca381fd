"""Coverage and break-glass in the system Chromium: the provider's supervisor grants a colleague
coverage of a caseload (after a refused period) and ends it; the director breaks glass on a
case, reads its clinical record, and finds the opening on the audit page. Every page visited
passes axe (WCAG 2.1 AA)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import CaseNote, Coverage
from lead.roles import Role
from tests.browser.helpers import sign_in
from tests.factories import UserFactory, arrest_referral, open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case(personas):
    case = open_case(arrest_referral(agency=personas[Role.OFFICER].agency), case_manager=personas[Role.CASE_MANAGER])
    CaseNote.objects.create(
        case=case, written_at=timezone.now(), written_by=personas[Role.CASE_MANAGER], text="Asked for a detox bed."
    )
    return case


def test_a_supervisor_grants_coverage_of_a_caseload_and_ends_it_early(
    browser, visit, assert_accessible, personas, case
):
    supervisor = UserFactory(username="supervisor", agency=case.provider, roles=[Role.CASE_MANAGER], is_supervisor=True)
    colleague = UserFactory(
        username="casemanager2", first_name="Marcus", last_name="Lee", agency=case.provider, roles=[Role.CASE_MANAGER]
    )
    page = browser.new_page(viewport={"width": 320, "height": 800})
    sign_in(page, visit, assert_accessible, supervisor)
    visit(page, "/cases/coverage/")
    expect(page.get_by_role("heading", name="Coverage of caseloads")).to_be_visible()
    page.get_by_role("link", name=re.compile("Grant coverage at")).click()
    assert_accessible(page)
    covered = personas[Role.CASE_MANAGER]
    page.get_by_label("Whose caseload is covered").select_option(str(covered.pk))
    page.get_by_label("Who covers it").select_option(str(colleague.pk))
    today = timezone.localdate()
    page.get_by_label("First day").fill(today.isoformat())
    page.get_by_label("Last day").fill((today + datetime.timedelta(days=120)).isoformat())
    page.get_by_label("Reason").fill("Parental leave")
    page.get_by_role("button", name="Grant coverage").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("Coverage lasts at most 90 days").first).to_be_visible()
    expect(page.get_by_label("Reason")).to_have_value("Parental leave")
    assert_accessible(page)
    page.get_by_label("Last day").fill((today + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Grant coverage").click()
    expect(page.get_by_text("The coverage is granted.")).to_be_visible()
    expect(page.get_by_text("Running")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("End now")).click()
    expect(page.get_by_role("heading", name="End the coverage now?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, end the coverage").click()
    expect(page.get_by_text("The coverage has ended.")).to_be_visible()
    assert_accessible(page)
    assert Coverage.objects.get().ended_by == supervisor


def test_the_director_breaks_glass_to_read_a_clinical_record_and_finds_it_on_the_audit_page(
    browser, visit, assert_accessible, personas, case
):
    page = browser.new_page()
    sign_in(page, visit, assert_accessible, personas[Role.DIRECTOR])
    visit(page, f"/cases/{case.public_id}/")
    expect(page.get_by_text("Asked for a detox bed.")).to_have_count(0)
    page.get_by_role("link", name="Break glass…").click()
    expect(page.get_by_role("heading", name="This is logged and reviewed")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What is the emergency?").fill("Too short")
    page.get_by_role("button", name=re.compile("Open the record")).click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What is the emergency?").fill("The hospital called: the participant was found unconscious.")
    page.get_by_role("button", name=re.compile("Open the record")).click()
    expect(page.get_by_role("heading", name="Clinical record (emergency access)")).to_be_visible()
    expect(page.get_by_text("Asked for a detox bed.")).to_be_visible()
    assert_accessible(page)
    visit(page, "/access-log/")
    expect(page.get_by_role("heading", name="Break-glass openings")).to_be_visible()
    expect(
        page.get_by_role("region", name="Break-glass openings").get_by_text(
            re.compile("the participant was found unconscious")
        )
    ).to_be_visible()
