"""What the case manager records (policy VI): the initial screening, written consent, the
assessment appointment, releases of information, the psychosocial assessment, the Individual
Service Plan, progress notes, contacts, and the progress summary shared with the OWG.

Clinical records (CLINICAL_MODELS) are shown only to the case's assigned case manager and the
provider's supervisor; see cases/clinical.py. Records that people edit over days are
`Revisioned` (lead.locking): a save made from an older page is refused, never merged."""

import os
import uuid
from datetime import date

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from simple_history.models import HistoricalRecords

from cases.models.referrals import Case
from lead.locking import Revisioned


class PrivateStorage(FileSystemStorage):
    """Uploaded and drawn signatures: outside the web root, served only by a checked view. The
    folder is read from the settings at each use (not once at start-up), so tests and operators
    can move it."""

    @property
    def base_location(self):
        return str(settings.LEAD_PRIVATE_FILES)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def private_storage():
    return PrivateStorage()


class InitialScreening(models.Model):
    """Policy VI.A: on transfer, basic information, acute medical needs and immediate needs."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="initial_screening")
    basic_information = models.TextField()
    acute_medical_needs = models.TextField(blank=True, help_text="Clinical: visible to the case's case managers only.")
    shelter_needed = models.BooleanField()
    shelter_action = models.CharField(max_length=300, blank=True)
    clothing_needed = models.BooleanField()
    clothing_action = models.CharField(max_length=300, blank=True)
    food_needed = models.BooleanField()
    food_action = models.CharField(max_length=300, blank=True)
    other_needs = models.CharField(max_length=300, blank=True)
    other_action = models.CharField(max_length=300, blank=True)
    screened_at = models.DateTimeField()
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        # The OWG agenda: what happened since its last meeting (owg.agenda._changes).
        indexes = [models.Index(fields=["screened_at"], name="initialscreening_at_idx")]


class Consent(models.Model):
    """Policy VI.B: written consent to participate, witnessed by the case manager."""

    class Kind(models.TextChoices):
        DRAWN = "drawn", "Signed on screen"
        UPLOADED = "uploaded", "Scanned signed form"

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="consent")
    signed_on = models.DateField()
    signature_kind = models.CharField(max_length=10, choices=Kind.choices)
    signature = models.FileField(storage=private_storage, upload_to="consent/%Y/%m/")
    witness = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        # The OWG agenda: what happened since its last meeting (owg.agenda._changes).
        indexes = [models.Index(fields=["recorded_at"], name="consent_recorded_idx")]


class Appointment(models.Model):
    """Policy VI.C: the appointment for the full assessment, optimally 24-48 hours after the
    initial screening, at most by the assessment deadline. A new one replaces the last."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="appointments")
    starts_at = models.DateTimeField()
    place = models.CharField(max_length=200)
    set_at = models.DateTimeField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        # The OWG agenda: what happened since its last meeting (owg.agenda._changes).
        indexes = [models.Index(fields=["set_at"], name="appointment_set_idx")]
        ordering = ["-set_at", "-id"]


class ReleaseQuerySet(models.QuerySet):
    """The release rule in SQL, for EXISTS subqueries: the same test as `is_valid_on`."""

    def valid_on(self, day: date):
        return self.filter(revoked_at__isnull=True, expired_at__isnull=True, signed_on__lte=day).filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=day)
        )

    def covering(self, agency_id: int | None):
        """Releases whose recipients include the agency: every OWG member agency, or the named
        ones. Without an agency, only a release to the OWG's members. (By id: the viewer's
        agency need not be loaded for it.)"""
        to_owg = models.Q(recipients=ReleaseOfInformation.Recipients.OWG_MEMBERS)
        if agency_id is None:
            return self.filter(to_owg)
        named = ReleaseOfInformation.named_agencies.through.objects.filter(
            releaseofinformation_id=models.OuterRef("pk"), agency_id=agency_id
        )
        return self.filter(to_owg | models.Q(models.Exists(named)))


