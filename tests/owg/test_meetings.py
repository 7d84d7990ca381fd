"""OWG meetings: the cadence, the agenda built from the cases, decisions acting on the case,
carry-over, minutes, and what each member may see (policy VIII, VIIII, X; docs/access-policy.md)."""

import datetime
import uuid

import pytest
import time_machine
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cases.models import Case, ChargingHold, Determination, ProgressSummary, Referral
from lead.agencies.models import Agency
from lead.audit.models import AccessEvent
from lead.notifications.models import Notification
from lead.roles import Role
from lead.services import Conflict
from owg import agenda
from owg.models import ChargeFiling, Decision, Flag, Meeting, Workgroup
from owg.services import criminal, meetings
from tests.conftest import signed_in_client
from tests.factories import (
    AgencyFactory,
    added_item,
    arrest_referral,
    bulk_reference,
    completed_assessment,
    criminal_case,
    meeting,
    on_call,
    open_case,
    overdue,
    release_of_information,
    social_referral,
)
from tests.helpers import queries_to_get

Section = Decision.Section


@pytest.fixture
def members(personas):
    return [personas[r] for r in (Role.DIRECTOR, Role.OFFICER, Role.PROSECUTOR, Role.DEFENDER, Role.CASE_MANAGER)]


@pytest.fixture
def next_meeting(members):
    return meeting(members=members)


def subjects(built, section):
    return [e.subject_id for e in {n: es for n, _, es in built.sections}[section]]


def started(m, ago=datetime.timedelta(minutes=45)):
    """The meeting began `ago`: it may be closed."""
    Meeting.objects.filter(pk=m.pk).update(starts_at=timezone.now() - ago)
    m.refresh_from_db()
    return m


def decide(client, m, entry, **data):
    """Record a decision, answering "Yes" on its confirmation step."""
    url = reverse("owg:decide", args=[m.public_id, entry.section, entry.subject_id])
    return client.post(url, {"confirmed": "yes"} | data)


# The cadence -------------------------------------------------------------------------------------


def test_the_schedule_plans_meetings_six_weeks_ahead_once(personas, members):
    now = timezone.now()
    next_on = timezone.localdate(now) + datetime.timedelta(days=3)
    meetings.schedule_update(
        by=personas[Role.DIRECTOR],
        revision=Workgroup.current().revision,
        every_weeks=2,
        next_on=next_on,
        starts_at=datetime.time(10),
        place="Room 4",
        members=members,
        now=now,
    )
    planned = list(Meeting.objects.order_by("starts_at"))
    assert [m.slot for m in planned] == [next_on + datetime.timedelta(weeks=2 * k) for k in range(len(planned))]
    assert len(planned) == 3
    assert set(planned[0].members.all()) == set(members)
    assert meetings.meetings_plan(now=now) == []  # the periodic run finds nothing to add
    assert timezone.localtime(planned[0].starts_at).hour == 10


def test_a_new_cadence_replaces_untouched_upcoming_meetings_and_keeps_moved_ones(personas, members):
    now, director = timezone.now(), personas[Role.DIRECTOR]
    start = timezone.localdate(now) + datetime.timedelta(days=3)
    meetings.schedule_update(
        by=director,
        revision=Workgroup.current().revision,
        every_weeks=2,
        next_on=start,
        starts_at=datetime.time(10),
        place="",
        members=members,
        now=now,
    )
    moved = Meeting.objects.order_by("starts_at")[1]
    meetings.meeting_update(
        meeting=moved,
        by=director,
        revision=moved.revision,
        starts_at=moved.starts_at + datetime.timedelta(hours=2),
        place="Room 9",
        recorder=None,
    )
    meetings.schedule_update(
        by=director,
        revision=Workgroup.current().revision,
        every_weeks=1,
        next_on=start + datetime.timedelta(days=1),
        starts_at=datetime.time(10),
        place="",
        members=members[:2],
        now=now,
    )
    assert Meeting.objects.filter(pk=moved.pk).exists()
    assert Meeting.objects.filter(slot=start).exists() is False
    assert set(Meeting.objects.get(pk=moved.pk).members.all()) == set(members[:2])


def test_the_director_sets_the_schedule_through_the_page(personas, members):
    client = signed_in_client(personas[Role.DIRECTOR])
    page = client.post(
        reverse("owg:schedule"), {"next_on": "", "every_weeks": "2", "starts_at": "10:00", "place": "Room 4"}
    )
    assert "Enter the date of the next meeting." in page.content.decode()
    assert 'value="Room 4"' in page.content.decode()  # what was typed is kept
    next_on = timezone.localdate() + datetime.timedelta(days=2)
    while next_on.weekday() > 4:
        next_on += datetime.timedelta(days=1)
    client.post(
        reverse("owg:schedule"),
        {
            "next_on": next_on.isoformat(),
            "every_weeks": "2",
            "starts_at": "10:00",
            "place": "Room 4",
            "members": [m.pk for m in members],
            "revision": Workgroup.current().revision,
        },
    )
    assert Workgroup.current().next_on == next_on
    assert Meeting.objects.filter(slot=next_on, place="Room 4").exists()


# The agenda --------------------------------------------------------------------------------------


