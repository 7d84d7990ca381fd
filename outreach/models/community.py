"""Community engagement (policy: Public Outreach and Education): the Community Leadership Team,
its activities and the community's feedback, and the coordinator's monthly report to the PCG.
The coordinator works independently of enforcement and prosecution: police and prosecutors have
no access to any of it (lead/access.py)."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from lead.locking import Revisioned
from lead.validation import validate_name

PER_ACTIVITY_MAX = 100_000  # people reached or copies handed out by one activity


class CLTMember(Revisioned):
    class Experience(models.TextChoices):
        COMMUNITY = "community", "Community member"
        ACTIVIST = "activist", "Community activist"
        JUSTICE = "justice", "Justice involvement"
        DRUG_USE = "drug_use", "Former or current drug use"
        MENTAL_ILLNESS = "mental_illness", "Affected by mental illness"
        POVERTY = "poverty", "Affected by poverty"
        HOMELESSNESS = "homelessness", "Currently or formerly homeless"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, validators=[validate_name])
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    # Only what the member chooses to disclose; nothing is required.
    experience = models.JSONField(default=list, blank=True)
    listed = models.BooleanField(default=False, help_text="The member consents to be listed publicly as a CLT member.")
    consent_on = models.DateField(null=True, blank=True)
    term_starts = models.DateField()
    term_ends = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Activity(Revisioned):
    class Kind(models.TextChoices):
        FORUM = "forum", "Educational forum"
        PRESENTATION = "presentation", "Presentation"
        LITERATURE = "literature", "Literature distribution"
        MEDIA = "media", "Media inquiry"
        AGENCY = "agency", "Presentation by a PCG member agency"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    held_on = models.DateField()
    title = models.CharField(max_length=200, help_text="What: the topic, the outlet, the material.")
    place = models.CharField(max_length=200, blank=True)
    audience = models.CharField(
        max_length=200, blank=True, help_text="Who: for example a neighborhood council, the department's patrol staff."
    )
    # One activity reaches a room, a shelter, a roll call: more than PER_ACTIVITY_MAX is a typing
    # mistake (or a broadcast, whose estimate goes in the notes), and would swamp the PCG's figures.
    people = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(PER_ACTIVITY_MAX)],
        help_text="How many people attended or were reached.",
    )
    copies = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(PER_ACTIVITY_MAX)],
        help_text="Literature: how many copies were handed out.",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For a presentation by a PCG member agency.",
    )
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["held_on"], name="activity_held_idx")]


class Feedback(Revisioned):
    class Topic(models.TextChoices):
        PUBLIC_SAFETY = "public_safety", "Public safety"
        FAIRNESS = "fairness", "Fairness and equity"
        SERVICES = "services", "Services and treatment"
        HOUSING = "housing", "Housing and homelessness"
        POLICING = "policing", "Policing"
        PROGRAM = "program", "How LEAD works"
        OTHER = "other", "Other"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    received_on = models.DateField()
    place = models.CharField(max_length=200, help_text="Where it was said: a forum, a call, an e-mail.")
    topic = models.CharField(max_length=16, choices=Topic.choices)
    said = models.TextField(
        help_text="What was said, in a few sentences. No names unless the person asked to be named."
    )
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback")
    response = models.TextField(blank=True, help_text="The follow-up or the program's response.")
    responded_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["received_on"], name="feedback_received_idx")]


class MonthlyReport(Revisioned):
    """The coordinator's monthly report of activities and feedback to the PCG: drafted by the
    app from the month's records, edited, then submitted; the PCG reads submitted ones."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted to the PCG"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    month = models.DateField(unique=True, help_text="The first day of the month reported on.")
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-month"]
