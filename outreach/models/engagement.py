"""Outreach specialists find and engage participants (policy IV: outreach specialist). A case
manager or the project director assigns a participant to a specialist; the assignment grants the
specialist, through django-guardian, the participant's identity, contact details and engagement
log, never clinical content (cases.grants.ENGAGE_CASE)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Assignment(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="outreach_assignments")
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="outreach_assignments"
    )
    reason = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the specialist should know: where to look, what to say. No health details.",
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "specialist"],
                condition=models.Q(ended_at__isnull=True),
                name="assignment_one_open_per_specialist",
            ),
        ]
        # The specialist's list: their open assignments.
        indexes = [
            models.Index(fields=["specialist"], condition=models.Q(ended_at__isnull=True), name="assignment_open_idx")
        ]