def test_the_agenda_has_an_item_from_each_source(personas, next_meeting):
    officer, director = personas[Role.OFFICER], personas[Role.DIRECTOR]
    new_case = open_case(arrest_referral(officer=officer))
    social = social_referral(by=officer)
    late = overdue(open_case(arrest_referral(last_name="Late")))
    quitter = open_case(arrest_referral(last_name="Quit"))
    services_close(quitter, reason=Case.Closing.ISP_NOT_COMPLETED)
    isp = Determination.objects.get(case=quitter)
    court = criminal_case(participant=new_case.participant)
    item = added_item(by=officer)
    discussed = open_case(arrest_referral(last_name="Steady"))
    Decision.objects.create(  # a diversion the OWG discussed at its last meeting: an update now
        meeting=meeting(status="held", starts_at=timezone.now() - datetime.timedelta(days=14)),
        section=Section.NEW_DIVERSION,
        subject=f"referral:{discussed.referral.public_id}",
        referral=discussed.referral,
        case=discussed,
        title="t",
        outcome="continue",
        proposed_by=director,
        rationale="r",
        recorded_by=director,
        recorded_at=timezone.now(),
    )
    built = agenda.build(next_meeting, director, timezone.now())
    assert built.live
    assert new_case.referral.public_id in subjects(built, Section.NEW_DIVERSION)
    assert subjects(built, Section.SOCIAL) == [social.public_id]
    assert subjects(built, Section.DEADLINE) == [late.public_id]
    assert subjects(built, Section.ISP) == [isp.public_id]
    assert subjects(built, Section.CRIMINAL) == [court.public_id]
    assert subjects(built, Section.ADDED) == [item.public_id]
    # Each participant once: the new diversion and the overdue case are not repeated as updates.
    updates = subjects(built, Section.UPDATE)
    assert new_case.public_id not in updates and late.case.public_id not in updates
    assert discussed.referral.public_id not in subjects(built, Section.NEW_DIVERSION) and discussed.public_id in updates
    assert late.case.referral.public_id not in subjects(built, Section.NEW_DIVERSION)
    assert built.capacity["open_cases"] >= 3


def services_close(case, reason):
    from cases.services.casefile import case_close

    case_close(case=case, by=case.case_manager, reason=reason, note="", now=timezone.now())


def test_a_former_participants_pending_criminal_case_is_heard_once_a_current_ones_at_every_meeting(
    personas, members, last_meeting, next_meeting
):
    director, now = personas[Role.DIRECTOR], timezone.now()
    current = discussed_case(last_meeting, last_name="Current", now=now)
    former = discussed_case(last_meeting, last_name="Former", now=now)
    services_close(former, "completed")
    earlier = now - datetime.timedelta(days=30)  # before the last meeting
    current_old = criminal_case(participant=current.participant, now=earlier, case_number="24-1")
    former_old = criminal_case(participant=former.participant, now=earlier, case_number="24-2")
    former_new = criminal_case(participant=former.participant, now=now, case_number="24-3")

    built = agenda.build(next_meeting, director, now)
    assert set(subjects(built, Section.CRIMINAL)) == {current_old.public_id, former_new.public_id}
    assert former_old.public_id not in subjects(built, Section.CRIMINAL)  # still on the prosecutor's list
    assert agenda.item(next_meeting, Section.CRIMINAL, former_old.public_id, director, now) is None


def test_an_item_not_reached_carries_over_to_the_next_meeting(personas, members):
    director = personas[Role.DIRECTOR]
    first = meeting(members=members, starts_at=timezone.now() + datetime.timedelta(hours=1))
    second = meeting(members=members, starts_at=timezone.now() + datetime.timedelta(days=14))
    referral = social_referral(by=personas[Role.OFFICER])
    built = agenda.build(first, director, timezone.now())
    meetings.meeting_finish(meeting=first, by=director, undecided=built.undecided, notes="", now=first.starts_at)
    later = agenda.build(second, director, timezone.now() + datetime.timedelta(days=14))
    entry = later.find(Section.SOCIAL, referral.public_id)
    assert entry is not None and entry.carried
    first.refresh_from_db()
    assert first.carried_over == 1 and first.status == "held"
    assert agenda.build(first, director, timezone.now()).undecided == 0  # the minutes hold decisions only


# Decisions act on the case ---------------------------------------------------------------------


