"""The Operations Workgroup's meetings (policy VIIII): the cadence and members, each meeting with
its invited members and attendance, the items members add by hand, and the decisions recorded on
agenda items. The agenda itself is not stored: it is built from the state of the cases for the
next meeting (owg/agenda.py), so an item stays on it until a decision or the case's state takes
it off, and carries over to the following meeting when it is not reached."""

import uuid
from datetime import time

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from lead.locking import Revisioned

WEEKDAYS = [(0, "Monday"), (1, "Tuesday"), (2, "Wednesday"), (3, "Thursday"), (4, "Friday")]


class Workgroup(Revisioned):
    """The site's one workgroup: when it meets and who belongs to it. Meetings are planned ahead
    on this cadence from `next_on` by the periodic planner (owg.services.meetings.meetings_plan)."""

    every_weeks = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(8)], help_text="Policy VIIII.B: bi-weekly."
    )
    next_on = models.DateField(
        null=True, blank=True, help_text="The date of a meeting on the cadence; the others follow from it."
    )
    starts_at = models.TimeField(default=time(10, 0))
    place = models.CharField(max_length=200, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    history = HistoricalRecords(m2m_fields=[members])

    @classmethod
    def current(cls) -> "Workgroup":
        workgroup, _ = cls.objects.get_or_create(pk=1)
        return workgroup

    def __str__(self):
        return "Operations Workgroup"


class Meeting(Revisioned):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The cadence date the planner made this meeting for (it stays when the meeting is moved);
    # empty for a meeting added by hand.
    slot = models.DateField(null=True, blank=True, unique=True)
    # Changed by hand (moved, a recorder named): a new cadence leaves it alone.
    changed = models.BooleanField(default=False)
    starts_at = models.DateTimeField()
    place = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    # Who is invited: the workgroup's members when the meeting was planned, kept in step while
    # it is upcoming. Only they (and the project director) read its agenda.
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="owg_meetings")
    # A member the project director names to record decisions in their place (the delegate).
    recorder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(blank=True, help_text="Anything else for the minutes. No health details.")
    held_at = models.DateTimeField(null=True, blank=True)
    carried_over = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["starts_at"]
        # The next meeting: scheduled ones by start time.
        indexes = [models.Index(fields=["status", "starts_at"], name="meeting_status_starts_idx")]

    def __str__(self):
        return f"OWG meeting {self.starts_at:%Y-%m-%d}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once_per_meeting")]


class AddedItem(models.Model):
    """An item a member puts on the agenda by hand (section 7). It stays until decided."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["added_at", "id"]
        # The agenda: items not yet decided.
        indexes = [
            models.Index(fields=["decided_at"], name="addeditem_open_idx", condition=models.Q(decided_at__isnull=True))
        ]


class Flag(models.Model):
    """A member asks for a participant to be discussed at the next meeting: their update is then
    listed in full on its agenda (owg/agenda.py) however little changed. It counts on the agenda
    of the meeting it was raised for, and of the next one if that meeting is cancelled, until a
    meeting is held; removing it deletes the row (the history keeps who flagged and who removed)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="flags")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    flagged_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "case"], name="flag_once_per_meeting")]


class Decision(models.Model):
    """What the OWG decided on one agenda item at one meeting, who proposed it and why, and the
    follow-up assigned to a member. The service that records it also acts on the case."""

    class Section(models.IntegerChoices):
        NEW_DIVERSION = 1, "New arrest diversions since the last meeting"
        SOCIAL = 2, "Social contact referrals waiting for approval"
        DEADLINE = 3, "Assessments overdue and extensions running out"
        ISP = 4, "Participants who did not complete their ISP"
        CRIMINAL = 5, "New and pending criminal cases of participants"
        UPDATE = 6, "Updates on active participants"
        ADDED = 7, "Items added by members"

    class Outcome(models.TextChoices):
        APPROVE = "approve", "Approve the referral"
        DECLINE = "decline", "Decline the referral"
        EXTEND = "extend", "Grant an extension"
        FILE = "file", "Refer the original charge for filing"
        CONTINUE = "continue", "Continue"
        CLOSE = "close", "Close the case"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    section = models.PositiveSmallIntegerField(choices=Section.choices)
    # What the item is about: "referral:<uuid>", "determination:<uuid>", "case:<uuid>",
    # "criminal:<uuid>", "item:<uuid>". One decision per item per meeting.
    subject = models.CharField(max_length=60)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="owg_decisions"
    )
    referral = models.ForeignKey(
        "cases.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="owg_decisions"
    )
    # The item as the agenda named it, so the minutes read the same later.
    title = models.CharField(max_length=300)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rationale = models.TextField()
    new_due_on = models.DateField(null=True, blank=True)
    action = models.CharField(max_length=300, blank=True, help_text="The follow-up a member takes on.")
    action_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="owg_actions"
    )
    action_done_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "recorded_at", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "section", "subject"], name="decision_once_per_item")]
        indexes = [
            # The agenda: has this item been decided (new diversions), and at which meeting.
            models.Index(fields=["subject"], name="decision_subject_idx"),
            # The reports: decisions in a period.
            models.Index(fields=["recorded_at"], name="decision_recorded_idx"),
            # Members' home pages: their open follow-ups, oldest first (in the index's order: by
            # member alone, PostgreSQL preferred walking every decision by recorded_at).
            models.Index(
                fields=["action_by", "recorded_at"],
                name="decision_open_action_at_idx",
                condition=models.Q(action_done_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} ({self.meeting})"
