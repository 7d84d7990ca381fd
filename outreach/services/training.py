"""Training of police personnel (policy II), coordinated by the project director: sessions and
who attended them, who counts as trained, and the site's rule that only trained officers offer
diversion."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count, Q

from lead.agencies.models import Agency
from lead.locking import revise
from lead.roles import Role
from lead.services import acting, rows_sync
from lead.system.models import SiteConfiguration
from lead.users.models import User
from outreach.models import TrainingAttendance, TrainingSession

# Trained means: attended a session on LEAD itself (the program, eligibility, the hand-off), at
# any date. Harm reduction or diversion sessions alone do not count.
QUALIFYING_TOPIC = TrainingSession.Topic.LEAD


@transaction.atomic
def training_create(*, by, topic: str, held_on: date, place: str, trainer: str, notes: str) -> TrainingSession:
    session = TrainingSession(topic=topic, held_on=held_on, place=place, trainer=trainer, notes=notes, created_by=by)
    session.full_clean()
    acting(session, by).save()
    return session


@transaction.atomic
def attendance_record(*, session: TrainingSession, by, revision: int, officers) -> None:
    """The session's attendance becomes exactly `officers`: the others' rows are deleted, the
    new ones added, each change in the history under `by`. Refused when someone changed it since
    the page showed `revision` (their ticks would be lost): the attendance counts as the
    session's, so each save of it is a revision of the session."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    revise(session, revision)
    acting(session, by).save(update_fields=["revision"])
    rows_sync(
        session.attendance.all(),
        "officer_id",
        {officer.pk: officer for officer in officers},
        lambda officer: TrainingAttendance(session=session, officer=officer, recorded_by=by),
        by=by,
    )


def is_trained(officer) -> bool:
    return TrainingAttendance.objects.filter(officer=officer, session__topic=QUALIFYING_TOPIC).exists()


def directors():
    return User.objects.filter(groups__name=Role.DIRECTOR.label, is_active=True).order_by("last_name", "first_name")


def offer_blocked(officer) -> str | None:
    """Why `officer` may not offer diversion, naming whom to ask; None when they may (the site
    does not require training, or they are trained)."""
    if not SiteConfiguration.current().training_required or is_trained(officer):
        return None
    return (
        "This site requires LEAD training before an officer may offer diversion, and no LEAD training "
        f"session is recorded for you. A trained officer of your agency can make the offer now. {_whom_to_ask()}"
    )


def _whom_to_ask() -> str:
    people = [_contact(director) for director in directors()]
    if not people:
        return "Ask the LEAD project director to record your training."
    return f"Ask the LEAD project director to record your training or to enrol you in the next session: {' or '.join(people)}."


def _contact(user) -> str:
    ways = [way for way in (user.phone, user.email) if way]
    return (
        f"{user.get_full_name() or user.username} ({', '.join(ways)})"
        if ways
        else user.get_full_name() or user.username
    )


@dataclass(frozen=True)
class AgencyShare:
    agency: Agency
    officers: int
    trained: int

    @property
    def share(self) -> float | None:
        """Trained officers over active officers; None for an agency without officers."""
        return self.trained / self.officers if self.officers else None

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)


def agency_shares() -> list[AgencyShare]:
    """Per active police department and sheriff's office: its active officers and how many of
    them are trained. One query, however many agencies and officers."""
    officer = Q(staff__is_active=True, staff__groups__name=Role.OFFICER.label)
    agencies = (
        Agency.objects.filter(kind__in=[Agency.Kind.POLICE, Agency.Kind.SHERIFF], is_active=True)
        .annotate(
            officer_count=Count("staff", filter=officer, distinct=True),
            trained_count=Count(
                "staff", filter=officer & Q(staff__trainings__session__topic=QUALIFYING_TOPIC), distinct=True
            ),
        )
        .order_by("name")
    )
    return [AgencyShare(agency=a, officers=a.officer_count, trained=a.trained_count) for a in agencies]