def test_approving_a_social_referral_opens_the_case_and_gives_the_referrer_the_outreach(personas, next_meeting):
    director, officer, manager = personas[Role.DIRECTOR], personas[Role.OFFICER], personas[Role.CASE_MANAGER]
    referral = social_referral(by=officer)
    entry = agenda.build(next_meeting, director, timezone.now()).find(Section.SOCIAL, referral.public_id)
    response = decide(
        signed_in_client(director),
        next_meeting,
        entry,
        outcome="approve",
        proposed_by=officer.pk,
        rationale="Room in the program.",
        case_manager=manager.pk,
        action="Meet at the library on Monday.",
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.APPROVED and referral.case.case_manager == manager
    decision = Decision.objects.get(referral=referral)
    assert (decision.outcome, decision.proposed_by, decision.action_by) == ("approve", officer, officer)
    assert "Meet at the library on Monday." in signed_in_client(officer).get(reverse("home")).content.decode()
    # The new case is not listed again as an update at the same meeting.
    assert agenda.build(next_meeting, director, timezone.now()).undecided == 0


def test_a_decision_is_recorded_only_once_its_confirmation_said_what_it_does(personas, next_meeting):
    director, officer, manager = personas[Role.DIRECTOR], personas[Role.OFFICER], personas[Role.CASE_MANAGER]
    referral = social_referral(by=officer)
    entry = agenda.build(next_meeting, director, timezone.now()).find(Section.SOCIAL, referral.public_id)
    typed = {
        "outcome": "approve",
        "proposed_by": officer.pk,
        "rationale": "Room in the program.",
        "case_manager": manager.pk,
        "action": "Meet at the library on Monday.",
    }
    client = signed_in_client(director)
    url = reverse("owg:decide", args=[next_meeting.public_id, entry.section, entry.subject_id])
    page = client.post(url, typed).content.decode()
    assert not Decision.objects.exists()
    assert "Record “Approve the referral”?" in page
    assert f"a case opens with {manager.get_full_name()} as case manager, who is told" in page
    assert f"proposed by {officer.get_full_name()}" in page and "cannot be changed" in page
    assert f"{officer.get_full_name()} is told of the follow-up action." in page
    # "Change what I entered" shows the form again with what was typed; nothing is recorded.
    page = client.post(url, typed | {"confirmed": "no"}).content.decode()
    assert "Meet at the library on Monday." in page and not Decision.objects.exists()
    assert client.post(url, typed | {"confirmed": "yes"}).status_code == 302
    assert Decision.objects.get(referral=referral).outcome == "approve"


def test_referring_a_charge_for_filing_names_the_office_before_it_is_told(personas, next_meeting):
    director = personas[Role.DIRECTOR]
    determination = overdue(open_case(case_manager=personas[Role.CASE_MANAGER]))
    entry = agenda.build(next_meeting, director, timezone.now()).find(Section.DEADLINE, determination.public_id)
    url = reverse("owg:decide", args=[next_meeting.public_id, entry.section, entry.subject_id])
    page = signed_in_client(director).post(
        url, {"outcome": "file", "proposed_by": director.pk, "rationale": "No contact for 60 days."}
    )
    assert "referred for filing to the prosecuting office (none is set: the decision will be refused)" in (
        page.content.decode()
    )
    police = determination.case.referral.agency
    police.prosecuting_office = personas[Role.PROSECUTOR].agency
    police.save()
    page = signed_in_client(director).post(
        url, {"outcome": "file", "proposed_by": director.pk, "rationale": "No contact for 60 days."}
    )
    text = page.content.decode()
    assert "Record “Refer the original charge for filing”?" in text
    assert escape(f"referred for filing to {police.prosecuting_office.name}, whose prosecutors are told") in text
    assert not Decision.objects.exists()


def test_a_decision_form_with_a_mistake_keeps_what_was_typed(personas, next_meeting):
    director = personas[Role.DIRECTOR]
    referral = social_referral(by=personas[Role.OFFICER])
    entry = agenda.build(next_meeting, director, timezone.now()).find(Section.SOCIAL, referral.public_id)
    page = decide(
        signed_in_client(director),
        next_meeting,
        entry,
        outcome="approve",
        proposed_by=director.pk,
        rationale="Room in the program.",
    ).content.decode()
    assert "Choose the case manager who takes the case." in page and "Room in the program." in page
    assert not Decision.objects.exists()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PENDING


def test_an_extension_moves_the_due_date_and_answers_the_overdue_question(personas, next_meeting):
    director = personas[Role.DIRECTOR]
    determination = overdue(open_case(case_manager=personas[Role.CASE_MANAGER]))
    entry = agenda.build(next_meeting, director, timezone.now()).find(Section.DEADLINE, determination.public_id)
    new_due = timezone.localdate() + datetime.timedelta(days=21)
    decide(
        signed_in_client(director),
        next_meeting,
        entry,
        outcome="extend",
        proposed_by=personas[Role.CASE_MANAGER].pk,
        rationale="Reached last week.",
        new_due_on=new_due.isoformat(),
        action="Daily visits at the shelter.",
    )
    case = Case.objects.get(pk=determination.case.pk)
    determination.refresh_from_db()
    assert case.assessment_due_on == new_due and determination.status == "decided"
    assert Decision.objects.get().action_by == personas[Role.CASE_MANAGER]
    # Decided: not listed again at this meeting as an extension running out or an update.
    same = agenda.build(next_meeting, director, timezone.now())
    assert [e.case.pk for e in same.entries() if e.case] == [case.pk] and same.undecided == 0
    # The deadline sweep follows the decision: no new overdue question, reminders count from the new date.
    from cases.deadlines import sweep

    sweep(now=timezone.now())
    assert not Determination.objects.filter(status="pending").exists()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=14)):
        sweep(now=timezone.now())
        assert Notification.objects.filter(user=case.case_manager, subject="An assessment is due in 7 days").exists()
    # The next agenda lists the extension while it runs out before the meeting after.
    later = meeting(members=[director], starts_at=timezone.now() + datetime.timedelta(days=10))
    meetings.meeting_finish(meeting=next_meeting, by=director, undecided=0, notes="", now=next_meeting.starts_at)
    assert case.public_id in subjects(agenda.build(later, director, timezone.now()), Section.DEADLINE)


def test_referring_the_charge_for_filing_goes_to_the_prosecutor_who_decides(personas, next_meeting):
    director, prosecutor = personas[Role.DIRECTOR], personas[Role.PROSECUTOR]
    police = AgencyFactory(prosecuting_office=prosecutor.agency, diversion_stage=Agency.DiversionStage.PRE_BOOKING)
    case = open_case(arrest_referral(agency=police))
    determination = overdue(case)
    entry = agenda.build(next_meeting, director, timezone.now()).find(Section.DEADLINE, determination.public_id)
    decide(
        signed_in_client(director),
        next_meeting,
        entry,
        outcome="file",
        proposed_by=prosecutor.pk,
        rationale="No contact for 30 days.",
    )
    filing = ChargeFiling.objects.get()
    assert filing.office == prosecutor.agency and filing.status == "pending"
    assert Notification.objects.filter(user=prosecutor, subject__contains="filing").exists()
    assert "Charges the OWG referred for filing" in signed_in_client(prosecutor).get(reverse("home")).content.decode()
    criminal.filing_decide(
        filing=filing, by=prosecutor, status="filed", reason="As agreed at the OWG.", now=timezone.now()
    )
    assert ChargingHold.objects.get(referral=case.referral).status == ChargingHold.Status.RELEASED


def test_closing_a_case_at_the_meeting(personas, next_meeting):
    director = personas[Role.DIRECTOR]
    case = open_case(arrest_referral())
    entry = agenda.build(next_meeting, director, timezone.now()).find(Section.NEW_DIVERSION, case.referral.public_id)
    decide(
        signed_in_client(director),
        next_meeting,
        entry,
        outcome="close",
        proposed_by=director.pk,
        rationale="Moved out of state.",
    )
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.closed_reason == Case.Closing.OWG


def test_two_decisions_on_one_item_record_one(personas, next_meeting):
    director = personas[Role.DIRECTOR]
    item = added_item(by=director)
    entry = agenda.build(next_meeting, director, timezone.now()).find(Section.ADDED, item.public_id)
    kwargs = {
        "meeting": next_meeting,
        "entry": entry,
        "by": director,
        "outcome": "continue",
        "proposed_by": director,
        "rationale": "Noted.",
        "now": timezone.now(),
    }
    meetings.decision_record(**kwargs)
    with pytest.raises(Conflict):
        meetings.decision_record(**kwargs)
    assert Decision.objects.count() == 1


# Who sees what ------------------------------------------------------------------------------------


