"""Training of police personnel (policy II: the PCG's training duty; the project director
coordinates it): sessions by topic, and attendance by officer."""

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from lead.locking import Revisioned


class TrainingSession(Revisioned):
    class Topic(models.TextChoices):
        HARM_REDUCTION = "harm_reduction", "Harm reduction"
        PRE_ARREST = "pre_arrest", "Pre-arrest diversion"
        PRE_BOOKING = "pre_booking", "Pre-booking diversion"
        LEAD = "lead", "LEAD: the program, eligibility and the hand-off"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    topic = models.CharField(max_length=16, choices=Topic.choices)
    held_on = models.DateField()
    place = models.CharField(max_length=200, blank=True)
    trainer = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]


class TrainingAttendance(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendance")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trainings")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "officer"], name="trainingattendance_once")]
        # "Is this officer trained?" at every screening when training is required.
        indexes = [models.Index(fields=["officer"], name="trainingattendance_officer_idx")]
