"""What the 30-day assessment deadline sweep has done (issue 6). Each effect is a row claimed once:
(case, kind, due date, days before) is unique, so two sweeps at once, a second beat, a retry after
a crash or a worker killed mid-run give no duplicate; `done_at` is set in the same transaction as
the effect, so a sweep that died leaves the claim to the next one. A notice whose effect fails is
quarantined (issue 17): it keeps its error and waits for `retry_at`, and the others go on."""

from django.db import models

from cases.models.referrals import Case


class DeadlineNotice(models.Model):
    class Kind(models.TextChoices):
        REMINDER = "reminder", "Assessment reminder"
        NO_APPOINTMENT = "no_appointment", "No appointment 48 hours after the initial screening"
        OVERDUE = "overdue", "Assessment overdue"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadline_notices")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # The due date the effect is for: an extension makes a new due date, and new effects.
    due_on = models.DateField()
    days_before = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    # Set when carrying the effect out failed: how often, the last time and why (the exception's
    # class and first line), and when the sweep tries again. Left as they are once it is done.
    # Defaults in the database too: the claim's INSERT ... SELECT and generate_large_site's COPY
    # name only the claim's columns.
    failures = models.PositiveSmallIntegerField(default=0, db_default=0)
    failed_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True, default="", db_default="")
    retry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "due_on", "days_before"], name="deadlinenotice_once"),
        ]
        # The sweep's second step: claimed effects not yet carried out, a batch at a time in the
        # order of their ids (done_at IS NULL ... ORDER BY id LIMIT 500), without sorting a backlog.
        indexes = [
            models.Index(fields=["id"], condition=models.Q(done_at__isnull=True), name="deadlinenotice_todo_idx")
        ]


class SweepRun(models.Model):
    """One run of the deadline sweep, for the project director's page and the health check."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    effects = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["-finished_at"], name="sweeprun_finished_idx")]