def test_a_member_who_does_not_chair_may_read_but_not_decide(personas, next_meeting):
    officer = personas[Role.OFFICER]
    item = added_item(by=officer)
    client = signed_in_client(officer)
    assert client.get(reverse("owg:meeting", args=[next_meeting.public_id])).status_code == 200
    assert client.get(reverse("owg:decide", args=[next_meeting.public_id, 7, item.public_id])).status_code == 403
    next_meeting.recorder = officer
    next_meeting.save()
    assert client.get(reverse("owg:decide", args=[next_meeting.public_id, 7, item.public_id])).status_code == 200


def test_someone_not_invited_gets_404_and_every_view_is_logged(personas, next_meeting, outsider):
    assert signed_in_client(outsider).get(reverse("owg:meeting", args=[next_meeting.public_id])).status_code == 404
    signed_in_client(personas[Role.DEFENDER]).get(reverse("owg:meeting", args=[next_meeting.public_id]))
    events = AccessEvent.objects.filter(object_id=str(next_meeting.public_id))
    assert {(e.username, e.outcome) for e in events} >= {("defender", "allowed")}
    assert AccessEvent.objects.filter(username="outsider", outcome="denied").exists()


def test_progress_reaches_police_and_prosecutors_only_with_a_valid_release(personas, next_meeting):
    officer, prosecutor = personas[Role.OFFICER], personas[Role.PROSECUTOR]
    case = open_case(arrest_referral(agency=officer.agency))
    ProgressSummary.objects.create(
        case=case,
        engagement="engaged",
        note="Comes to every appointment.",
        written_at=timezone.now(),
        written_by=case.case_manager,
    )
    url = reverse("owg:meeting", args=[next_meeting.public_id])
    for member in (officer, prosecutor):
        page = signed_in_client(member).get(url).content.decode()
        assert "Comes to every appointment." not in page and "No release on file — status only." in page
    roi = release_of_information(case)
    assert "Comes to every appointment." in signed_in_client(prosecutor).get(url).content.decode()
    roi.revoked_at = timezone.now()
    roi.save()
    assert "Comes to every appointment." not in signed_in_client(prosecutor).get(url).content.decode()


def test_the_agenda_never_shows_clinical_text_to_police_prosecutors_or_defenders(personas, next_meeting):
    from tests.cases.test_casefile import plant_clinical_text

    case = open_case(arrest_referral(agency=personas[Role.OFFICER].agency))
    plant_clinical_text(case)
    release_of_information(case)
    added_item(by=personas[Role.DIRECTOR], case=case)
    url = reverse("owg:meeting", args=[next_meeting.public_id])
    for role in (Role.OFFICER, Role.PROSECUTOR, Role.DEFENDER):
        page = signed_in_client(personas[role]).get(url).content.decode()
        assert case.participant.full_name in page
        assert "CLINICAL-" not in page


# Minutes and actions -------------------------------------------------------------------------------


def test_the_minutes_show_attendance_decisions_and_what_carried_over(personas, members, next_meeting):
    director = personas[Role.DIRECTOR]
    client = signed_in_client(director)
    client.post(
        reverse("owg:attendance", args=[next_meeting.public_id]), {"present": [director.pk, personas[Role.OFFICER].pk]}
    )
    item = added_item(by=director, title="New shelter beds")
    added_item(by=director, title="Not reached today")
    entry = agenda.build(next_meeting, director, timezone.now()).find(Section.ADDED, item.public_id)
    decide(client, next_meeting, entry, outcome="continue", proposed_by=director.pk, rationale="Beds open in March.")
    started(next_meeting)
    finish = reverse("owg:finish", args=[next_meeting.public_id])
    client.post(finish, {"notes": "Next time: training dates.", "confirmed": "yes"})
    minutes = (
        signed_in_client(personas[Role.DEFENDER])
        .get(reverse("owg:meeting", args=[next_meeting.public_id]))
        .content.decode()
    )
    assert "minutes" in minutes and "Beds open in March." in minutes and "Next time: training dates." in minutes
    assert escape(f"{personas[Role.OFFICER].get_full_name()}, {personas[Role.OFFICER].agency.name}: present") in minutes
    assert (
        escape(f"{personas[Role.DEFENDER].get_full_name()}, {personas[Role.DEFENDER].agency.name}: absent") in minutes
    )
    assert "1 item not reached carried over" in minutes
    assert "Not reached today" not in minutes


def test_a_member_marks_their_action_done(personas, next_meeting):
    from tests.factories import decision

    manager = personas[Role.CASE_MANAGER]
    action = decision(by=personas[Role.DIRECTOR], meeting_of=next_meeting, action="Call the shelter", action_by=manager)
    client = signed_in_client(manager)
    assert "Call the shelter" in client.get(reverse("home")).content.decode()
    client.post(reverse("owg:action-done", args=[action.public_id]))
    assert "Call the shelter" not in client.get(reverse("home")).content.decode()


# Section 6: in full what changed or was flagged, the rest in one compact table ----------------------


def discussed_case(last, *, last_name, opened_days_ago=20, now=None):
    """An active participant the OWG discussed at `last` (so not a new diversion), in the program
    since before it, reached two days ago: nothing new since that meeting."""
    now = now or timezone.now()
    opened = now - datetime.timedelta(days=opened_days_ago)
    case = open_case(arrest_referral(last_name=last_name, now=opened), now=opened)
    director = last.members.get(groups__name=Role.DIRECTOR.label)
    Decision.objects.create(
        meeting=last,
        section=Section.NEW_DIVERSION,
        subject=f"referral:{case.referral.public_id}",
        referral=case.referral,
        case=case,
        title="t",
        outcome="continue",
        proposed_by=director,
        rationale="r",
        recorded_by=director,
        recorded_at=last.starts_at,
    )
    Case.objects.filter(pk=case.pk).update(last_reached_at=now - datetime.timedelta(days=2))
    case.refresh_from_db()
    return case


@pytest.fixture
def last_meeting(members):
    return meeting(members=members, status="held", starts_at=timezone.now() - datetime.timedelta(days=14))


def compact_ids(built):
    return [row.case_id for row in built.unchanged]


