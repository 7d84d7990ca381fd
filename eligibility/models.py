from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from eligibility import engine


class CriteriaSet(models.Model):
    """An agency's eligibility and exclusion criteria (policy V), kept as versions. The model
    policy's two examples are built in as `example-1` and `example-2`."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    history = HistoricalRecords()

    def __str__(self):
        return self.name


class CriteriaVersion(models.Model):
    """One version of a criteria set. A draft is edited by the project director; once a PCG
    member approves it, officers use it from its effective date. Screenings record the version."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    class OffenseRule(models.TextChoices):
        NEED_RELATED_MINOR_OFFENSE = engine.NEED_RELATED_MINOR_OFFENSE, (
            "Non-violent misdemeanors, violations and city-ordinance offenses related to a need (Example 1)"
        )
        DRUG_OR_PROSTITUTION = engine.DRUG_OR_PROSTITUTION, "Drug- or prostitution-related offenses (Example 2)"

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    effective_from = models.DateField(null=True, blank=True)
    offense_rule = models.CharField(max_length=40, choices=OffenseRule.choices)
    drug_limit_grams = models.DecimalField(max_digits=7, decimal_places=2)
    lookback_years = models.PositiveSmallIntegerField()
    convictions_any_time = models.JSONField(default=list, help_text="Convictions that exclude without time limit.")
    convictions_lookback = models.JSONField(default=list, help_text="Convictions that exclude within the look-back period.")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
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
