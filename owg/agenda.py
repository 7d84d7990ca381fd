"""The agenda of the next OWG meeting, built from the state of the cases (policy VIIII.C-D).

Nothing is stored until the OWG decides: an item is on the agenda because of what is true now
(a referral pending, a determination open, a case active). So an item appears once, stays
until a decision or the case's state takes it off, and carries over to the next meeting when
it is not reached. Sections 3 (extensions running out), 5 and 6 come back at every meeting;
the others stay until decided. A held meeting's agenda is its decisions (the minutes).

What a viewer sees of an item follows docs/access-policy.md: milestones and dates for every OWG
member, the case manager's progress summary only while a release of information valid today
covers the viewer's agency, never clinical content (no clinical model is even queried).
`build` runs a fixed number of queries however many participants are active; `item`, the one
item a decision is recorded on, reads only that item's rows, by the same section definitions.

Section 6 lists in full only the participants a workgroup has something to talk about: what
changed since the last meeting (`CHANGES`, each an SQL expression over milestones and dates) or
a member's flag. The others are one compact row each (`Row`: milestones and dates, no progress
summary); they are not items, and are in full only on the printed agenda (`everyone=True`)."""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from cases.models import (
    Appointment,
    Assessment,
    Case,
    Consent,
    Determination,
    InitialScreening,
    ProgressSummary,
    Referral,
    ServicePlan,
)
from cases.selectors import capacity as program_capacity
from cases.selectors import progress_summaries_visible_to, releases_shared_with
from lead.system.models import SiteConfiguration
from owg.models import CriminalCase, Decision, Flag, Meeting, Workgroup
from owg.models.meetings import AddedItem

Section = Decision.Section
Outcome = Decision.Outcome
# The sections that list each participant once; criminal cases and added items are topics of their own.
PER_PARTICIPANT = {Section.NEW_DIVERSION, Section.SOCIAL, Section.DEADLINE, Section.ISP, Section.UPDATE}
# The sections of open cases, which list each participant once between them (_participants).
ONCE_EACH = {Section.NEW_DIVERSION, Section.DEADLINE, Section.ISP, Section.UPDATE}
# What an entry's subject id names; a decision's subject is "kind:id".
KINDS = ("referral", "determination", "case", "criminal", "item")


@dataclass
class Entry:
    section: int
    kind: str  # what `subject_id` names: referral, determination, case, criminal or item
    subject_id: uuid.UUID
    title: str
    since: datetime | None = None  # when the item arose: older than the last meeting = carried over
    case: Case | None = None
    referral: Referral | None = None
    determination: Determination | None = None
    criminal_case: CriminalCase | None = None
    added_item: AddedItem | None = None
    outcomes: list[str] = field(default_factory=list)
    decision: Decision | None = None
    carried: bool = False
    new: bool = False
    overdue: bool = False
    in_the_wind: bool = False
    has_release: bool = False
    progress: ProgressSummary | None = None
    changes: list[str] = field(default_factory=list)  # section 6: what changed since the last meeting
    flag: Flag | None = None  # section 6: a member's flag for this meeting

    @property
    def subject(self) -> str:
        return f"{self.kind}:{self.subject_id}"

    @property
    def awaiting_assessment(self) -> bool:
        return self.case is not None and self.case.is_waiting_for_assessment

    @property
    def participant(self):
        if self.case is not None:
            return self.case.participant
        if self.referral is not None:
            return self.referral.participant
        return self.criminal_case.participant if self.criminal_case else None


@dataclass(frozen=True)
class Row:
    """An active participant with nothing new since the last meeting: one line of section 6's
    compact table. Milestones and dates every member may see; never the progress summary."""

    case_id: uuid.UUID
    name: str
    case_manager: str
    days_in_program: int
    last_reached: str  # the day in the site's time zone, or "Not yet"
    next_step: str  # the status (which names the next step) and the assessment's due date


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_label(day: date) -> str:
    """What the template filter `date:"M j, Y"` writes in English ("Mar 3, 2026"), without its
    locale lookups: a long agenda has thousands of dates (owg/templatetags/owg_agenda.py)."""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


