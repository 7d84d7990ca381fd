import uuid
from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords

from lead.roles import Role


class User(AbstractUser):
    """A person who signs in. Roles are Django groups (lead.roles); a user may hold several."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    title = models.CharField(max_length=120, blank=True, help_text="Job title, e.g. Sergeant or Case manager.")
    phone = models.CharField(max_length=40, blank=True)
    is_supervisor = models.BooleanField(
        "supervises the provider's case managers", default=False,
        help_text="A case manager who supervises: reads the clinical records of every case of their provider.",
    )
    # Password hashes and sign-in times stay out of the history tables.
    history = HistoricalRecords(excluded_fields=["password", "last_login"], m2m_fields=["groups"])

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @cached_property
    def roles(self) -> frozenset[Role]:
        if not self.is_active:
            return frozenset()
        return frozenset(filter(None, (Role.from_group_name(g.name) for g in self.groups.all())))

    def role_labels(self) -> list[str]:
        return sorted(role.label for role in self.roles)
