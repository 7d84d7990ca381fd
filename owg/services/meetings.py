"""Writes of the Operations Workgroup: the cadence and meetings, attendance, items added by hand,
decisions that act on the case in the same transaction (policy VIII.B-C, VIIII, X.G) and the
minutes. The prosecutor's tracking and filing decisions are owg.services.criminal."""

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cases.deadlines import assessment_extend
from cases.models import Case, ChargingHold, Determination
from cases.services.casefile import case_close
from cases.services.referrals import (
    social_referral_approve,
    social_referral_decline,
)
from lead.locking import revise
from lead.notifications.services import notify
from lead.roles import Role
from lead.services import Conflict, acting, rows_sync
from owg import agenda
from owg.agenda import Entry
from owg.models import (
    AddedItem,
    Attendance,
    ChargeFiling,
    Decision,
    Flag,
    Meeting,
    Workgroup,
)

Outcome = Decision.Outcome
PLAN_AHEAD = timedelta(weeks=6)


# The cadence and the meetings -------------------------------------------------------------------


def cadence_dates(workgroup: Workgroup, *, today: date, until: date) -> list[date]:
    """The cadence's dates from today (inclusive) to `until`."""
    if workgroup.next_on is None:
        return []
    step = timedelta(weeks=workgroup.every_weeks)
    day = workgroup.next_on
    if day < today:
        day += step * -(-(today - day).days // step.days)  # the first cadence date on or after today
    dates = []
    while day <= until:
        dates.append(day)
        day += step
    return dates


@transaction.atomic
def meetings_plan(*, now: datetime, by=None) -> list[Meeting]:
    """Create the cadence's meetings of the next six weeks that do not exist yet. Idempotent: the
    periodic task and the schedule page both call it; a slot is planned once (unique `slot`),
    and a meeting moved off its date keeps its slot."""
    workgroup = Workgroup.current()
    today = timezone.localdate(now)
    created = []
    members = list(workgroup.members.all())
    taken = set(Meeting.objects.filter(slot__gte=today).values_list("slot", flat=True))
    for day in cadence_dates(workgroup, today=today, until=today + PLAN_AHEAD):
        if day in taken:
            continue
        starts_at = timezone.make_aware(datetime.combine(day, workgroup.starts_at))
        if starts_at <= now:
            continue
        meeting = Meeting(slot=day, starts_at=starts_at, place=workgroup.place, created_at=now)
        try:
            with transaction.atomic():
                acting(meeting, by).save()
        except IntegrityError:
            continue  # another run (beat, or the schedule page) planned it a moment ago
        meeting.members.set(members)
        created.append(meeting)
    return created


@transaction.atomic
def schedule_update(
    *, by, revision: int, every_weeks: int, next_on: date, starts_at, place: str, members, now: datetime
) -> Workgroup:
    """The director sets the cadence and the members. Upcoming meetings nobody has moved or used
    follow the new cadence; every upcoming meeting invites the new members."""
    workgroup = Workgroup.objects.select_for_update().get(pk=Workgroup.current().pk)
    revise(workgroup, revision)
    workgroup.every_weeks, workgroup.next_on, workgroup.starts_at, workgroup.place = (
        every_weeks,
        next_on,
        starts_at,
        place,
    )
    workgroup.full_clean()
    acting(workgroup, by).save()
    workgroup.members.set(members)
    today = timezone.localdate(now)
    keep = set(cadence_dates(workgroup, today=today, until=today + PLAN_AHEAD))
    upcoming = Meeting.objects.filter(status=Meeting.Status.SCHEDULED, starts_at__gt=now)
    for meeting in upcoming.filter(slot__isnull=False).exclude(slot__in=keep):
        if not meeting.changed and not meeting.decisions.exists() and not meeting.attendance.exists():
            acting(meeting, by).delete()
    meetings_plan(now=now, by=by)
    for meeting in upcoming:
        meeting.members.set(members)
    return workgroup


@transaction.atomic
def meeting_add(*, by, starts_at: datetime, place: str, now: datetime) -> Meeting:
    meeting = Meeting(starts_at=starts_at, place=place, created_at=now)
    meeting.full_clean()
    acting(meeting, by).save()
    meeting.members.set(Workgroup.current().members.all())
    return meeting


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, by, revision: int, starts_at: datetime, place: str, recorder, cancelled: bool = False
) -> Meeting:
    """Move a meeting, name the member who records decisions, or cancel it."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    revise(meeting, revision)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise Conflict("This meeting was already held or cancelled.")
    if cancelled and meeting.decisions.exists():
        raise Conflict("Decisions are recorded at this meeting: it cannot be cancelled.")
    meeting.starts_at, meeting.place, meeting.recorder, meeting.changed = starts_at, place, recorder, True
    if cancelled:
        meeting.status = Meeting.Status.CANCELLED
    meeting.full_clean()
    acting(meeting, by).save()
    return meeting


def _when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%b} {local.day}, {local.year}, at {local:%I:%M %p}".replace("at 0", "at ")


@transaction.atomic
def attendance_record(*, meeting: Meeting, by, present) -> None:
    """Who attended. A member who proposed a decision recorded at the meeting stays present: the
    minutes cannot name an absent member as a proposer."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise Conflict("This meeting was already held or cancelled.")
    kept = {user.pk for user in present}
    proposers = meeting.decisions.exclude(proposed_by__in=kept).select_related("proposed_by")
    if names := sorted({decision.proposed_by.get_full_name() for decision in proposers}):
        raise Conflict(
            f"{', '.join(names)} proposed a decision recorded at this meeting: they are recorded present.",
            field="present",
        )
    rows_sync(
        meeting.attendance.all(),
        "user_id",
        {user.pk: user for user in present},
        lambda user: Attendance(meeting=meeting, user=user, recorded_by=by),
        by=by,
    )


