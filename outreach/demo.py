"""Demo outreach and education: Luis (outreach) is asked to find the participants in the wind,
with a few attempts logged; the Community Leadership Team, a month of activities and feedback
with a drafted monthly report and last month's submitted one; training sessions with the
officers who attended (the deputy has not been trained). Runs once."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from cases.models import Case
from lead.services import acting
from outreach.models import (
    Activity,
    CLTMember,
    Feedback,
    MonthlyReport,
    TrainingAttendance,
    TrainingSession,
)
from outreach.services import engagement as services


def seed(*, users, now) -> None:
    if TrainingSession.objects.exists():
        return
    _outreach(users, now)
    _community(users, now)
    _training(users, now)


def _outreach(users, now):
    luis, dana = users["outreach"], users["casemanager"]
    cases = {
        c.participant.full_name: c for c in Case.objects.select_related("participant").filter(closed_at__isnull=True)
    }
    for name, reason in (
        ("Drew Kim", "Not reached since the hand-off. Often at the day center on weekday mornings."),
        ("Jesse Morales", "Missed two appointments; sometimes sleeps near the river trail."),
    ):
        case = cases.get(name)
        if case is None:
            continue
        services.assignment_start(case=case, specialist=luis, by=dana, reason=reason, now=now - timedelta(days=3))
        services.outreach_record(
            case=case,
            by=luis,
            reached=False,
            at=now - timedelta(days=2, hours=3),
            place="Harbor day center",
            outcome="Not there; staff have not seen them this week.",
            now=now - timedelta(days=2),
        )


def _community(users, now):
    aisha, director = users["coordinator"], users["director"]
    today = now.date()
    for name, experience, listed in (
        ("Rosa Jimenez", ["community", "homelessness"], True),
        ("Marcus Webb", ["justice", "drug_use"], True),
        ("Evelyn Park", ["activist"], True),
        ("A member who asked not to be listed", ["mental_illness"], False),
    ):
        acting(
            CLTMember(
                name=name,
                experience=experience,
                listed=listed,
                consent_on=today - timedelta(days=200) if listed else None,
                term_starts=today - timedelta(days=200),
                term_ends=today + timedelta(days=530),
            ),
            aisha,
        ).save()
    forum = Activity(
        kind=Activity.Kind.FORUM,
        held_on=today - timedelta(days=12),
        title="LEAD: what it is and how it works",
        place="Harbor Public Library, community room",
        audience="Downtown residents and business owners",
        people=42,
        recorded_by=aisha,
        recorded_at=now - timedelta(days=12),
    )
    activities = [
        forum,
        Activity(
            kind=Activity.Kind.LITERATURE,
            held_on=today - timedelta(days=8),
            title="LEAD brochure (English and Spanish)",
            place="Fifth Street shelter and the day center",
            copies=150,
            recorded_by=aisha,
            recorded_at=now - timedelta(days=8),
        ),
        Activity(
            kind=Activity.Kind.MEDIA,
            held_on=today - timedelta(days=6),
            title="Harbor Herald: questions about diversion numbers",
            notes="Answered by the project director with the PCG's report.",
            recorded_by=director,
            recorded_at=now - timedelta(days=6),
        ),
        Activity(
            kind=Activity.Kind.AGENCY,
            held_on=today - timedelta(days=4),
            title="LEAD at the sheriff's roll call",
            place="Harbor County Sheriff's Office",
            audience="Patrol deputies",
            people=25,
            agency=users["deputy"].agency,
            recorded_by=aisha,
            recorded_at=now - timedelta(days=4),
        ),
    ]
    for item in activities:
        acting(item, item.recorded_by).save()
    acting(
        Feedback(
            received_on=forum.held_on,
            place="Community forum at the library",
            topic=Feedback.Topic.FAIRNESS,
            said="Who decides who gets diverted, and is it the same for everyone?",
            activity=forum,
            response="Explained the criteria and that the PCG reviews equity figures every month; shared the public page.",
            responded_on=forum.held_on + timedelta(days=2),
            recorded_by=aisha,
            recorded_at=now - timedelta(days=12),
        ),
        aisha,
    ).save()
    acting(
        Feedback(
            received_on=today - timedelta(days=3),
            place="Phone call",
            topic=Feedback.Topic.HOUSING,
            said="A business owner asked what happens to people camping behind the market.",
            recorded_by=aisha,
            recorded_at=now - timedelta(days=3),
        ),
        aisha,
    ).save()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    acting(
        MonthlyReport(
            month=last_month,
            status=MonthlyReport.Status.SUBMITTED,
            drafted_by=aisha,
            submitted_by=aisha,
            # Submitted once the month had ended (outreach.services.community.submit_refusal).
            submitted_at=min(now, timezone.make_aware(datetime.combine(today.replace(day=1), time(9)))),
            body="Activities: one educational forum (35 people) and literature at two shelters (120 copies).\n"
            "Feedback: two residents asked how LEAD keeps neighborhoods safe; answered at the forum.",
        ),
        aisha,
    ).save()


def _training(users, now):
    director = users["director"]
    for topic, days_ago, attendees in (("lead", 40, ["officer"]), ("harm_reduction", 15, ["officer", "deputy"])):
        session = TrainingSession(
            topic=topic,
            held_on=now.date() - timedelta(days=days_ago),
            place="Harbor City PD, Precinct 2",
            trainer="Grace Lindqvist and Bridgeway Community Services",
            created_by=director,
        )
        acting(session, director).save()
        for username in attendees:
            acting(TrainingAttendance(session=session, officer=users[username], recorded_by=director), director).save()