def test_a_participant_who_changed_is_in_full_and_one_who_did_not_is_a_compact_row(
    personas, members, last_meeting, next_meeting
):
    director, now = personas[Role.DIRECTOR], timezone.now()
    steady = discussed_case(last_meeting, last_name="Steady", now=now)
    assessed = discussed_case(last_meeting, last_name="Assessed", now=now)
    completed_assessment(assessed, now=now - datetime.timedelta(days=3))
    lost = discussed_case(last_meeting, last_name="Lost", now=now)
    Case.objects.filter(pk=lost.pk).update(last_reached_at=now - datetime.timedelta(days=20))  # reached before
    gone_long = discussed_case(last_meeting, last_name="Gone", opened_days_ago=90, now=now)
    Case.objects.filter(pk=gone_long.pk).update(last_reached_at=now - datetime.timedelta(days=60))  # lost long ago
    charged = discussed_case(last_meeting, last_name="Charged", now=now)
    criminal_case(participant=charged.participant)

    built = agenda.build(next_meeting, director, now)
    in_full = {e.case.pk: e.changes for e in {n: es for n, _, es in built.sections}[Section.UPDATE]}
    assert in_full == {
        assessed.pk: ["Consent signed", "Assessment completed"],
        lost.pk: ["In the wind since the last meeting"],
        charged.pk: ["New criminal case"],
    }
    assert compact_ids(built) == [gone_long.public_id, steady.public_id]  # by name
    row = built.unchanged[1]
    assert (row.name, row.days_in_program, row.next_step) == (
        "Jordan Steady",
        20,
        steady.get_status_display() + f" (due {agenda.day_label(steady.assessment_due_on)})",
    )

    page = signed_in_client(director).get(reverse("owg:meeting", args=[next_meeting.public_id])).content.decode()
    assert f'id="item-6-{assessed.public_id}"' in page and "Assessment completed" in page
    assert f'id="item-6-{steady.public_id}"' not in page
    assert f'name="flag" value="{steady.public_id}"' in page  # its compact row, with its flag button
    assert "2 other active participants: no change since the last meeting" in page


def test_a_new_progress_summary_puts_a_participant_in_full_only_for_members_it_is_shared_with(
    personas, last_meeting, next_meeting
):
    """The summary itself is consent-gated: a member the release does not cover sees the
    participant in the compact table, like any other without news (and never the summary)."""
    now = timezone.now()
    shared = discussed_case(last_meeting, last_name="Shared")
    release_of_information(shared)
    ProgressSummary.objects.create(
        case=shared, engagement="engaged", note="Comes every week.", written_at=now, written_by=shared.case_manager
    )
    ProgressSummary.objects.create(  # before the last meeting: old news
        case=discussed_case(last_meeting, last_name="Old"),
        engagement="engaged",
        note="Came once.",
        written_at=now - datetime.timedelta(days=20),
        written_by=shared.case_manager,
    )
    director, outsider_member = personas[Role.DIRECTOR], personas[Role.DEFENDER]
    with_release = agenda.build(next_meeting, director, now)
    assert with_release.find(Section.UPDATE, shared.public_id).changes == ["New progress summary"]
    assert with_release.find(Section.UPDATE, shared.public_id).progress.note == "Comes every week."
    ReleaseOfInformation = type(shared.releases.first())
    ReleaseOfInformation.objects.filter(case=shared).update(revoked_at=now - datetime.timedelta(minutes=1))
    without = agenda.build(next_meeting, outsider_member, now)
    assert without.find(Section.UPDATE, shared.public_id) is None
    assert shared.public_id in compact_ids(without)
    page = signed_in_client(outsider_member).get(reverse("owg:meeting", args=[next_meeting.public_id]))
    assert "Comes every week." not in page.content.decode()


def test_a_member_flags_a_participant_into_the_full_list_and_removes_the_flag(
    personas, members, last_meeting, next_meeting, outsider
):
    officer, director, now = personas[Role.OFFICER], personas[Role.DIRECTOR], timezone.now()
    steady = discussed_case(last_meeting, last_name="Steady")
    url = reverse("owg:flag", args=[next_meeting.public_id])
    client = signed_in_client(officer)
    response = client.post(url, {"flag": str(steady.public_id)})
    assert response.status_code == 302 and response["Location"].endswith("#section-6")
    entry = agenda.build(next_meeting, director, now).find(Section.UPDATE, steady.public_id)
    assert entry.flag.flagged_by == officer and entry.changes == []
    page = client.get(reverse("owg:meeting", args=[next_meeting.public_id])).content.decode()
    assert f'id="item-6-{steady.public_id}"' in page and f"By {officer.get_full_name()}" in page
    assert f'name="flag" value="{steady.public_id}"' not in page
    client.post(url, {"flag": str(steady.public_id)})  # twice: still one flag
    assert Flag.objects.filter(case=steady).count() == 1
    assert Flag.history.get().history_user == officer

    signed_in_client(personas[Role.PROSECUTOR]).post(url, {"unflag": str(steady.public_id)})
    assert agenda.build(next_meeting, director, now).find(Section.UPDATE, steady.public_id) is None
    assert steady.public_id in compact_ids(agenda.build(next_meeting, director, now))
    removed = Flag.history.filter(history_type="-").get()
    assert removed.history_user == personas[Role.PROSECUTOR] and removed.flagged_by == officer

    # Not invited: 404, as for a missing meeting; a closed or unknown participant: 404 too.
    assert signed_in_client(outsider).post(url, {"flag": str(steady.public_id)}).status_code == 404
    assert client.post(url, {"flag": "not-a-uuid"}).status_code == 404
    services_close(steady, reason=Case.Closing.COMPLETED)
    assert client.post(url, {"flag": str(steady.public_id)}).status_code == 404
    assert not Flag.objects.exists()
    assert client.post(url, {}).status_code == 302  # nothing chosen: back to the agenda, with a message


def test_a_flag_holds_until_a_meeting_is_held_even_across_a_cancelled_one(personas, members, last_meeting):
    director, now = personas[Role.DIRECTOR], timezone.now()
    steady = discussed_case(last_meeting, last_name="Steady")
    first = meeting(members=members, starts_at=now + datetime.timedelta(days=1))
    second = meeting(members=members, starts_at=now + datetime.timedelta(days=15))
    third = meeting(members=members, starts_at=now + datetime.timedelta(days=29))
    meetings.participant_flag(meeting=first, case=steady, by=director, now=now)
    Meeting.objects.filter(pk=first.pk).update(status=Meeting.Status.CANCELLED)
    assert agenda.build(second, director, now).find(Section.UPDATE, steady.public_id).flag is not None
    meetings.meeting_finish(meeting=second, by=director, undecided=0, notes="", now=second.starts_at)
    assert steady.public_id in compact_ids(agenda.build(third, director, now))