@dataclass
class Agenda:
    meeting: Meeting
    live: bool  # the next meeting: its agenda is built and decisions are recorded on it
    previous: Meeting | None
    sections: list[tuple[int, str, list[Entry]]]
    capacity: dict | None = None
    unchanged: list[Row] = field(default_factory=list)  # section 6's compact table

    def entries(self):
        for _, _, entries in self.sections:
            yield from entries

    def find(self, section: int, subject_id: uuid.UUID) -> Entry | None:
        return next((e for e in self.entries() if e.section == section and e.subject_id == subject_id), None)

    @property
    def updates(self) -> int:
        """Section 6's participants: in full and in the compact table."""
        return sum(len(entries) for n, _, entries in self.sections if n == Section.UPDATE) + len(self.unchanged)

    @property
    def undecided(self) -> int:
        return sum(1 for e in self.entries() if e.decision is None)


def next_meeting() -> Meeting | None:
    return Meeting.objects.filter(status=Meeting.Status.SCHEDULED).order_by("starts_at").first()


def is_live(meeting: Meeting) -> bool:
    """The next meeting: its agenda is built from the cases and decisions are recorded on it."""
    return meeting.status == Meeting.Status.SCHEDULED and meeting == next_meeting()


def build(meeting: Meeting, viewer, now: datetime, everyone: bool = False) -> Agenda:
    """The agenda as `viewer` reads it; `everyone`: every active participant in full (the
    printed agenda), else those without changes or flags as compact rows."""
    live = is_live(meeting)
    previous = previous_held(meeting)
    by_section: dict[int, list[Entry]] = {s: [] for s in Section.values}
    listed = _listed(_decided(meeting, Q()), _open_entries(meeting, previous, now, viewer, everyone) if live else [])
    for entry in listed:
        by_section[entry.section].append(entry)
    entries = [e for s in Section.values for e in by_section[s]]
    _finish(entries, viewer, now, previous)
    sections = [(s, Section(s).label, by_section[s]) for s in Section.values]
    capacity = program_capacity() if live else None
    # Compact rows for the active participants not in full under a heading of their own.
    shown = {e.case.pk for e in listed if e.case is not None and (e.decision or e.section in PER_PARTICIPANT)}
    unchanged = _unchanged(now, shown) if live and not everyone else []
    return Agenda(
        meeting=meeting, live=live, previous=previous, sections=sections, capacity=capacity, unchanged=unchanged
    )


def item(meeting: Meeting, section: int, subject_id: uuid.UUID, viewer, now: datetime) -> Entry | None:
    """The entry `build(meeting, viewer, now).find(section, subject_id)` returns, or None, reading
    only the rows about that subject: the same section definitions, each filtered to it, and the
    meeting's decisions about it or its participant. A fixed number of queries however long the
    agenda is."""
    previous = previous_held(meeting)
    about = Q(subject__in=[f"{kind}:{subject_id}" for kind in KINDS])
    candidates = []
    if is_live(meeting):
        candidates = [
            e
            for e in _open_entries(meeting, previous, now, viewer, False, section, subject_id)
            if e.subject_id == subject_id
        ]
        for entry in candidates:
            if entry.case is not None:
                about |= Q(case=entry.case)
            if entry.referral is not None:
                about |= Q(referral=entry.referral)
    found = next(
        (
            e
            for e in _listed(_decided(meeting, about), candidates)
            if (e.section, e.subject_id) == (section, subject_id)
        ),
        None,
    )
    if found is not None:
        _finish([found], viewer, now, previous)
    return found


def participant(meeting: Meeting, public_id) -> Case | None:
    """The active participant's case a member may flag on the next meeting's agenda (every active
    participant is listed on it); None for another meeting or a closed or missing case."""
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return Case.objects.open().filter(public_id=public_id).first() if is_live(meeting) else None


