from django.db import models


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