def test_the_printed_agenda_has_every_participant_in_full(personas, last_meeting, next_meeting):
    director = personas[Role.DIRECTOR]
    steady = discussed_case(last_meeting, last_name="Steady")
    client = signed_in_client(director)
    url = reverse("owg:meeting", args=[next_meeting.public_id])
    page = client.get(url).content.decode()
    assert f'id="item-6-{steady.public_id}"' not in page and 'href="?print=1"' in page
    printed = client.get(url + "?print=1").content.decode()
    assert f'id="item-6-{steady.public_id}"' in printed
    assert "no change since the last meeting" not in printed and 'name="flag"' not in printed


def test_the_agenda_page_runs_the_same_queries_however_many_participants_are_unchanged(
    personas, last_meeting, next_meeting
):
    director = personas[Role.DIRECTOR]
    case = discussed_case(last_meeting, last_name="Steady")
    meetings.participant_flag(meeting=next_meeting, case=case, by=director, now=timezone.now())
    quiet = discussed_case(last_meeting, last_name="Quiet")
    client = signed_in_client(director)
    url = reverse("owg:meeting", args=[next_meeting.public_id])
    client.get(url)

    def unchanged_bulk(count):
        """`count` more like `quiet`, as social contact referrals (no new diversions to decide on)."""
        active_cases(count, quiet)
        bulk = Case.objects.filter(participant__last_name__startswith="Bulk")
        bulk.update(opened_at=quiet.opened_at, last_reached_at=quiet.last_reached_at)
        Referral.objects.filter(case__in=bulk).update(kind=Referral.Kind.SOCIAL_CONTACT)

    unchanged_bulk(5)
    few = queries_to_get(client, url)
    unchanged_bulk(200)
    assert queries_to_get(client, url) == few
    page = client.get(url).content.decode()
    assert page.count('name="flag" value=') == 206 and f'id="item-6-{case.public_id}"' in page


# Speed ------------------------------------------------------------------------------------------------


def active_cases(count: int, case: Case) -> None:
    """`count` more active cases like `case`, inserted in bulk (a thousand through the services
    would take minutes)."""
    from cases.models import Participant

    participants = Participant.objects.bulk_create(
        [Participant(first_name="P", last_name=f"Bulk{n:04}", created_by=case.case_manager) for n in range(count)]
    )
    referral = case.referral
    referrals = Referral.objects.bulk_create(
        [
            Referral(
                reference=bulk_reference(),
                kind=referral.kind,
                status=referral.status,
                participant=p,
                agency=referral.agency,
                referred_by=referral.referred_by,
                created_at=referral.created_at,
            )
            for p in participants
        ]
    )
    Case.objects.bulk_create(
        [
            Case(
                participant=r.participant,
                referral=r,
                provider=case.provider,
                case_manager=case.case_manager,
                status=case.status,
                opened_at=case.opened_at,
                assessment_due_on=case.assessment_due_on,
                assessment_due_at=case.assessment_due_at,
            )
            for r in referrals
        ]
    )


def test_building_the_agenda_runs_the_same_queries_for_10_and_1000_active_participants(personas, next_meeting):
    director, prosecutor = personas[Role.DIRECTOR], personas[Role.PROSECUTOR]
    on_call(personas[Role.CASE_MANAGER])
    case = open_case(arrest_referral())
    release_of_information(case)
    social_referral(by=personas[Role.OFFICER])
    overdue(open_case(arrest_referral()))
    criminal_case(participant=case.participant)
    added_item(by=director, case=case)
    active_cases(8, case)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            built = agenda.build(next_meeting, prosecutor, timezone.now())
        return len(captured), sum(len(entries) for _, _, entries in built.sections)

    queries()  # the site's settings row is created on first use
    ten, items = queries()
    active_cases(990, case)
    thousand, more_items = queries()
    assert more_items == items + 990
    assert thousand == ten


def test_the_agenda_page_runs_the_same_queries_for_few_and_many_participants(personas, next_meeting):
    director = personas[Role.DIRECTOR]
    case = open_case(arrest_referral())
    release_of_information(case)
    criminal_case(participant=case.participant)
    item = added_item(by=director, case=case)
    entry = agenda.build(next_meeting, director, timezone.now()).find(Section.ADDED, item.public_id)
    meetings.decision_record(
        meeting=next_meeting,
        entry=entry,
        by=director,
        outcome="continue",
        proposed_by=director,
        rationale="Noted.",
        action="Call the shelter",
        action_by=director,
        now=timezone.now(),
    )
    client = signed_in_client(director)
    url = reverse("owg:meeting", args=[next_meeting.public_id])
    client.get(url)

    def queries():
        return queries_to_get(client, url)

    few = queries()
    active_cases(40, case)
    assert queries() == few


