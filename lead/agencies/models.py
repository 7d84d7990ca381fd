import uuid

from django.db import models
from simple_history.models import HistoricalRecords


class Agency(models.Model):
    """A partner organisation of the LEAD site: every user works for one."""

    class Kind(models.TextChoices):
        POLICE = "police", "Police department"
        SHERIFF = "sheriff", "Sheriff's office"
        PROSECUTOR = "prosecutor", "District attorney's office"
        PUBLIC_DEFENDER = "public_defender", "Public defender's office"
        SERVICE_PROVIDER = "service_provider", "Service provider"
        PROGRAM = "program", "LEAD program office"
        OTHER = "other", "Other partner"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    jurisdiction = models.CharField(max_length=200, blank=True, help_text="City or county the agency serves.")
    phone = models.CharField(max_length=40, blank=True)
    address = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)
    # Police and sheriff's offices: the criteria their officers screen with (policy V: each agency
    # sets its own, approved by the PCG) and the prosecutor's office that takes their cases.
    criteria_set = models.ForeignKey(
        "eligibility.CriteriaSet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
        help_text="The eligibility criteria this agency's officers screen with.",
    )

    class DiversionStage(models.TextChoices):
        PRE_ARREST = "pre_arrest", "Pre-arrest: the police agency holds the case file"
        PRE_BOOKING = "pre_booking", "Pre-booking: the prosecuting office holds the file and the charging paperwork"

    diversion_stage = models.CharField(
        max_length=12,
        choices=DiversionStage.choices,
        blank=True,
        help_text="Police and sheriff's offices: whether their diversions are pre-arrest or pre-booking (policy IV). "
        "Pre-booking screenings are confirmed by the prosecuting office.",
    )
    prosecuting_office = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="served_agencies",
        limit_choices_to={"kind": Kind.PROSECUTOR},
        help_text="The district attorney's office that prosecutes this agency's cases (its jurisdiction).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name
