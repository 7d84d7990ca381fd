"""Questions a case puts to the Operations Workgroup (policy VIIII). A `Determination` is a question
the OWG must decide about a case: an ISP not completed (VI.I), an assessment overdue (VIIII.D).

The case's lifecycle raises them (closing without an ISP, the deadline sweep) and an extension
answers the overdue one, so they live with the case; the OWG app (which reads cases) puts the
pending ones on the next meeting's agenda and records the decision. The tables keep their first
names (`owg_determination`): the model moved here without touching the data (cases.0008, owg.0004)."""

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Determination(models.Model):
    class Kind(models.TextChoices):
        ISP_NOT_COMPLETED = "isp_not_completed", "ISP not completed: decide on the original charge"
        ASSESSMENT_OVERDUE = "assessment_overdue", "Assessment overdue: decide on an extension or filing the charge"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the OWG"
        DECIDED = "decided", "Decided"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="determinations")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.TextField(blank=True)
    history = HistoricalRecords(table_name="owg_historicaldetermination")

    class Meta:
        db_table = "owg_determination"
        ordering = ["created_at", "id"]
        constraints = [
            # One open question of each kind per case: asking twice (a retry, two clicks) is one item.
            models.UniqueConstraint(
                fields=["case", "kind"], condition=models.Q(status="pending"), name="determination_one_pending_per_kind"
            )
        ]
        # The OWG agenda: pending determinations, oldest first.
        indexes = [models.Index(fields=["status", "created_at"], name="determination_status_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"