class ReleaseOfInformation(models.Model):
    """Policy VI.D, with every element of a 42 CFR Part 2 consent. Whether it is valid on a day is
    computed (`is_valid_on`, or `ReleaseOfInformation.objects.valid_on` in SQL), never typed:
    signed, not revoked, not expired."""

    class Recipients(models.TextChoices):
        OWG_MEMBERS = "owg_members", "The members of the Operations Workgroup"
        NAMED_AGENCIES = "named_agencies", "Only the agencies named below"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="releases")
    discloser = models.CharField("who may disclose", max_length=200)
    information = models.TextField("what information", help_text="A specific description of what may be shared.")
    recipients = models.CharField(max_length=20, choices=Recipients.choices)
    named_agencies = models.ManyToManyField("agencies.Agency", blank=True, related_name="+")
    purpose = models.TextField()
    right_to_revoke_explained = models.BooleanField()
    expires_on = models.DateField(null=True, blank=True)
    expiry_event = models.CharField(
        max_length=200, blank=True, help_text="An event that ends it, e.g. the case closing."
    )
    expired_at = models.DateTimeField(null=True, blank=True, help_text="When the expiry event happened.")
    signed_on = models.DateField()
    signature_kind = models.CharField(max_length=10, choices=Consent.Kind.choices)
    signature = models.FileField(storage=private_storage, upload_to="roi/%Y/%m/")
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=False) | ~models.Q(expiry_event=""),
                name="roi_has_expiry_date_or_event",
            )
        ]

    def is_valid_on(self, day: date) -> bool:
        return (
            self.revoked_at is None
            and self.expired_at is None
            and self.signed_on <= day
            and (self.expires_on is None or day <= self.expires_on)
        )


class Assessment(Revisioned):
    """Policy VI.E: the psychosocial assessment under a harm-reduction framework. Structured
    fields per domain are what reports count; the narratives are clinical. Completing it stops
    the 30-day clock."""

    class Substance(models.TextChoices):
        ALCOHOL = "alcohol", "Alcohol"
        OPIOIDS = "opioids", "Opioids (heroin, fentanyl, pills)"
        STIMULANTS = "stimulants", "Stimulants (methamphetamine, cocaine)"
        CANNABIS = "cannabis", "Cannabis"
        OTHER = "other", "Other"
        NONE = "none", "None"

    class Housing(models.TextChoices):
        UNSHELTERED = "unsheltered", "Unsheltered (street, car, encampment)"
        SHELTER = "shelter", "Emergency shelter"
        TRANSITIONAL = "transitional", "Transitional housing"
        DOUBLED_UP = "doubled_up", "Staying with others"
        RENTING = "renting", "Renting"
        OWNED = "owned", "Own home"
        INSTITUTION = "institution", "Hospital, treatment or jail"

    class Employment(models.TextChoices):
        UNEMPLOYED = "unemployed", "Unemployed, looking"
        NOT_LOOKING = "not_looking", "Not working, not looking"
        PART_TIME = "part_time", "Part-time or informal work"
        FULL_TIME = "full_time", "Full-time"
        UNABLE = "unable", "Unable to work (disability)"

    class Education(models.TextChoices):
        NONE = "none", "Less than high school"
        HIGH_SCHOOL = "high_school", "High school or GED"
        SOME_COLLEGE = "some_college", "Some college or vocational training"
        DEGREE = "degree", "College degree"

    class Status(models.TextChoices):
        DRAFT = "draft", "In progress"
        COMPLETED = "completed", "Completed"

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="assessment")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    substances = models.JSONField(default=list, blank=True)
    in_substance_treatment = models.BooleanField(null=True, blank=True)
    chemical_dependency = models.TextField(blank=True)
    mental_health_concerns = models.BooleanField(null=True, blank=True)
    in_mental_health_treatment = models.BooleanField(null=True, blank=True)
    mental_health = models.TextField(blank=True)
    housing_status = models.CharField(max_length=20, choices=Housing.choices, blank=True)
    housing = models.TextField(blank=True)
    open_legal_cases = models.BooleanField(null=True, blank=True)
    legal = models.TextField(blank=True)
    employment_status = models.CharField(max_length=20, choices=Employment.choices, blank=True)
    employment = models.TextField(blank=True)
    education_level = models.CharField(max_length=20, choices=Education.choices, blank=True)
    education = models.TextField(blank=True)
    goals = models.TextField("the participant's own goals", blank=True)
    strengths = models.TextField("the participant's strengths", blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        # The OWG agenda: what happened since its last meeting (owg.agenda._changes).
        indexes = [models.Index(fields=["completed_at"], name="assessment_completed_idx")]

    @property
    def is_completed(self) -> bool:
        """Completed: the 30-day clock stopped (the case is then "assessed", cases.lifecycle)."""
        return self.status == Assessment.Status.COMPLETED


class ServicePlan(Revisioned):
    """Policy VI.F-H: the Individual Service Plan built with the participant."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Being built"
        ACTIVE = "active", "Active"

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="plan")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    activated_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        # The OWG agenda: what happened since its last meeting (owg.agenda._changes).
        indexes = [models.Index(fields=["activated_at"], name="plan_activated_idx")]


class Domain(models.TextChoices):
    CHEMICAL_DEPENDENCY = "chemical_dependency", "Chemical dependency"
    MENTAL_HEALTH = "mental_health", "Mental health"
    HOUSING = "housing", "Housing"
    LEGAL = "legal", "Legal"
    EMPLOYMENT = "employment", "Employment and income"
    EDUCATION = "education", "Education"
    OTHER = "other", "Other"


class Goal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Working on it"
        ACHIEVED = "achieved", "Achieved"
        DROPPED = "dropped", "Dropped"

    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(max_length=24, choices=Domain.choices)
    need = models.TextField()
    goal = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]


class ActionStep(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "To do"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    description = models.CharField(max_length=300)
    who = models.CharField(max_length=100, help_text="The participant, the case manager, a provider...")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]


class CurrentService(models.Model):
    """Policy VI.H: services the participant already receives, to strengthen the connection."""

    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="services")
    provider = models.CharField(max_length=200)
    contact = models.CharField(max_length=200, blank=True)
    service = models.CharField(max_length=300)
    history = HistoricalRecords()


class CaseNote(models.Model):
    """A progress note on the ISP: clinical."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    written_at = models.DateTimeField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-written_at", "-id"]
        indexes = [models.Index(fields=["case", "-written_at"], name="casenote_case_at_idx")]


