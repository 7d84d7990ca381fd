from decimal import Decimal

from django.db import models
from simple_history.models import HistoricalRecords


class Heartbeat(models.Model):
    """When a Celery worker last ran the beat's heartbeat task: proof that beat and worker run.
    One row per name, overwritten; it holds no personal data."""

    name = models.CharField(max_length=50, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.seen_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def last_seen(cls, name: str = "worker"):
        return cls.objects.filter(name=name).values_list("seen_at", flat=True).first()


class SiteConfiguration(models.Model):
    """Settings of this LEAD site that the site administrator changes in Administration.
    One row (pk 1), created on first use."""

    program_capacity = models.PositiveIntegerField(
        default=60,
        help_text="How many participants the program can serve at once (open cases). "
        "Social contact referrals are approved only while there is room (policy VIII.A).",
    )
    caseload_limit = models.PositiveIntegerField(
        default=25,
        help_text="The most open cases one case manager carries (the field's ceiling is 25).",
    )
    in_the_wind_days = models.PositiveIntegerField(
        default=14,
        help_text='Days without reaching a participant before the case is flagged "in the wind" for outreach.',
    )
    # The savings estimate of the reports (policy III): unit costs the PCG agrees on.
    cost_per_booking = models.DecimalField(
        max_digits=10, decimal_places=2, default=Decimal("350.00"), help_text="Cost of one jail booking, in dollars."
    )
    cost_per_jail_day = models.DecimalField(
        max_digits=10, decimal_places=2, default=Decimal("150.00"), help_text="Cost of one day in jail, in dollars."
    )
    jail_days_per_booking = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        default=Decimal("3.0"),
        help_text="Average days in jail after a booking for the offenses LEAD diverts.",
    )
    cost_per_prosecution = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=Decimal("1200.00"),
        help_text="Cost of prosecuting one case, in dollars.",
    )
    public_reports = models.BooleanField(
        default=False,
        help_text="Publish the suppressed aggregate report at /transparency/ for anyone, without signing in.",
    )
    training_required = models.BooleanField(
        default=False,
        help_text="Officers may offer diversion only after attending a LEAD training session.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "site configuration"
        verbose_name_plural = "site configuration"

    def __str__(self):
        return "Site configuration"

    @classmethod
    def current(cls) -> "SiteConfiguration":
        return cls.objects.get_or_create(pk=1)[0]
