"""Access to clinical records beyond the assignment (access-policy.md "Coverage", "Break-glass").

Both are periods, not flags: a query asks whether one is running at `now`, so access ends by
itself when the period does, with no sweep to forget. Both keep their history (who granted,
who ended, when) and every read through them is in the access log."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cases.models.referrals import Case

# The longest coverage a supervisor grants at once: a leave longer than a quarter is a
# reassignment of the caseload, not cover.
COVERAGE_MAX_DAYS = 90
# How long a break-glass opening lets the director read the record: one emergency, not a shift.
BREAK_GLASS_WINDOW = timedelta(minutes=60)


class CoverageQuerySet(models.QuerySet):
    def running_at(self, now):
        return self.filter(starts_at__lte=now, ends_at__gt=now).filter(
            models.Q(ended_at__isnull=True) | models.Q(ended_at__gt=now)
        )


class Coverage(models.Model):
    """A case manager covering a colleague's caseload for a stated period (leave, vacancy),
    granted by the provider's supervisor or the project director. It may end early."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    covering = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coverages_held")
    covered = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coverages_given")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    reason = models.CharField(
        max_length=300, help_text="Why: leave, vacancy... No details about the colleague's health."
    )
    granted_at = models.DateTimeField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = CoverageQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="coverage_ends_after_start"
            ),
            models.CheckConstraint(condition=~models.Q(covering=models.F("covered")), name="coverage_not_of_oneself"),
        ]
        # clinical_cases: is a coverage of this case's manager running for the user?
        indexes = [models.Index(fields=["covering", "covered", "ends_at"], name="coverage_covering_idx")]

    @property
    def effective_end(self):
        return min(self.ends_at, self.ended_at) if self.ended_at else self.ends_at


class BreakGlassQuerySet(models.QuerySet):
    def running_at(self, now):
        return self.filter(opened_at__lte=now, expires_at__gt=now)


class BreakGlass(models.Model):
    """The project director opening one case's clinical record in an emergency, with a reason.
    Read-only, for BREAK_GLASS_WINDOW; reviewed on the audit page."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=1000)
    opened_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    history = HistoricalRecords()

    objects = BreakGlassQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("opened_at")), name="break_glass_expires_after_opening"
            ),
        ]
        # break_glass_cases: an opening of this case by this director, still running.
        indexes = [models.Index(fields=["opened_by", "case", "expires_at"], name="break_glass_open_idx")]