class Contact(models.Model):
    """Every contact or attempt with the participant, by a case manager or outreach specialist."""

    class Kind(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        PHONE = "phone", "Phone"
        TEXT = "text", "Text message"
        OUTREACH = "outreach", "Outreach (looking for the person)"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="contacts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reached = models.BooleanField(help_text="Whether the participant was reached, or it was an attempt.")
    at = models.DateTimeField()
    duration_minutes = models.PositiveIntegerField(default=0)
    place = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-at", "-id"]
        # The case's contact log, newest first.
        indexes = [
            models.Index(fields=["case", "-at"], name="contact_case_at_idx"),
            # The reports: contacts in a period.
            models.Index(fields=["at"], name="contact_at_idx"),
        ]


class ProgressSummary(models.Model):
    """What the OWG may know of the participant's progress: engagement and a short note the case
    manager writes for it. Shown to OWG members only while a valid release of information is on
    file; never clinical detail."""

    class Engagement(models.TextChoices):
        ENGAGED = "engaged", "Engaged"
        PARTLY = "partly", "Partly engaged"
        NOT_ENGAGED = "not_engaged", "Not engaged"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="summaries")
    engagement = models.CharField(max_length=12, choices=Engagement.choices)
    note = models.CharField(max_length=500, help_text="For the OWG: progress in a few words, no health details.")
    # Where the participant stands now, for the reports' outcomes (against the assessment's
    # baseline); not shown to the OWG.
    housing_status = models.CharField(max_length=20, choices=Assessment.Housing.choices, blank=True)
    employment_status = models.CharField(max_length=20, choices=Assessment.Employment.choices, blank=True)
    written_at = models.DateTimeField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        # The OWG agenda: what happened since its last meeting (owg.agenda._changes).
        indexes = [models.Index(fields=["written_at"], name="summary_written_idx")]
        ordering = ["-written_at", "-id"]


# Models whose content police, prosecutors, defenders, the PCG and the coordinator never see.
CLINICAL_MODELS = (InitialScreening, Assessment, ServicePlan, Goal, ActionStep, CurrentService, CaseNote)