@transaction.atomic
def item_add(*, by, title: str, details: str, case: Case | None, now: datetime) -> AddedItem:
    item = AddedItem(title=title, details=details, case=case, added_by=by, added_at=now)
    item.full_clean()
    acting(item, by).save()
    return item


def participant_flag(*, meeting: Meeting, case: Case, by, now: datetime) -> None:
    """A member asks for the participant to be discussed at this meeting: their update is listed
    in full on its agenda. Flagging one already flagged for it keeps the first flag."""
    flag = Flag(meeting=meeting, case=case, flagged_by=by, flagged_at=now)
    try:
        with transaction.atomic():
            acting(flag, by).save()
    except IntegrityError:
        pass  # flagged for this meeting a moment ago


@transaction.atomic
def participant_unflag(*, meeting: Meeting, case: Case, by) -> None:
    """The participant's flags counting on this meeting's agenda are removed (their history
    keeps who removed them)."""
    for flag in agenda.flags_on(meeting, agenda.previous_held(meeting)).filter(case=case):
        acting(flag, by).delete()


def finish_refusal(meeting: Meeting, now: datetime) -> str | None:
    """Why the meeting cannot be closed now, if it cannot: its minutes record a meeting that
    took place, so it closes once it has started."""
    if now < meeting.starts_at:
        return f"This meeting starts {_when(meeting.starts_at)}: it can be closed once it has started, not before."
    return None


@transaction.atomic
def meeting_finish(*, meeting: Meeting, by, undecided: int, notes: str, now: datetime) -> Meeting:
    """The meeting is over: the minutes are its attendance, decisions and notes. What was not
    reached stays on the agenda, which is now the next meeting's."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise Conflict("This meeting was already held or cancelled.")
    if refusal := finish_refusal(meeting, now):
        raise Conflict(refusal)
    meeting.status, meeting.held_at, meeting.carried_over, meeting.notes = Meeting.Status.HELD, now, undecided, notes
    acting(meeting, by).save()
    meetings_plan(now=now, by=by)
    url = reverse("owg:meeting", args=[meeting.public_id])
    for member in meeting.members.all():
        notify(
            user=member,
            subject="Minutes of the OWG meeting",
            body="The minutes and your actions are ready.",
            url=url,
            key=f"minutes:{meeting.public_id}:{member.pk}",
        )
    return meeting


# Decisions -----------------------------------------------------------------------------------


@transaction.atomic
def decision_record(
    *,
    meeting: Meeting,
    entry: Entry,
    by,
    outcome: str,
    proposed_by,
    rationale: str,
    now: datetime,
    new_due_on: date | None = None,
    case_manager=None,
    action: str = "",
    action_by=None,
) -> Decision:
    """Record the OWG's decision on an agenda item and act on the case in the same transaction:
    approve or decline a social contact referral (approval opens the case with the outreach
    plan), extend the assessment deadline with a plan to engage the participant, refer the
    original charge to the prosecutor for filing, continue, or close the case."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise Conflict("This meeting is over: decisions are recorded at the next one.")
    if not meeting.attendance.filter(user=proposed_by).exists():
        raise Conflict(
            f"{proposed_by.get_full_name()} is not recorded present at this meeting: a decision is proposed by a member "
            "who attended. Record the attendance first, or choose who proposed it.",
            field="proposed_by",
        )
    if outcome not in entry.outcomes:
        raise ValueError(f"{outcome} is not a decision this item takes.")
    # An item's outcomes follow its kind: approving and declining are asked of a referral, extending
    # and closing of a case.
    case = entry.case
    if outcome == Outcome.APPROVE:
        assert entry.referral is not None
        case = social_referral_approve(
            referral=entry.referral, by=by, case_manager=case_manager, outreach_plan=action, now=now
        )
        action_by = action_by or entry.referral.referred_by
    elif outcome == Outcome.DECLINE:
        assert entry.referral is not None
        social_referral_decline(referral=entry.referral, by=by, reason=rationale, now=now)
    elif outcome == Outcome.EXTEND:
        assert case is not None and new_due_on is not None, "the form asks for the new due date"
        assessment_extend(case=case, due_on=new_due_on, plan=action, by=by, now=now)
        action_by = action_by or case.case_manager
    elif outcome == Outcome.CLOSE:
        assert case is not None
        case_close(case=case, by=by, reason=Case.Closing.OWG, note=rationale, now=now)
    decision = Decision(
        meeting=meeting,
        section=entry.section,
        subject=entry.subject,
        title=entry.title[:300],
        case=case,
        referral=entry.referral,
        outcome=outcome,
        proposed_by=proposed_by,
        rationale=rationale,
        new_due_on=new_due_on if outcome == Outcome.EXTEND else None,
        action=action,
        action_by=action_by if action else None,
        recorded_by=by,
        recorded_at=now,
    )
    decision.full_clean(exclude=["meeting"])
    try:
        with transaction.atomic():
            acting(decision, by).save()
    except IntegrityError:
        raise Conflict("A decision on this item was recorded a moment ago.") from None
    _answer_determination(entry, decision, by, now)
    if entry.added_item is not None:
        entry.added_item.decided_at = now
        acting(entry.added_item, by).save(update_fields=["decided_at"])
    if outcome == Outcome.FILE:
        _refer_for_filing(decision, by)
    _tell(decision)
    return decision


