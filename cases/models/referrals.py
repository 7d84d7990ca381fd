"""Participants, the referrals that bring them to LEAD (arrest diversion and social contact
referral, policy IV, VI.A and VIII), the cases that follow, the pre-booking charging hold
(policy X.B) and the case managers' on-call roster.

Who sees a referral or a case is decided by its fields (the referral's agency and that agency's
prosecuting office, the case's provider and case manager) and, for the case managers asked to
take a hand-off, by their django-guardian grant (cases/grants.py, docs/access.md "Object level")."""

import uuid
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from lead import demographics
from lead.system.models import SiteConfiguration
from lead.validation import validate_name


class Participant(models.Model):
    """A person referred to LEAD. Identity, how to reach them, and demographics as the person
    self-reports them (never as an officer perceives them)."""

    Ethnicity = demographics.Ethnicity
    Race = demographics.Race

    class Gender(models.TextChoices):
        WOMAN = "woman", "Woman"
        MAN = "man", "Man"
        TRANSGENDER = "transgender", "Transgender"
        NON_BINARY = "non_binary", "Non-binary"
        OTHER = "other", "Another gender"
        DECLINED = "declined", "Declined to answer"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # No invisible or direction characters: two stored names must never look alike on a page.
    first_name = models.CharField(max_length=100, validators=[validate_name])
    last_name = models.CharField(max_length=100, validators=[validate_name])
    aliases = models.TextField(
        blank=True, validators=[validate_name], help_text="Other names the person uses, one per line."
    )
    date_of_birth = models.DateField(null=True, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    contact_notes = models.TextField(blank=True, help_text="Where and how to reach the person.")
    race = models.JSONField(default=list, blank=True, help_text="Self-reported; several may apply.")
    ethnicity = models.CharField(max_length=16, choices=Ethnicity.choices, blank=True)
    gender = models.CharField(max_length=16, choices=Gender.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["date_of_birth"], name="participant_dob_idx"),
            # Lists sorted by person (cases, referrals): read in name order and stopped at a page,
            # instead of sorting every case of ten years (121 ms to 2.5 ms at 50,000 participants).
            models.Index(fields=["last_name", "first_name"], name="participant_name_idx"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class ParticipantName(models.Model):
    """Every name of a participant (legal name and aliases), normalised, so the search for an
    existing record before creating one is an index lookup. Rebuilt by the participant services."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="names")
    last_key = models.CharField(max_length=100)
    first_key = models.CharField(max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        # The duplicate search: participant_search() filters on last_key (and first_key).
        indexes = [models.Index(fields=["last_key", "first_key"], name="participantname_key_idx")]


class Referral(models.Model):
    """How a person comes to LEAD: an officer's arrest diversion (with the screening behind it,
    the hand-off to a case manager and the LEAD Intake Form) or an OWG member's social contact
    referral (approved at the OWG)."""

    class Kind(models.TextChoices):
        ARREST_DIVERSION = "arrest_diversion", "Arrest diversion"
        SOCIAL_CONTACT = "social_contact", "Social contact referral"

    class Stage(models.TextChoices):
        PRE_ARREST = "pre_arrest", "Pre-arrest"
        PRE_BOOKING = "pre_booking", "Pre-booking"

    class Status(models.TextChoices):
        AWAITING_CASE_MANAGER = "awaiting_case_manager", "Waiting for a case manager"
        CASE_OPEN = "case_open", "Handed off: case open"
        PENDING = "pending", "Waiting for OWG approval"
        APPROVED = "approved", "Approved: case open"
        DECLINED = "declined", "Declined by the OWG"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class MeetingPlace(models.TextChoices):
        FIELD = "field", "In the field"
        STATION = "station", "At a station"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # What a person reads over the phone ("L-2026-0042"): the year the referral was made in the
    # site's time zone and its number in that year (ReferenceCounter). The case that follows
    # shows the same reference (`Case.reference`): to the people working it, one person's
    # diversion is one thing with one name.
    reference = models.CharField(max_length=16, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=24, choices=Status.choices)
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="referrals")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="referrals_made")
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_made")
    created_at = models.DateTimeField(default=timezone.now)

    # Arrest diversion.
    screening = models.OneToOneField(
        "eligibility.Screening", null=True, blank=True, on_delete=models.PROTECT, related_name="referral"
    )
    stage = models.CharField(max_length=12, choices=Stage.choices, blank=True)
    # Policy IV: the police agency for pre-arrest, the prosecuting agency for pre-booking.
    file_holder = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="files_held"
    )
    on_call_case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="handoffs_asked"
    )
    on_call_phone = models.CharField(max_length=40, blank=True)
    handoff_requested_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="handoffs_accepted"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    meeting_place_kind = models.CharField(max_length=10, choices=MeetingPlace.choices, blank=True)
    meeting_place = models.CharField(max_length=200, blank=True)
    handed_off_at = models.DateTimeField(null=True, blank=True)

    # The LEAD Intake Form (policy VI.A.7), besides the participant's own details.
    intake_submitted_at = models.DateTimeField(null=True, blank=True)
    incident_at = models.DateTimeField(null=True, blank=True)
    incident_location = models.CharField(max_length=200, blank=True)
    offense = models.CharField(max_length=200, blank=True)
    overview = models.TextField(blank=True)
    crime_report_number = models.CharField(max_length=40, blank=True)

    # Social contact referral.
    reason = models.TextField(blank=True)
    known_needs = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    outreach_plan = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The referral list, newest first, by status and kind.
            models.Index(fields=["-created_at"], name="referral_created_idx"),
            models.Index(fields=["status", "-created_at"], name="referral_status_idx"),
            models.Index(fields=["kind", "-created_at"], name="referral_kind_idx"),
            # The case manager's queue of hand-offs asked of them.
            models.Index(fields=["on_call_case_manager", "status"], name="referral_on_call_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.participant} ({self.get_status_display()})"

    @property
    def handoff_minutes(self) -> int | None:
        """From the request for a case manager to the hand-off itself: the warm hand-off target is 30."""
        if self.handoff_requested_at and self.handed_off_at:
            return round((self.handed_off_at - self.handoff_requested_at).total_seconds() / 60)
        return None


class ReferenceCounter(models.Model):
    """The last reference number given in a year: the next referral of that year takes the one
    after (cases.services.referrals.reference_next, under this row's lock). Holds no personal data."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


def reference_format(year: int, number: int) -> str:
    return f"L-{year}-{number:04d}"


class IntakeDraft(models.Model):
    """What the officer has typed into the LEAD Intake Form so far, saved as they go."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="intake_draft")
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField()
    history = HistoricalRecords()


def end_of_day(day, tz=None) -> datetime:
    """The first instant after `day` in the site's time zone: a deadline "on" that day ends there."""
    tz = tz or timezone.get_current_timezone()
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)


class CaseQuerySet(models.QuerySet):
    """The case states the sweep, the pages, the OWG agenda, outreach and the reports ask about,
    each the filter of one `Case.*_q()` expression (so the reports count the same states inside
    their aggregates)."""

    def open(self):
        return self.filter(Case.open_q())

    def active(self, start: datetime, end: datetime):
        return self.filter(Case.active_q(start, end))

    def waiting_for_assessment(self):
        return self.filter(Case.waiting_q())

    def overdue(self, now: datetime):
        return self.filter(Case.overdue_q(now))

    def due_within(self, now: datetime, days: int | None = None):
        return self.filter(Case.due_within_q(now, days))

    def in_the_wind(self, now: datetime, days: int | None = None):
        return self.filter(Case.in_the_wind_q(now, days))

    def quiet(self, now: datetime):
        return self.filter(Case.quiet_q(now))


def _not_reached_since(cutoff: datetime, lookup: str) -> models.Q:
    """Not reached (or, never reached, opened) `lookup` ("lt" or "lte") the cutoff: the SQL of
    `Case.reached_since`."""
    return models.Q(**{f"last_reached_at__{lookup}": cutoff}) | models.Q(
        last_reached_at__isnull=True, **{f"opened_at__{lookup}": cutoff}
    )


# Case.OPEN_STATUSES for Meta, which cannot name the class (a test checks they agree).
_OPEN = ["referred", "screened", "consented", "scheduled", "assessed", "isp_active"]


class Case(models.Model):
    """A participant's case with a case manager. Opened when the case manager takes the hand-off
    (arrest diversion) or the OWG approves a social contact referral. The case management issue
    adds consent, assessment, ISP and the lifecycle.

    The states other apps ask about are defined here once, each as a `Q` expression (for
    querysets, aggregates and the reports) and a method on one case, over the same fields and
    thresholds (docs/case-management.md, "Case states"):
    - open: not closed (`open_q`, `is_open`); active in a period: open at some time in it
      (`active_q`, the reports' form: a status has no history, so it reads the dates the status
      is derived from);
    - waiting for the assessment: open and the assessment not completed (`waiting_q`,
      `is_waiting_for_assessment`);
    - overdue: waiting, and the end of the due date has come (`overdue_q`, `is_overdue`);
    - due soon: waiting, due within `DUE_SOON_DAYS` calendar days, overdue ones included
      (`due_within_q`, `is_due_within`);
    - in the wind: open and not reached for more than the site's `in_the_wind_days`
      (`in_the_wind_q`, `is_in_the_wind`);
    - quiet: open and not reached for `QUIET_DAYS` or more (`quiet_q`, `is_quiet`)."""

    class Status(models.TextChoices):
        # Derived from what has happened (cases.lifecycle.case_status_refresh), in this order.
        REFERRED = "referred", "Referred: initial screening next"
        SCREENED = "screened", "Screened: consent next"
        CONSENTED = "consented", "Consented: set the assessment appointment"
        SCHEDULED = "scheduled", "Assessment scheduled"
        ASSESSED = "assessed", "Assessed: build the ISP"
        ISP_ACTIVE = "isp_active", "ISP active"
        CLOSED = "closed", "Closed"

    class Closing(models.TextChoices):
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrew"
        MOVED = "moved", "Moved away"
        DECEASED = "deceased", "Deceased"
        ISP_NOT_COMPLETED = "isp_not_completed", "ISP not completed: referred to the OWG"
        OWG = "owg", "Closed by decision of the OWG"

    OPEN_STATUSES = (
        Status.REFERRED,
        Status.SCREENED,
        Status.CONSENTED,
        Status.SCHEDULED,
        Status.ASSESSED,
        Status.ISP_ACTIVE,
    )
    # Open, the full assessment not completed yet: the 30-day clock runs.
    WAITING_STATUSES = (Status.REFERRED, Status.SCREENED, Status.CONSENTED, Status.SCHEDULED)
    # "Due soon": within a week of the due date (the sweep's first reminder, LEAD_REMINDER_DAYS).
    DUE_SOON_DAYS = 7
    # "Quiet": a week without reaching the person; outreach looks for them before "in the wind".
    QUIET_DAYS = 7

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="cases")
    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="case")
    provider = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="cases")
    case_manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.REFERRED)
    opened_at = models.DateTimeField()
    # Policy VI.A.3: 30 days from the diversion to complete the full assessment; the deadline is
    # the end of that day in the site's time zone. Social contact referrals have none.
    assessment_due_on = models.DateField(null=True, blank=True)
    assessment_due_at = models.DateTimeField(null=True, blank=True)
    # The last contact in which the participant was reached: "in the wind" is computed from it.
    last_reached_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(max_length=20, choices=Closing.choices, blank=True)
    closing_note = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        # Granted per case to the outreach specialist assigned to it (outreach.Assignment).
        permissions = [("engage_case", "Find and engage the participant (identity, contact details, engagement log)")]
        indexes = [
            # "My caseload": the case manager's open cases.
            models.Index(fields=["case_manager", "status"], name="case_manager_status_idx"),
            models.Index(fields=["status"], name="case_status_idx"),
            # The reports: cases opened and closed in a period.
            models.Index(fields=["opened_at"], name="case_opened_idx"),
            models.Index(fields=["closed_at"], name="case_closed_idx"),
            # The case list's orders over open cases (cases/filters.py, CASE_COLUMNS): soonest due
            # first, and in the wind, not reached (or opened) longest ago first. Read in order and
            # stopped at a page, instead of sorting thousands of open cases for 25 rows.
            # (PostgreSQL's ascending index puts nulls last, as the list does; SQLite cannot say so.)
            models.Index(
                "assessment_due_at",
                "id",
                name="case_open_due_idx",
                condition=models.Q(status__in=_OPEN),
            ),
            models.Index(
                Coalesce("last_reached_at", "opened_at"),
                models.F("id"),
                name="case_open_reached_idx",
                condition=models.Q(status__in=_OPEN),
            ),
            # The deadline sweep: open cases still waiting for their assessment, by due date
            # (the statuses are Case.WAITING_STATUSES, which Meta cannot name; a test checks).
            models.Index(
                fields=["assessment_due_on"],
                name="case_assessment_due_idx",
                condition=models.Q(
                    status__in=["referred", "screened", "consented", "scheduled"], assessment_due_on__isnull=False
                ),
            ),
        ]

    def __str__(self):
        return f"Case of {self.participant}"

    @property
    def reference(self) -> str:
        """The referral's: a case is known by the diversion that opened it."""
        return self.referral.reference

    @property
    def step_name(self) -> str:
        """The status without what comes next ("Referred", not "Referred: initial screening next")."""
        return self.get_status_display().partition(":")[0]

    # The case states as SQL ---------------------------------------------------------------

    @staticmethod
    def open_q(prefix: str = "") -> models.Q:
        """`prefix` reaches the case through a relation (`"cases__"` from a user), as in
        `Count("cases", filter=Case.open_q("cases__"))`."""
        return models.Q(**{f"{prefix}status__in": Case.OPEN_STATUSES})

    @staticmethod
    def active_q(start: datetime, end: datetime) -> models.Q:
        return models.Q(opened_at__lt=end) & (models.Q(closed_at__isnull=True) | models.Q(closed_at__gte=start))

    @staticmethod
    def waiting_q() -> models.Q:
        return models.Q(status__in=Case.WAITING_STATUSES)

    @staticmethod
    def overdue_q(now: datetime) -> models.Q:
        return Case.waiting_q() & models.Q(assessment_due_at__lte=now)

    @staticmethod
    def due_within_q(now: datetime, days: int | None = None) -> models.Q:
        return Case.waiting_q() & models.Q(assessment_due_on__lte=Case._due_horizon(now, days))

    @staticmethod
    def in_the_wind_q(now: datetime, days: int | None = None) -> models.Q:
        return Case.open_q() & _not_reached_since(now - timedelta(days=Case.in_the_wind_days(days)), "lt")

    @staticmethod
    def quiet_q(now: datetime) -> models.Q:
        return Case.open_q() & _not_reached_since(now - timedelta(days=Case.QUIET_DAYS), "lte")

    # The same states of this case -----------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.status in Case.OPEN_STATUSES

    @property
    def is_waiting_for_assessment(self) -> bool:
        return self.status in Case.WAITING_STATUSES

    def is_overdue(self, now: datetime) -> bool:
        return self.is_waiting_for_assessment and self.assessment_due_at is not None and self.assessment_due_at <= now

    def is_due_within(self, now: datetime, days: int | None = None) -> bool:
        return (
            self.is_waiting_for_assessment
            and self.assessment_due_on is not None
            and self.assessment_due_on <= Case._due_horizon(now, days)
        )

    @property
    def reached_since(self) -> datetime:
        """The last time the participant was reached, or the opening if never."""
        return self.last_reached_at or self.opened_at

    def days_unreached(self, now: datetime) -> int:
        return (now - self.reached_since).days

    def is_in_the_wind(self, now: datetime, days: int | None = None) -> bool:
        return self.is_open and self.reached_since < now - timedelta(days=Case.in_the_wind_days(days))

    def is_quiet(self, now: datetime) -> bool:
        return self.is_open and self.reached_since <= now - timedelta(days=Case.QUIET_DAYS)

    # Thresholds -------------------------------------------------------------------------------

    @staticmethod
    def in_the_wind_days(days: int | None = None) -> int:
        """The site's threshold (Administration, site configuration), unless the caller, asking
        for many cases, already read it."""
        return days if days is not None else SiteConfiguration.current().in_the_wind_days

    @staticmethod
    def _due_horizon(now: datetime, days: int | None) -> date:
        """The last due date that is "due soon" at `now`: today plus the days, in the site's time zone."""
        return timezone.localdate(now) + timedelta(days=Case.DUE_SOON_DAYS if days is None else days)


class ChargingHold(models.Model):
    """Policy X.B: at pre-booking sites the prosecuting office holds the official charging
    paperwork pending the participant's assessment, then releases it for filing or declines."""

    class Status(models.TextChoices):
        HELD = "held", "Held pending the assessment"
        RELEASED = "released", "Released for filing"
        DECLINED = "declined", "Declined: no charges filed"

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="charging_hold")
    office = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="charging_holds")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.HELD)
    held_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        # The prosecutor's queue: the office's holds by status, oldest first (read in order, not
        # sorted: an office's held paperwork grows with the years).
        indexes = [models.Index(fields=["office", "status", "held_at"], name="charginghold_office_queue_idx")]


class OnCallShift(models.Model):
    """Who of the case managers takes hand-offs when, and on which number (policy VI.A.5)."""

    case_manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="on_call_shifts")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    phone = models.CharField(max_length=40)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="oncallshift_period_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="oncallshift_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.case_manager} on call {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"