def test_the_item_a_decision_is_recorded_on_is_the_one_the_agenda_lists(personas, members):
    """The decide page finds its one item (agenda.item) exactly as the agenda shows it, in every
    section, and finds nothing the agenda does not list under that heading."""
    officer, director, prosecutor = personas[Role.OFFICER], personas[Role.DIRECTOR], personas[Role.PROSECUTOR]
    now = timezone.now()
    last = meeting(members=members, status="held", starts_at=now - datetime.timedelta(days=14))
    next_meeting = meeting(members=members)
    new_case = open_case(arrest_referral(officer=officer))
    release_of_information(new_case)
    ProgressSummary.objects.create(
        case=new_case, engagement="engaged", note="Comes.", written_at=now, written_by=new_case.case_manager
    )
    social = social_referral(by=officer)
    Referral.objects.filter(pk=social.pk).update(created_at=now - datetime.timedelta(days=20))  # carried over
    late = overdue(open_case(arrest_referral(last_name="Late")))
    quitter = open_case(arrest_referral(last_name="Quit"))
    services_close(quitter, reason=Case.Closing.ISP_NOT_COMPLETED)
    criminal_case(participant=new_case.participant)
    item = added_item(by=officer)
    discussed = open_case(arrest_referral(last_name="Steady"))
    extended = open_case(arrest_referral(last_name="Extended"))
    Case.objects.filter(pk=extended.pk).update(assessment_due_at=now + datetime.timedelta(days=5))
    for case, section, outcome in (
        (discussed, Section.NEW_DIVERSION, "continue"),
        (extended, Section.DEADLINE, "extend"),
    ):
        Decision.objects.create(
            meeting=last,
            section=section,
            subject=f"referral:{case.referral.public_id}",
            referral=case.referral,
            case=case,
            title="t",
            outcome=outcome,
            proposed_by=director,
            rationale="r",
            recorded_by=director,
            recorded_at=now,
        )
    quiet = discussed_case(last, last_name="Quiet")  # nothing new: a compact row, not an item
    flagged = discussed_case(last, last_name="Flagged")
    meetings.participant_flag(meeting=next_meeting, case=flagged, by=officer, now=now)
    decided = open_case(arrest_referral(last_name="Decided"))
    now = timezone.now()
    meetings.decision_record(
        meeting=next_meeting,
        entry=agenda.item(next_meeting, Section.NEW_DIVERSION, decided.referral.public_id, director, now),
        by=director,
        outcome="continue",
        proposed_by=director,
        rationale="Noted.",
        now=now,
    )
    for viewer in (director, prosecutor):
        built = agenda.build(next_meeting, viewer, now)
        assert all(entries for _, _, entries in built.sections)  # an item in every section
        for entry in built.entries():
            assert agenda.item(next_meeting, entry.section, entry.subject_id, viewer, now) == entry
    listed = agenda.build(next_meeting, director, now)
    assert (
        listed.find(Section.SOCIAL, social.public_id).carried and listed.find(Section.DEADLINE, late.public_id).overdue
    )
    assert listed.find(Section.NEW_DIVERSION, new_case.referral.public_id).progress.note == "Comes."
    assert listed.find(Section.DEADLINE, extended.public_id) is not None
    assert listed.find(Section.NEW_DIVERSION, decided.referral.public_id).decision is not None
    assert listed.find(Section.UPDATE, flagged.public_id).flag.flagged_by == officer
    assert quiet.public_id in compact_ids(listed)
    # Not listed there: decided on at this meeting, listed under another heading, or no such item.
    for section, subject_id in (
        (Section.UPDATE, decided.public_id),
        (Section.UPDATE, new_case.public_id),
        (Section.UPDATE, late.case.public_id),
        (Section.UPDATE, quiet.public_id),
        (Section.NEW_DIVERSION, extended.referral.public_id),
        (Section.SOCIAL, item.public_id),
        (Section.CRIMINAL, new_case.public_id),
        (Section.ADDED, uuid.uuid4()),
    ):
        assert listed.find(section, subject_id) is None
        assert agenda.item(next_meeting, section, subject_id, director, now) is None
    # A held meeting's items are its decisions.
    minutes = agenda.build(last, director, now)
    assert agenda.item(last, Section.NEW_DIVERSION, discussed.referral.public_id, director, now) == minutes.find(
        Section.NEW_DIVERSION, discussed.referral.public_id
    )
    assert agenda.item(last, Section.SOCIAL, social.public_id, director, now) is None


def test_recording_a_decision_reads_its_one_item_however_many_participants_are_active(personas, next_meeting):
    """The decide page runs the same queries, and loads the same cases, for 3 and 30 active
    participants: it looks up the item decided on, not the whole agenda."""
    director = personas[Role.DIRECTOR]
    case = open_case(arrest_referral())
    release_of_information(case)
    social = social_referral(by=personas[Role.OFFICER])
    items = [added_item(by=director), added_item(by=director)]
    active_cases(2, case)
    client = signed_in_client(director)
    loaded = []
    post_init.connect(lambda **kwargs: loaded.append(1), sender=Case, weak=False, dispatch_uid="cases-loaded")

    def url(section, subject_id):
        return reverse("owg:decide", args=[next_meeting.public_id, section, subject_id])

    def queries(item):
        loaded.clear()
        shown = [
            queries_to_get(client, url(Section.NEW_DIVERSION, case.referral.public_id)),
            queries_to_get(client, url(Section.SOCIAL, social.public_id)),
            queries_to_get(client, url(Section.ADDED, item.public_id)),
        ]
        with CaptureQueriesContext(connection) as captured:
            response = client.post(
                url(Section.ADDED, item.public_id),
                {"outcome": "continue", "proposed_by": director.pk, "rationale": "Noted.", "confirmed": "yes"},
            )
        assert response.status_code == 302 and Decision.objects.filter(subject=f"item:{item.public_id}").exists()
        return shown, len(captured), len(loaded)

    try:
        assert Case.objects.open().count() == 3
        client.get(url(Section.ADDED, items[0].public_id))  # the site's settings row is created on first use
        few = queries(items[0])
        active_cases(27, case)
        assert Case.objects.open().count() == 30
        assert queries(items[1]) == few
    finally:
        post_init.disconnect(sender=Case, dispatch_uid="cases-loaded")
    assert "room for" in client.get(url(Section.SOCIAL, social.public_id)).content.decode()  # the program's capacity


def test_the_periodic_planner_is_on_the_beat_and_plans_the_cadence(personas, members):
    from django.conf import settings

    from owg.tasks import owg_meetings_plan

    assert settings.CELERY_BEAT_SCHEDULE["owg-meetings-plan"]["task"] == "owg.tasks.owg_meetings_plan"
    workgroup = Workgroup.current()
    workgroup.next_on = timezone.localdate() + datetime.timedelta(days=1)
    workgroup.save()
    workgroup.members.set(members)
    assert owg_meetings_plan() == 3
    assert owg_meetings_plan() == 0
    assert set(Meeting.objects.first().members.all()) == set(members)