def _answer_determination(entry: Entry, decision: Decision, by, now: datetime) -> None:
    if entry.determination is None:
        return
    determination = Determination.objects.select_for_update().get(pk=entry.determination.pk)
    if determination.status == Determination.Status.PENDING:  # an extension has answered it already
        determination.status, determination.decided_at = Determination.Status.DECIDED, now
        determination.decision = f"{decision.get_outcome_display()}: {decision.rationale}"
        acting(determination, by).save()


def filing_office(case: Case):
    """The prosecuting office a charge referred for filing goes to: the office that holds the
    pre-booking paperwork, or the referring agency's prosecuting office (None: neither)."""
    hold = ChargingHold.objects.filter(referral=case.referral).select_related("office").first()
    return hold.office if hold else case.referral.agency.prosecuting_office


def _refer_for_filing(decision: Decision, by) -> ChargeFiling:
    """The prosecutor decides on filing, following the OWG's plan (policy X.G): the office that
    holds the pre-booking paperwork, or the referring agency's prosecuting office."""
    assert decision.case is not None, "filing is a decision on a case"
    referral = decision.case.referral
    office = filing_office(decision.case)
    if office is None:
        raise Conflict(
            f"{referral.agency.name} has no prosecuting office to refer the charge to: set one in Administration."
        )
    filing = ChargeFiling(decision=decision, case=decision.case, office=office)
    acting(filing, by).save()
    url = reverse("owg:filing", args=[filing.public_id])
    for prosecutor in office.staff.filter(groups__name=Role.PROSECUTOR.label, is_active=True):
        notify(
            user=prosecutor,
            subject="The OWG referred a charge for filing",
            body="Record the filing decision.",
            url=url,
            key=f"filing:{filing.public_id}:{prosecutor.pk}",
            about=referral,
        )
    return filing


def _tell(decision: Decision) -> None:
    """The case manager learns every decision on their case; a member learns their action."""
    if decision.case is not None:
        notify(
            user=decision.case.case_manager,
            subject="The OWG decided on a case",
            body=decision.get_outcome_display(),
            url=reverse("cases:case-detail", args=[decision.case.public_id]),
            key=f"decision:{decision.public_id}",
            about=decision.case,
        )
    if decision.action_by is not None:
        notify(
            user=decision.action_by,
            subject="An action for you from the OWG",
            body=decision.action[:200],
            url=reverse("home"),
            key=f"action:{decision.public_id}",
            # Described only to a member who may see the case (a case manager): others read
            # the generic text.
            about=decision.case,
        )


@transaction.atomic
def action_done(*, decision: Decision, by, now: datetime) -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.action_done_at is None:
        decision.action_done_at = now
        acting(decision, by).save(update_fields=["action_done_at"])
    return decision
