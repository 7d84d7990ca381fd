"""The prosecutor's tracking of participants' criminal cases (policy X.D-F) and the filing
decisions the OWG refers to the prosecutor (policy X.G, VIIII.D)."""

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from lead.locking import Revisioned


class CriminalCase(Revisioned):
    """A pending or new criminal case of a participant, tracked by a prosecuting office: in its
    own courts, or in another jurisdiction it liaises with. `feedback` is the office's word to the
    OWG on the case in light of the participant's engagement (policy X.F)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DISMISSED = "dismissed", "Dismissed"
        DIVERTED = "diverted", "Diverted or deferred"
        CONVICTED = "convicted", "Convicted"
        ACQUITTED = "acquitted", "Acquitted"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey("cases.Participant", on_delete=models.PROTECT, related_name="criminal_cases")
    office = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="criminal_cases")
    in_jurisdiction = models.BooleanField(default=True)
    court = models.CharField(max_length=200)
    case_number = models.CharField(max_length=60)
    charge = models.CharField(max_length=200)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    filed_on = models.DateField(null=True, blank=True)
    next_date = models.DateField(null=True, blank=True)
    next_event = models.CharField(max_length=100, blank=True)
    defender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="clients_cases"
    )
    feedback = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["next_date", "created_at"]
        indexes = [
            # The office's list and the agenda: pending cases.
            models.Index(fields=["office", "status"], name="criminalcase_office_idx"),
            models.Index(fields=["status", "created_at"], name="criminalcase_status_idx"),
        ]

    def __str__(self):
        return f"{self.court} {self.case_number}"


class ChargeFiling(models.Model):
    """The OWG referred a participant's original charge for filing; the prosecutor decides."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the prosecutor"
        FILED = "filed", "Filed"
        DECLINED = "declined", "Not filed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    decision = models.OneToOneField("owg.Decision", on_delete=models.PROTECT, related_name="filing")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="filings")
    office = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="filings")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision__recorded_at"]
        indexes = [models.Index(fields=["office", "status"], name="chargefiling_office_idx")]
