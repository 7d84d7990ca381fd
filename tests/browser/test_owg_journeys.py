"""The Operations Workgroup in the system Chromium: the director prepares and runs a meeting from
the agenda the cases built (attendance, an approval, an extension, a charge referred for filing),
closes it and publishes the minutes; the prosecutor records the filing decision; a police
officer reads the agenda on a phone; the agenda prints without its controls. Every page visited
passes axe (WCAG 2.1 AA)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case, ChargingHold, Referral
from lead.agencies.models import Agency
from lead.roles import Role
from owg.models import ChargeFiling, Decision, Meeting
from tests.browser.helpers import PHONE, choose, member, open_decision, open_next_agenda, record_decision, sign_in
from tests.factories import (
    added_item,
    arrest_referral,
    criminal_case,
    meeting,
    open_case,
    overdue,
    social_referral,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBERS = (Role.DIRECTOR, Role.OFFICER, Role.PROSECUTOR, Role.DEFENDER, Role.CASE_MANAGER)


def section(page, number):
    return page.locator(f"#section-{number}")


@pytest.fixture
def prepared(personas):
    """The next meeting of the five members, and a case for most sections of its agenda. The
    officer's department books arrests before charging: the DA's office holds the paperwork."""
    now = timezone.now()
    officer, prosecutor, defender = personas[Role.OFFICER], personas[Role.PROSECUTOR], personas[Role.DEFENDER]
    manager, director = personas[Role.CASE_MANAGER], personas[Role.DIRECTOR]
    officer.agency.diversion_stage = Agency.DiversionStage.PRE_BOOKING
    officer.agency.prosecuting_office = prosecutor.agency
    officer.agency.save()
    members = [personas[role] for role in MEMBERS]
    last = meeting(members=members, status="held", starts_at=now - datetime.timedelta(days=14))
    steady = open_case(arrest_referral(officer=officer, first_name="Casey", last_name="Lane"), case_manager=manager)
    Decision.objects.create(  # discussed at the last meeting: an update, nothing to decide
        meeting=last,
        section=Decision.Section.NEW_DIVERSION,
        subject=f"referral:{steady.referral.public_id}",
        referral=steady.referral,
        case=steady,
        title="Diverted",
        outcome="continue",
        proposed_by=director,
        rationale="Engaged.",
        recorded_by=director,
        recorded_at=now - datetime.timedelta(days=14),
    )
    fresh = open_case(arrest_referral(officer=officer, first_name="Jamie", last_name="Fox"), case_manager=manager)
    # In the program since before the last meeting, discussed there, reached two days ago: nothing
    # new, so a line of the compact table until a member flags them.
    before = now - datetime.timedelta(days=20)
    quiet = open_case(
        arrest_referral(officer=officer, first_name="Pat", last_name="Quinn", now=before),
        case_manager=manager,
        now=before,
    )
    Decision.objects.create(
        meeting=last,
        section=Decision.Section.NEW_DIVERSION,
        subject=f"referral:{quiet.referral.public_id}",
        referral=quiet.referral,
        case=quiet,
        title="Diverted",
        outcome="continue",
        proposed_by=director,
        rationale="Engaged.",
        recorded_by=director,
        recorded_at=now - datetime.timedelta(days=14),
    )
    Case.objects.filter(pk=quiet.pk).update(last_reached_at=now - datetime.timedelta(days=2))
    return {
        # Begun a few minutes ago (a meeting closes once it has started), no attendance recorded yet.
        "meeting": meeting(members=members, starts_at=now - datetime.timedelta(minutes=5), present=[]),
        "social": social_referral(by=defender, first_name="Robin", last_name="Ellis"),
        "late": overdue(
            open_case(arrest_referral(officer=officer, first_name="Drew", last_name="Kim"), case_manager=manager)
        ),
        "lost": overdue(
            open_case(arrest_referral(officer=officer, first_name="Alex", last_name="Morgan"), case_manager=manager)
        ),
        "steady": steady,
        "fresh": fresh,
        "court": criminal_case(
            participant=fresh.participant, office=prosecutor.agency, defender=defender, by=prosecutor
        ),
        "item": added_item(by=manager, title="Beds at the new Harbor shelter"),
    }


def test_the_director_prepares_and_runs_an_owg_meeting_and_the_prosecutor_files_the_charge(
    browser,
    visit,
    assert_accessible,
    personas,
    prepared,
):
    director, officer, prosecutor = personas[Role.DIRECTOR], personas[Role.OFFICER], personas[Role.PROSECUTOR]
    defender, manager = personas[Role.DEFENDER], personas[Role.CASE_MANAGER]

    # A police officer reads the agenda on a phone before the meeting: no decision controls.
    phone = browser.new_context(viewport=PHONE).new_page()
    sign_in(phone, visit, assert_accessible, officer)
    phone.get_by_role("region", name="Operations Workgroup").get_by_role("link").first.click()
    expect(phone.get_by_role("heading", name="Operations Workgroup agenda")).to_be_visible()
    expect(section(phone, 3)).to_contain_text("Drew Kim")
    expect(phone.get_by_text("No release on file — status only.").first).to_be_visible()
    expect(phone.get_by_role("link", name=re.compile("^Record the decision"))).to_have_count(0)
    expect(phone.get_by_role("heading", name="Run the meeting")).to_have_count(0)
    assert_accessible(phone)
    phone.context.close()

    page = browser.new_page()
    sign_in(page, visit, assert_accessible, director)
    open_next_agenda(page, assert_accessible)
    expected = {
        1: ["Jamie Fox"],
        2: ["Robin Ellis"],
        3: ["Drew Kim", "Alex Morgan"],
        5: ["Jamie Fox"],
        6: ["Casey Lane"],
        7: ["Beds at the new Harbor shelter"],
    }
    for number, names in expected.items():
        label = Decision.Section(number).label
        expect(page.locator(f"#section-{number}-heading")).to_contain_text(f"{number}. {label}")
        for name in names:
            expect(section(page, number).get_by_role("heading", level=3).filter(has_text=name)).to_have_count(1)
    expect(section(page, 5)).to_contain_text("24-CR-0113: Theft in the third degree")
    expect(section(page, 4)).to_contain_text("Nothing in this section.")

    # Pat Quinn has no news: a line of the compact table. A member flags them for discussion and
    # they move to the full list, with who flagged them.
    updates = section(page, 6)
    expect(updates.get_by_role("heading", level=3).filter(has_text="Pat Quinn")).to_have_count(0)
    compact = updates.get_by_role("table", name="Active participants with no change since the last meeting")
    expect(compact.get_by_role("row", name=re.compile("Pat Quinn"))).to_contain_text("20")
    compact.get_by_role("button", name="Flag Pat Quinn").click()
    expect(page.get_by_text("Pat Quinn is flagged: their update is listed in full.")).to_be_visible()
    flagged = section(page, 6).get_by_role("article").filter(has_text="Pat Quinn")
    expect(flagged).to_contain_text(f"By {director.get_full_name()}")
    expect(section(page, 6).get_by_role("table")).to_have_count(0)
    assert_accessible(page)

    # Printed, the agenda keeps the items and drops the controls.
    page.emulate_media(media="print")
    assert_accessible(page)
    expect(section(page, 3)).to_contain_text("Drew Kim")
    expect(page.get_by_role("link", name="Record the decision on Drew Kim")).to_be_hidden()
    for link in page.get_by_role("link", name=re.compile("^Record the decision")).all():
        expect(link).to_be_hidden()
    expect(page.get_by_role("button", name="Record attendance")).to_be_hidden()
    expect(page.get_by_role("button", name="Close the meeting and publish the minutes")).to_be_hidden()
    expect(page.get_by_text(re.compile("^Confidential: for members"))).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.get_by_role("link", name="Record the decision on Drew Kim")).to_be_visible()

    attended = page.get_by_role("group", name="Who attended")
    for user in (director, officer, prosecutor, manager):
        attended.locator("label", has_text=member(user)).click()
    page.get_by_role("button", name="Record attendance").click()
    expect(page.get_by_text("Attendance is recorded.")).to_be_visible()
    expect(page.get_by_role("group", name="Who attended").get_by_label(member(manager))).to_be_checked()
    assert_accessible(page)

    open_decision(page, assert_accessible, "Robin Ellis", "Approve the referral")
    # Only members recorded present propose: the defender is absent.
    proposers = page.get_by_label("Proposed by").locator("option")
    expect(proposers.filter(has_text=member(officer))).to_have_count(1)
    expect(proposers.filter(has_text=member(defender))).to_have_count(0)
    page.get_by_label("Case manager who takes the case").select_option(label=manager.get_full_name())
    page.get_by_label("Follow-up action").fill("Meet Robin at the library on Monday with the case manager.")
    record_decision(
        page, assert_accessible, proposed_by=officer, rationale="Room in the program; Robin asked for help."
    )

    new_due = timezone.localdate() + datetime.timedelta(days=21)
    open_decision(page, assert_accessible, "Drew Kim", "Grant an extension")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("link", name="New due date of the assessment: Enter the new due date.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("New due date of the assessment").fill(new_due.isoformat())
    page.get_by_label("Follow-up action").fill("Outreach visits twice a week at the shelter.")
    record_decision(page, assert_accessible, proposed_by=manager, rationale="Reached last week; wants to continue.")

    open_decision(page, assert_accessible, "Alex Morgan", "Refer the original charge for filing")
    record_decision(page, assert_accessible, proposed_by=prosecutor, rationale="No contact for 30 days.")

    page.get_by_label("Other business for the minutes").fill("Next time: training dates.")
    page.get_by_role("button", name="Close the meeting and publish the minutes").click()
    # First what will happen: who gets the minutes, who is recorded absent.
    expect(page.get_by_role("heading", name=re.compile("^Close the meeting of"))).to_be_visible()
    expect(page.get_by_text("The minutes are published and sent to 5 members")).to_be_visible()
    expect(page.get_by_text(re.compile(f"4 present, 1 absent \\({defender.get_full_name()}\\)"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, close the meeting and send the minutes").click()
    expect(page.get_by_text(re.compile("The meeting is closed and the minutes are ready."))).to_be_visible()
    expect(page.get_by_role("heading", name="Operations Workgroup minutes")).to_be_visible()
    assert_accessible(page)
    attendance = page.get_by_role("region", name="Attendance")
    for user in (director, officer, prosecutor, manager):
        expect(attendance).to_contain_text(f"{member(user)}: present")
    expect(attendance).to_contain_text(f"{member(defender)}: absent")
    expect(attendance).to_contain_text("Next time: training dates.")
    # The items without a decision (criminal case, two updates, added item, a new diversion) carry over;
    # the three people decided on are not counted again under another heading.
    expect(attendance).to_contain_text("5 items not reached carried over")
    expect(section(page, 2)).to_contain_text("Approve the referral")
    expect(section(page, 3)).to_contain_text(
        f"Grant an extension: assessment now due {new_due:%b} {new_due.day}, {new_due.year}"
    )
    expect(section(page, 3)).to_contain_text("Refer the original charge for filing")
    expect(page.get_by_role("link", name=re.compile("^Record the decision"))).to_have_count(0)

    social, late, lost = prepared["social"], prepared["late"], prepared["lost"]
    social.refresh_from_db()
    assert social.status == Referral.Status.APPROVED and social.case.case_manager == manager
    late.case.refresh_from_db()
    assert late.case.assessment_due_on == new_due
    filing = ChargeFiling.objects.get()
    assert (filing.case, filing.office, filing.status) == (lost.case, prosecutor.agency, ChargeFiling.Status.PENDING)
    assert Meeting.objects.get(pk=prepared["meeting"].pk).status == Meeting.Status.HELD

    court = browser.new_context().new_page()
    sign_in(court, visit, assert_accessible, prosecutor)
    owg_panel = court.get_by_role("region", name="Operations Workgroup")
    expect(owg_panel.get_by_role("heading", name="Charges the OWG referred for filing")).to_be_visible()
    owg_panel.get_by_role("link", name="Alex Morgan").click()
    expect(court.get_by_role("heading", name="Filing decision: Alex Morgan")).to_be_visible()
    assert_accessible(court)
    choose(court, "Your decision", "File the charge")
    court.get_by_role("button", name="Record the decision").click()
    expect(court.get_by_role("link", name="Reason: Give the reason.")).to_be_visible()
    assert_accessible(court)
    court.get_by_label("Reason").fill("As agreed at the OWG: no contact for 30 days.")
    court.get_by_role("button", name="Record the decision").click()
    expect(court.get_by_text("Your filing decision is recorded.")).to_be_visible()
    assert_accessible(court)
    filing.refresh_from_db()
    assert (filing.status, filing.decided_by) == (ChargeFiling.Status.FILED, prosecutor)
    assert ChargingHold.objects.get(referral=lost.case.referral).status == ChargingHold.Status.RELEASED