def previous_held(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(status=Meeting.Status.HELD, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .first()
    )


def _listed(decided: dict[str, Entry], open_entries: list[Entry]) -> list[Entry]:
    """The decided items, then the open items not decided at this meeting. A participant decided
    on at this meeting is not listed again under another heading (an approved referral's new case
    as an update, an extended case as "runs out")."""
    cases = {e.case.pk for e in decided.values() if e.case is not None}
    referrals = {e.referral.pk for e in decided.values() if e.referral is not None}
    listed = list(decided.values())
    for entry in open_entries:
        again = entry.section in PER_PARTICIPANT and (
            (entry.case is not None and entry.case.pk in cases)
            or (entry.referral is not None and entry.referral.pk in referrals)
        )
        if entry.subject not in decided and not again:
            listed.append(entry)
    return listed


def _finish(entries: list[Entry], viewer, now: datetime, previous: Meeting | None) -> None:
    """What the viewer may know of each entry's progress, and whether it carried over."""
    _share_progress(entries, viewer, now)
    since = previous.starts_at if previous else None
    for entry in entries:
        entry.carried = bool(
            since and entry.since and entry.since < since and entry.section not in (Section.CRIMINAL, Section.UPDATE)
        )


# Decided items: the decisions of this meeting --------------------------------------------------


def _decided(meeting: Meeting, about: Q) -> dict[str, Entry]:
    decisions = meeting.decisions.filter(about).select_related(
        "case__participant",
        "case__case_manager",
        "case__referral__agency",
        "referral__participant",
        "proposed_by",
        "action_by",
        "recorded_by",
        "filing",
    )
    entries = {}
    for decision in decisions:
        kind, _, subject_id = decision.subject.partition(":")
        entries[decision.subject] = Entry(
            section=decision.section,
            kind=kind,
            subject_id=uuid.UUID(subject_id),
            title=decision.title,
            case=decision.case,
            referral=decision.referral,
            decision=decision,
        )
    return entries


# Open items: the state of the cases now ----------------------------------------------------------

CASE_RELATED = ("case__participant", "case__case_manager", "case__referral__agency")


def _open_entries(
    meeting: Meeting,
    previous: Meeting | None,
    now: datetime,
    viewer,
    everyone: bool,
    section: int | None = None,
    subject_id: uuid.UUID | None = None,
) -> list[Entry]:
    """The items the state of the cases puts on the agenda; given a section and a subject, only
    those that item can be among: its participant's, in the sections listing each participant
    once (which of them lists it depends on the others), else the section's one row."""
    if section is None:
        entries = [
            *_participants(meeting, previous, now, viewer, everyone),
            *_social_referrals(Q()),
            *_criminal_cases(previous, Q()),
            *_added_items(Q()),
        ]
    elif section in ONCE_EACH:
        case = _case_of(subject_id)
        entries = [] if case is None else _participants(meeting, previous, now, viewer, everyone, case)
    elif section == Section.SOCIAL:
        entries = _social_referrals(Q(public_id=subject_id))
    elif section == Section.CRIMINAL:
        entries = _criminal_cases(previous, Q(public_id=subject_id))
    elif section == Section.ADDED:
        entries = _added_items(Q(public_id=subject_id))
    else:
        entries = []
    config = SiteConfiguration.current()
    for entry in entries:
        if entry.case is not None:
            entry.overdue = entry.case.is_overdue(now)
            entry.in_the_wind = entry.case.is_in_the_wind(now, config.in_the_wind_days)
    return entries


def _participants(
    meeting: Meeting, previous: Meeting | None, now: datetime, viewer, everyone: bool, case: int | None = None
) -> list[Entry]:
    """Each participant once across sections 1, 3, 4 and 6: an open question first, then a new
    diversion, else an update (in full: changed, flagged, or `everyone`). `case`: only that
    case's entries (one item looked up)."""

    def of_case(path: str) -> Q:
        return Q() if case is None else Q(**{path: case})

    questions = _determinations(now, of_case("case"))
    listed = {e.case.pk for e in questions}
    questions += _extensions_running_out(meeting, now, listed, of_case("pk"))
    listed |= {e.case.pk for e in questions}
    diversions = [e for e in _new_diversions(previous, now, of_case("case")) if e.case.pk not in listed]
    listed |= {e.case.pk for e in diversions}
    updates = _updates(meeting, previous, now, viewer, everyone, listed, of_case("pk"))
    return [*diversions, *questions, *updates]


def _case_of(subject_id: uuid.UUID) -> int | None:
    """The case an item of sections 1, 3, 4 or 6 is about: its subject is the case itself, its
    referral or one of its determinations (three index lookups)."""
    ids = (
        Case.objects.filter(public_id=subject_id)
        .order_by()
        .values_list("pk", flat=True)
        .union(
            Referral.objects.filter(public_id=subject_id, case__isnull=False).values_list("case", flat=True),
            Determination.objects.filter(public_id=subject_id).values_list("case", flat=True),
        )
    )
    return next(iter(ids), None)


def _case_outcomes(case: Case, *first: str) -> list[str]:
    outcomes = list(first)
    if case.is_waiting_for_assessment and Outcome.EXTEND not in outcomes:
        outcomes.append(Outcome.EXTEND)
    if case.referral.kind == Referral.Kind.ARREST_DIVERSION:
        outcomes.append(Outcome.FILE)
    if case.is_open:
        outcomes.append(Outcome.CLOSE)
    return outcomes


def _new_diversions(previous: Meeting | None, now: datetime, only: Q) -> list[Entry]:
    """Arrest diversions the OWG has decided nothing on yet, at any meeting."""
    referrals = (
        Referral.objects.filter(
            only,
            Case.open_q("case__"),
            kind=Referral.Kind.ARREST_DIVERSION,
            status=Referral.Status.CASE_OPEN,
            created_at__lte=now,
        )
        .exclude(Exists(Decision.objects.filter(case=OuterRef("case"))))
        .select_related("participant", "agency", "case__participant", "case__case_manager", "case__referral__agency")
        .order_by("created_at")
    )
    return [
        Entry(
            section=Section.NEW_DIVERSION,
            kind="referral",
            subject_id=r.public_id,
            since=r.created_at,
            title=f"Diverted {timezone.localtime(r.created_at):%b %-d} by {r.agency.name}"
            + (f": {r.offense}" if r.offense else ""),
            case=r.case,
            referral=r,
            new=not previous or r.created_at >= previous.starts_at,
            outcomes=_case_outcomes(r.case, Outcome.CONTINUE),
        )
        for r in referrals
    ]


def _social_referrals(only: Q) -> list[Entry]:
    referrals = (
        Referral.objects.filter(only, kind=Referral.Kind.SOCIAL_CONTACT, status=Referral.Status.PENDING)
        .select_related("participant", "agency", "referred_by")
        .order_by("created_at")
    )
    return [
        Entry(
            section=Section.SOCIAL,
            kind="referral",
            subject_id=r.public_id,
            since=r.created_at,
            referral=r,
            title=f"Referred by {r.referred_by.get_full_name()} ({r.agency.name})",
            outcomes=[Outcome.APPROVE, Outcome.DECLINE],
        )
        for r in referrals
    ]


def _determinations(now: datetime, only: Q) -> list[Entry]:
    """Overdue assessments (section 3) and ISPs not completed (section 4): the open questions."""
    determinations = (
        Determination.objects.filter(only, status=Determination.Status.PENDING)
        .select_related(*CASE_RELATED)
        .order_by("created_at")
    )
    entries = []
    for d in determinations:
        if d.kind == Determination.Kind.ASSESSMENT_OVERDUE:
            due = d.case.assessment_due_on
            entry = Entry(
                section=Section.DEADLINE,
                title=f"Assessment overdue since {due:%b %-d}: decide extension or filing",
                outcomes=_case_outcomes(d.case, Outcome.EXTEND),
                kind="determination",
                subject_id=d.public_id,
            )
        else:
            outcomes = (
                [Outcome.FILE, Outcome.CONTINUE]
                if d.case.referral.kind == Referral.Kind.ARREST_DIVERSION
                else [Outcome.CONTINUE]
            )
            entry = Entry(
                section=Section.ISP,
                title="ISP not completed: determine action on the original charge",
                outcomes=outcomes,
                kind="determination",
                subject_id=d.public_id,
            )
        entry.since, entry.case, entry.referral, entry.determination = d.created_at, d.case, d.case.referral, d
        entries.append(entry)
    return entries


def _extensions_running_out(meeting: Meeting, now: datetime, listed: set[int], only: Q) -> list[Entry]:
    """Cases the OWG gave more time, not overdue yet, whose new due date comes before the meeting
    after this one (an overdue one is back as the sweep's determination)."""
    horizon = meeting.starts_at + timedelta(weeks=_cadence_weeks())
    extended = Exists(Decision.objects.filter(case=OuterRef("pk"), outcome=Outcome.EXTEND))
    cases = (
        Case.objects.waiting_for_assessment()
        .exclude(Case.overdue_q(now))
        .filter(only, extended, assessment_due_at__lte=horizon)
        .exclude(pk__in=listed)
        .select_related("participant", "case_manager", "referral__agency")
        .order_by("assessment_due_at")
    )
    return [
        Entry(
            section=Section.DEADLINE,
            kind="case",
            subject_id=c.public_id,
            case=c,
            referral=c.referral,
            title=f"Extension runs out {c.assessment_due_on:%b %-d}: decide extension or filing",
            outcomes=_case_outcomes(c, Outcome.CONTINUE),
        )
        for c in cases
    ]


def _cadence_weeks() -> int:
    return Workgroup.objects.values_list("every_weeks", flat=True).first() or 2


def _criminal_cases(previous: Meeting | None, only: Q) -> list[Entry]:
    cases = CriminalCase.objects.filter(only, status=CriminalCase.Status.PENDING).select_related(
        "participant", "office", "defender"
    )
    return [
        Entry(
            section=Section.CRIMINAL,
            kind="criminal",
            subject_id=c.public_id,
            criminal_case=c,
            since=c.created_at,
            title=f"{c.court} {c.case_number}: {c.charge}",
            new=not previous or c.created_at >= previous.starts_at,
            outcomes=[Outcome.CONTINUE],
        )
        for c in cases.order_by("next_date", "created_at")
    ]


def _added_items(only: Q) -> list[Entry]:
    items = AddedItem.objects.filter(only, decided_at__isnull=True).select_related("added_by", *CASE_RELATED)
    return [
        Entry(
            section=Section.ADDED,
            kind="item",
            subject_id=i.public_id,
            title=i.title,
            since=i.added_at,
            added_item=i,
            case=i.case,
            referral=i.case.referral if i.case else None,
            outcomes=[Outcome.CONTINUE],
        )
        for i in items
    ]


def _updates(
    meeting: Meeting, previous: Meeting | None, now: datetime, viewer, everyone: bool, listed: set[int], only: Q
) -> list[Entry]:
    """The active participants not already on the agenda for something else, in full: those
    whose case changed since the last meeting or whom a member flagged for this one; every one
    with `everyone`."""
    changes = _changes(meeting, previous, now, viewer)
    cases = (
        Case.objects.open()
        .filter(only)
        .exclude(pk__in=listed)
        .annotate(**{name: ExpressionWrapper(q, output_field=BooleanField()) for name, (_, q) in changes.items()})
        .select_related("participant", "case_manager", "referral__agency")
        .order_by("participant__last_name", "participant__first_name", "pk")
    )
    if not everyone:
        worth_it = Q()
        for name in changes:
            worth_it |= Q(**{name: True})
        cases = cases.filter(worth_it)
    cases = list(cases)
    flags = {}
    for flag in (
        flags_on(meeting, previous).filter(case__in=[c.pk for c in cases if c.flagged]).select_related("flagged_by")
    ):
        flags.setdefault(flag.case_id, flag)
    return [
        Entry(
            section=Section.UPDATE,
            kind="case",
            subject_id=c.public_id,
            case=c,
            referral=c.referral,
            title="Update",
            outcomes=_case_outcomes(c, Outcome.CONTINUE),
            changes=[label for name, (label, _) in changes.items() if name != "flagged" and getattr(c, name)],
            flag=flags.get(c.pk),
        )
        for c in cases
    ]


def since_last(meeting: Meeting, previous: Meeting | None) -> datetime:
    """Where "changed since the last meeting" starts: the last held meeting, or one cadence
    before this meeting when none was held yet."""
    return previous.starts_at if previous else meeting.starts_at - timedelta(weeks=_cadence_weeks())


def _changes(meeting: Meeting, previous: Meeting | None, now: datetime, viewer) -> dict[str, tuple[str, Q]]:
    """What a workgroup wants to hear about since the last meeting, each a condition on the case
    in SQL: its milestones (every member sees them), engagement lost, the deadline passed, a new
    criminal case, and a new progress summary the viewer may read (the one rule for summaries,
    so a participant moves to the full list for a summary only for those it is shared with).
    Each is `pk IN (the cases with such a row since)`: PostgreSQL reads each table once, hashed,
    rather than probing it for every active case."""
    since = since_last(meeting, previous)
    wind = timedelta(days=SiteConfiguration.current().in_the_wind_days)

    def of_case(rows: QuerySet) -> Q:
        return Q(pk__in=rows.values("case_id"))

    # Not reached for more than the threshold now, but still reached within it at the last meeting.
    crossed = now - wind
    lost = Q(last_reached_at__lt=crossed, last_reached_at__gte=since - wind) | Q(
        last_reached_at__isnull=True, opened_at__lt=crossed, opened_at__gte=since - wind
    )
    summaries = progress_summaries_visible_to(viewer, now=now).order_by()
    return {
        "joined": ("Joined the program", Q(opened_at__gte=since)),
        "screened": ("Initial screening done", of_case(InitialScreening.objects.filter(screened_at__gte=since))),
        "consented": ("Consent signed", of_case(Consent.objects.filter(recorded_at__gte=since))),
        "scheduled": ("Assessment appointment set", of_case(Appointment.objects.filter(set_at__gte=since))),
        "assessed": ("Assessment completed", of_case(Assessment.objects.filter(completed_at__gte=since))),
        "isp_signed": ("ISP signed", of_case(ServicePlan.objects.filter(activated_at__gte=since))),
        "lost": ("In the wind since the last meeting", lost),
        "late": ("Assessment overdue since the last meeting", Case.overdue_q(now) & Q(assessment_due_at__gte=since)),
        "charged": (
            "New criminal case",
            Q(participant__in=CriminalCase.objects.filter(created_at__gte=since).values("participant_id")),
        ),
        "progress": ("New progress summary", of_case(summaries.filter(written_at__gte=since))),
        "flagged": ("Flagged for discussion", of_case(flags_on(meeting, previous))),
    }


def flags_on(meeting: Meeting, previous: Meeting | None) -> QuerySet[Flag]:
    """The flags that count on `meeting`'s agenda: raised for it, or for a meeting cancelled
    since the last one was held (a held meeting has discussed its flags)."""
    flags = Flag.objects.filter(meeting__starts_at__lte=meeting.starts_at).exclude(meeting__status=Meeting.Status.HELD)
    return flags if previous is None else flags.filter(meeting__starts_at__gt=previous.starts_at)


def _unchanged(now: datetime, shown: set[int]) -> list[Row]:
    """The active participants not shown in full anywhere on the agenda, as compact rows: one
    query of plain values, days in the site's time zone (no model instances: there may be
    thousands)."""
    values = (
        Case.objects.open()
        .exclude(pk__in=shown)
        .annotate(reached_on=TruncDate("last_reached_at", tzinfo=timezone.get_current_timezone()))
        .order_by("participant__last_name", "participant__first_name", "pk")
        .values_list(
            "public_id",
            "participant__first_name",
            "participant__last_name",
            "case_manager__first_name",
            "case_manager__last_name",
            "opened_at",
            "reached_on",
            "status",
            "assessment_due_on",
        )
    )
    labels = dict(Case.Status.choices)
    waiting = set(Case.WAITING_STATUSES)
    return [
        Row(
            case_id=public_id,
            name=f"{first} {last}",
            case_manager=f"{cm_first} {cm_last}".strip(),
            days_in_program=(now - opened_at).days,
            last_reached=day_label(reached_on) if reached_on else "Not yet",
            next_step=labels[status] + (f" (due {day_label(due_on)})" if due_on and status in waiting else ""),
        )
        for public_id, first, last, cm_first, cm_last, opened_at, reached_on, status, due_on in values
    ]


# What the viewer may know of each participant's progress ------------------------------------


def _share_progress(entries: list[Entry], viewer, now: datetime) -> None:
    """The summaries the viewer may read (cases.selectors.progress_summaries_visible_to, the one
    rule for them) of the cases on the agenda, and whether a release covers the viewer: two
    queries however many cases."""
    on_agenda = Case.objects.filter(pk__in={e.case.pk for e in entries if e.case is not None})
    released = set(releases_shared_with(viewer, now=now).filter(case__in=on_agenda).values_list("case_id", flat=True))
    latest = {}
    for summary in (
        progress_summaries_visible_to(viewer, now=now)
        .filter(case__in=on_agenda)
        .order_by("case_id", "-written_at", "-id")
    ):
        latest.setdefault(summary.case_id, summary)
    for entry in entries:
        if entry.case is not None:
            entry.has_release, entry.progress = entry.case.pk in released, latest.get(entry.case.pk)