def test_decisions_are_recorded_only_on_the_next_meeting(personas, next_meeting):
    director = personas[Role.DIRECTOR]
    later = meeting(members=[director], starts_at=timezone.now() + datetime.timedelta(days=14))
    item = added_item(by=director)
    response = signed_in_client(director).get(reverse("owg:decide", args=[later.public_id, 7, item.public_id]))
    assert response.status_code == 302 and response["Location"] == reverse("owg:meeting", args=[later.public_id])


def test_a_cancelled_meeting_hands_its_agenda_to_the_next(personas, next_meeting):
    director = personas[Role.DIRECTOR]
    later = meeting(members=[director], starts_at=timezone.now() + datetime.timedelta(days=14))
    signed_in_client(director).post(
        reverse("owg:meeting-edit", args=[next_meeting.public_id]),
        {
            "starts_at": timezone.localtime(next_meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "place": "",
            "cancelled": "on",
            "revision": next_meeting.revision,
        },
    )
    next_meeting.refresh_from_db()
    assert next_meeting.status == "cancelled" and agenda.next_meeting() == later


def test_the_meeting_list_runs_the_same_queries_for_one_and_many_meetings(personas, members):
    director = personas[Role.DIRECTOR]
    client = signed_in_client(director)
    meeting(members=members, status="held", starts_at=timezone.now() - datetime.timedelta(days=14))
    client.get(reverse("owg:meetings"))

    def queries():
        return queries_to_get(client, reverse("owg:meetings"))

    one = queries()
    for n in range(2, 30):
        meeting(
            members=members,
            status="held" if n % 2 else "scheduled",
            starts_at=timezone.now() + datetime.timedelta(days=n * (1 if n % 2 == 0 else -1)),
        )
    assert queries() == one


# Guards and the confirmation step of closing a meeting -------------------------------------------

DEC_1 = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


def test_a_meeting_cannot_be_closed_before_it_starts(personas, members):
    director = personas[Role.DIRECTOR]
    december_14 = meeting(members=members, starts_at=DEC_1 + datetime.timedelta(days=13), now=DEC_1)
    with pytest.raises(Conflict, match="can be closed once it has started"):
        meetings.meeting_finish(meeting=december_14, by=director, undecided=0, notes="", now=DEC_1)
    december_14.refresh_from_db()
    assert december_14.status == "scheduled"
    assert not Notification.objects.filter(subject="Minutes of the OWG meeting").exists()
    meetings.meeting_finish(meeting=december_14, by=director, undecided=0, notes="", now=december_14.starts_at)
    december_14.refresh_from_db()
    assert december_14.status == "held"


def test_the_close_button_before_the_meeting_starts_says_why_and_closes_nothing(personas, next_meeting):
    client = signed_in_client(personas[Role.DIRECTOR])
    response = client.post(
        reverse("owg:finish", args=[next_meeting.public_id]), {"notes": "", "confirmed": "yes"}, follow=True
    )
    assert "it can be closed once it has started" in response.content.decode()
    next_meeting.refresh_from_db()
    assert next_meeting.status == "scheduled"


def test_closing_a_meeting_first_says_who_gets_the_minutes_then_closes_once(personas, members, next_meeting):
    director = personas[Role.DIRECTOR]
    client = signed_in_client(director)
    started(next_meeting)
    url = reverse("owg:finish", args=[next_meeting.public_id])
    asked = client.post(url, {"notes": "Training dates next time."})
    page = asked.content.decode()
    assert asked.status_code == 200
    assert "The minutes are published and sent to 5 members" in page
    assert escape(personas[Role.DEFENDER].get_full_name()) in page
    assert 'name="notes" value="Training dates next time."' in page  # carried to the "Yes"
    assert "Yes, close the meeting and send the minutes" in page
    next_meeting.refresh_from_db()
    assert next_meeting.status == "scheduled"
    assert not Notification.objects.filter(subject="Minutes of the OWG meeting").exists()

    client.post(url, {"notes": "Training dates next time.", "confirmed": "yes"})
    again = client.post(url, {"notes": "Training dates next time.", "confirmed": "yes"}, follow=True)
    next_meeting.refresh_from_db()
    assert next_meeting.status == "held" and next_meeting.notes == "Training dates next time."
    assert Notification.objects.filter(subject="Minutes of the OWG meeting").count() == 5
    assert "Only the next meeting can be closed." in again.content.decode()  # the second click does nothing


def test_a_decision_is_proposed_only_by_a_member_recorded_present(personas, members):
    director, defender = personas[Role.DIRECTOR], personas[Role.DEFENDER]
    m = meeting(members=members, present=[director])
    item = added_item(by=director)
    entry = agenda.build(m, director, timezone.now()).find(Section.ADDED, item.public_id)
    with pytest.raises(Conflict, match="not recorded present") as refused:
        meetings.decision_record(
            meeting=m,
            entry=entry,
            by=director,
            outcome="continue",
            proposed_by=defender,
            rationale="Keep going.",
            now=timezone.now(),
        )
    assert refused.value.field == "proposed_by"
    assert not Decision.objects.exists()


def test_the_decision_form_offers_only_members_present_and_keeps_what_was_typed(personas, members):
    director, defender = personas[Role.DIRECTOR], personas[Role.DEFENDER]
    m = meeting(members=members, present=[director])
    item = added_item(by=director)
    entry = agenda.build(m, director, timezone.now()).find(Section.ADDED, item.public_id)
    response = decide(
        signed_in_client(director), m, entry, outcome="continue", proposed_by=defender.pk, rationale="Keep going."
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Choose a member recorded present." in page
    assert "Keep going." in page
    assert not Decision.objects.exists()


def test_a_proposer_cannot_be_unmarked_present_afterwards(personas, members):
    director, officer = personas[Role.DIRECTOR], personas[Role.OFFICER]
    m = meeting(members=members)
    item = added_item(by=director)
    entry = agenda.build(m, director, timezone.now()).find(Section.ADDED, item.public_id)
    meetings.decision_record(
        meeting=m,
        entry=entry,
        by=director,
        outcome="continue",
        proposed_by=officer,
        rationale="Go.",
        now=timezone.now(),
    )
    with pytest.raises(Conflict, match="proposed a decision"):
        meetings.attendance_record(meeting=m, by=director, present=[director])
    assert m.attendance.filter(user=officer).exists()
