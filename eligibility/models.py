import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from eligibility import engine
from lead.locking import Revisioned


class CriteriaSet(models.Model):
    """An agency's eligibility and exclusion criteria (policy V), kept as versions. The model
    policy's two examples are built in as `example-1` and `example-2`."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    history = HistoricalRecords()

    def __str__(self):
        return self.name


class CriteriaVersion(Revisioned):
    """One version of a criteria set. A draft is edited by the project director; once a PCG
    member approves it, officers use it from its effective date. Screenings record the version."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    class OffenseRule(models.TextChoices):
        NEED_RELATED_MINOR_OFFENSE = (
            engine.NEED_RELATED_MINOR_OFFENSE,
            ("Non-violent misdemeanors, violations and city-ordinance offenses related to a need (Example 1)"),
        )
        DRUG_OR_PROSTITUTION = engine.DRUG_OR_PROSTITUTION, "Drug- or prostitution-related offenses (Example 2)"

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    effective_from = models.DateField(null=True, blank=True)
    offense_rule = models.CharField(max_length=40, choices=OffenseRule.choices)
    drug_limit_grams = models.DecimalField("drug amount limit (grams)", max_digits=7, decimal_places=2)
    lookback_years = models.PositiveSmallIntegerField("look-back period (years)")
    convictions_any_time = models.JSONField("convictions that exclude without time limit", default=list, blank=True)
    convictions_lookback = models.JSONField(
        "convictions that exclude within the look-back period", default=list, blank=True
    )
    change_summary = models.TextField(blank=True, help_text="What this version changes and why, for the PCG.")
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["criteria_set", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "number"], name="criteriaversion_unique_number"),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(effective_from__isnull=False),
                name="criteriaversion_approved_has_effective_date",
            ),
            # One draft per set at a time: the director edits it until the PCG approves it.
            models.UniqueConstraint(
                fields=["criteria_set"], condition=models.Q(status="draft"), name="criteriaversion_one_draft_per_set"
            ),
        ]

    def __str__(self):
        return f"{self.criteria_set.slug} v{self.number} ({self.get_status_display()})"

    def as_criteria(self) -> engine.Criteria:
        return engine.Criteria(
            slug=self.criteria_set.slug,
            version=self.number,
            offense_rule=self.offense_rule,
            drug_limit_grams=self.drug_limit_grams,
            lookback_years=self.lookback_years,
            convictions_any_time=frozenset(self.convictions_any_time),
            convictions_lookback=frozenset(self.convictions_lookback),
        )


class Screening(models.Model):
    """An officer's eligibility screening of a person (policy V and VI.A.1-2): the facts as
    answered, the exact criteria version they were judged by, the outcome with every reason, and
    what happened next. It names no person: people who are not diverted leave no record here."""

    class Outcome(models.TextChoices):
        ELIGIBLE = engine.ELIGIBLE, "Eligible"
        INELIGIBLE = engine.INELIGIBLE, "Not eligible"
        COORDINATE = engine.COORDINATE, "Coordinate first"

    class Status(models.TextChoices):
        AWAITING_COORDINATION = "awaiting_coordination", "Waiting for coordination with the supervising agency or court"
        AWAITING_PROSECUTOR = "awaiting_prosecutor", "Waiting for the prosecutor's review"
        ELIGIBLE = "eligible", "Eligible: offer diversion"
        INELIGIBLE = "ineligible", "Not eligible: arrest and process"
        ARRESTED = "arrested", "Arrested and processed"
        DECLINED = "declined", "Declined diversion: arrested and processed"
        REFERRED = "referred", "Accepted diversion: referred to LEAD"

    class CoordinationResult(models.TextChoices):
        ELIGIBLE = "eligible", "Eligible: diversion may go ahead"
        INELIGIBLE = "ineligible", "Not eligible"

    class ProsecutorDecision(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        OVERRULED = "overruled", "Overruled"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="screenings")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="screenings")
    criteria_version = models.ForeignKey(CriteriaVersion, on_delete=models.PROTECT, related_name="screenings")
    report_number = models.CharField("incident or crime report number", max_length=40)
    screened_at = models.DateTimeField()
    # The day in the site's time zone: the look-back period counts back from it.
    screened_on = models.DateField()
    facts = models.JSONField(help_text="The answers, as the engine and the screen command read them.")
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    reasons = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=32, choices=Status.choices)

    coordinated_with = models.CharField(max_length=200, blank=True)
    coordination_result = models.CharField(max_length=16, choices=CoordinationResult.choices, blank=True)
    coordination_notes = models.TextField(blank=True)
    coordinated_at = models.DateTimeField(null=True, blank=True)

    prosecutor_decision = models.CharField(max_length=16, choices=ProsecutorDecision.choices, blank=True)
    prosecutor_reason = models.TextField(blank=True)
    prosecutor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    prosecutor_decided_at = models.DateTimeField(null=True, blank=True)

    arrested_at = models.DateTimeField(null=True, blank=True)
    # Demographics as the person states them, anonymous like the rest of the screening: the
    # equity report compares each group's rate at every step (policy III). Optional.
    race = models.JSONField(default=list, blank=True)
    ethnicity = models.CharField(max_length=16, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-screened_at", "-id"]
        indexes = [
            # The agency's list and the director's list, newest first, filtered by status.
            models.Index(fields=["agency", "-screened_at"], name="screening_agency_at_idx"),
            models.Index(fields=["-screened_at"], name="screening_at_idx"),
            models.Index(fields=["status", "-screened_at"], name="screening_status_at_idx"),
            models.Index(fields=["outcome", "-screened_at"], name="screening_outcome_at_idx"),
            models.Index(fields=["report_number"], name="screening_report_number_idx"),
        ]

    def __str__(self):
        return f"Screening {self.report_number} ({self.get_status_display()})"

    def explanations(self) -> list[tuple[str, str]]:
        return [(code, engine.REASONS[code]) for code in self.reasons]
