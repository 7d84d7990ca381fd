"""Demo OWG: the schedule and members, two past meetings with attendance, decisions and minutes,
criminal cases tracked by the district attorney's office, an item added by hand, and the next
meeting, whose agenda the cases fill (a new diversion, a social contact referral, an overdue
assessment, an ISP not completed, criminal cases, updates). Runs after the cases' demo and the
first deadline sweep; a second run finds meetings and leaves everything as it is.

Past decisions are written as the records they left (the services record decisions only on the
next meeting's agenda); the referral decisions they name were made by the cases' demo."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from cases.models import Case, Referral
from lead.services import acting
from owg import agenda
from owg.models import Attendance, Decision, Meeting, Workgroup
from owg.services import criminal, meetings

Section, Outcome = Decision.Section, Decision.Outcome


def seed(*, users, now) -> None:
    if Meeting.objects.exists():
        return
    director = users["director"]
    members = [
        users[name]
        for name in ("director", "officer", "deputy", "prosecutor", "defender", "casemanager", "casemanager2")
    ]
    cases = {c.participant.full_name: c for c in Case.objects.select_related("participant", "referral")}
    referrals = {r.participant.full_name: r for r in Referral.objects.select_related("participant")}

    earlier = _held(
        now - timedelta(days=15),
        members,
        present=members[:-1],
        by=director,
        carried=2,
        notes="Training on the new criteria version is planned for next month.",
    )
    _decide(
        earlier,
        Section.NEW_DIVERSION,
        cases["Drew Kim"],
        Outcome.CONTINUE,
        users["officer"],
        director,
        "Not reached since the hand-off; keep looking.",
        action="Look for Drew at the Fifth Street shelter.",
        action_by=users["casemanager"],
        done=True,
    )
    _decide(
        earlier,
        Section.NEW_DIVERSION,
        cases["Jesse Morales"],
        Outcome.CONTINUE,
        users["casemanager"],
        director,
        "Consented and engaged; assessment next week.",
    )

    last = _held(now - timedelta(days=1), members, present=members, by=director, carried=1, notes="")
    _decide(
        last,
        Section.SOCIAL,
        cases["Casey Park"],
        Outcome.APPROVE,
        users["officer"],
        director,
        "Room in the program; Casey asked for help twice this month.",
        subject=referrals["Casey Park"],
        action="Meet Casey at the day center on Monday morning with Marcus.",
        action_by=users["officer"],
    )
    _decide(
        last,
        Section.SOCIAL,
        None,
        Outcome.DECLINE,
        users["casemanager"],
        director,
        "Already served by the county's outreach team.",
        subject=referrals["Morgan Diaz"],
    )
    _decide(
        last,
        Section.NEW_DIVERSION,
        cases["Chris Nguyen"],
        Outcome.CONTINUE,
        users["prosecutor"],
        director,
        "Engaged from day one; the office declined to file.",
    )
    _decide(
        last,
        Section.UPDATE,
        cases["Drew Kim"],
        Outcome.CONTINUE,
        users["casemanager"],
        director,
        "Still not reached; the deadline is close.",
        action="Tell Dana if you see Drew downtown.",
        action_by=users["officer"],
    )

    for name, values in (
        (
            "Chris Nguyen",
            {
                "court": "Harbor County District Court",
                "case_number": "26-CR-1187",
                "charge": "Trespass in the second degree",
                "filed_on": now.date() - timedelta(days=40),
                "next_date": now.date() + timedelta(days=9),
                "next_event": "Pre-trial hearing",
                "defender": users["defender"],
                "feedback": "Filed before LEAD; with the participant engaging we would agree to a continuance.",
            },
        ),
        (
            "Alex Morgan",
            {
                "court": "Bay City Municipal Court",
                "in_jurisdiction": False,
                "case_number": "BC-26-5521",
                "charge": "Driving with a suspended license",
                "next_date": now.date() + timedelta(days=21),
                "next_event": "Arraignment",
                "feedback": "We have told the Bay City prosecutor about LEAD.",
            },
        ),
    ):
        criminal.criminal_case_create(
            by=users["prosecutor"],
            participant=cases[name].participant,
            now=now - timedelta(days=3),
            **({"in_jurisdiction": True} | values),
        )
    meetings.item_add(
        by=users["officer"],
        title="The Fifth Street shelter closes its overflow beds in January",
        details="Where will participants who sleep there go? Several are on our caseloads.",
        case=None,
        now=now - timedelta(hours=20),
    )
    local_last = timezone.localdate(last.starts_at)
    meetings.schedule_update(
        by=director,
        revision=Workgroup.current().revision,
        every_weeks=2,
        next_on=local_last + timedelta(weeks=2),
        starts_at=time(10),
        place="Harbor County LEAD Program Office, room 2",
        members=members,
        now=now,
    )
    # The prosecutor flags a participant whose update is on the agenda anyway (the demo's one
    # participant with nothing new stays a line of the compact table): the item says who flagged.
    upcoming = agenda.next_meeting()
    updates = [e for e in agenda.build(upcoming, director, now).entries() if e.section == Section.UPDATE]
    if updates:
        meetings.participant_flag(meeting=upcoming, case=updates[0].case, by=users["prosecutor"], now=now)


def _held(at, members, *, present, by, carried: int, notes: str) -> Meeting:
    starts_at = timezone.make_aware(datetime.combine(timezone.localdate(at), time(10)))
    meeting = Meeting(
        starts_at=starts_at,
        place="Harbor County LEAD Program Office, room 2",
        status=Meeting.Status.HELD,
        held_at=starts_at + timedelta(minutes=80),
        carried_over=carried,
        notes=notes,
        created_at=starts_at - timedelta(days=14),
    )
    acting(meeting, by).save()
    meeting.members.set(members)
    for user in present:
        acting(Attendance(meeting=meeting, user=user, recorded_by=by), by).save()
    return meeting


def _decide(
    meeting, section, case, outcome, proposed_by, by, rationale, *, subject=None, action="", action_by=None, done=False
):
    kind, subject_id = ("referral", subject.public_id) if subject is not None else ("case", case.public_id)
    if section == Section.NEW_DIVERSION:
        kind, subject_id = "referral", case.referral.public_id
    titles = {
        Section.SOCIAL: "Social contact referral",
        Section.NEW_DIVERSION: "New arrest diversion",
        Section.UPDATE: "Update",
    }
    decision = Decision(
        meeting=meeting,
        section=section,
        subject=f"{kind}:{subject_id}",
        title=titles[section],
        case=case,
        referral=subject or (case.referral if case else None),
        outcome=outcome,
        proposed_by=proposed_by,
        rationale=rationale,
        action=action,
        action_by=action_by,
        action_done_at=meeting.held_at + timedelta(days=3) if done else None,
        recorded_by=by,
        recorded_at=meeting.starts_at + timedelta(minutes=20),
    )
    acting(decision, by).save()
