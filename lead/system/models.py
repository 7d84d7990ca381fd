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

    prosecutor_reviews_eligible_screenings = models.BooleanField(
        default=False,
        verbose_name="A prosecutor confirms eligible screenings",
        help_text=(
            "For sites that run pre-booking diversion: a prosecutor of the agency's prosecuting "
            "office confirms or overrules every eligible screening, with a reason, before diversion goes ahead."
        ),
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
