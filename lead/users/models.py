import uuid
from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords

from lead.roles import CASE_CONTENT_ROLES, Role


class User(AbstractUser):
    """A person who signs in. Roles are Django groups (lead.roles); a user may hold several."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="staff")
    title = models.CharField(max_length=120, blank=True, help_text="Job title, e.g. Sergeant or Case manager.")
    phone = models.CharField(max_length=40, blank=True)
    is_supervisor = models.BooleanField(
        "supervises the provider's case managers",
        default=False,
        help_text="A case manager who supervises: reads the clinical records of every case of their provider.",
    )
    must_change_password = models.BooleanField(
        default=False,
        editable=False,
        help_text="Set by an administrator's password reset: the next sign-in asks for a new password first.",
    )
    # Re-enabling a disabled account starts a new period of use for the 90-day sweep (hygiene.py).
    reactivated_at = models.DateTimeField(null=True, blank=True, editable=False)
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
        roles = frozenset(filter(None, (Role.from_group_name(g.name) for g in self.groups.all())))
        if Role.SITE_ADMIN in roles:
            # Separation of duties: an administrator never also acts in a role that sees case
            # content, however the groups came to be combined (the shell, an old row).
            roles -= CASE_CONTENT_ROLES
        return roles

    def held_roles(self) -> frozenset[Role]:
        """The roles of the user's groups, active or not (what a reset or re-enabling would open)."""
        return frozenset(filter(None, (Role.from_group_name(g.name) for g in self.groups.all())))

    def role_labels(self) -> list[str]:
        return sorted(role.label for role in self.roles)


class AccessRequest(models.Model):
    """A change an administrator asked for that widens what an account may see: it takes effect
    only when a second person (the project director, or another administrator) approves it.
    Both names stay on the row and in its history (lead/users/duties.py)."""

    class Kind(models.TextChoices):
        ROLE = "role", "Grant a role"
        SUPERVISOR = "supervisor", "Make a supervisor"
        AGENCY = "agency", "Move to another agency"
        REACTIVATE = "reactivate", "Re-enable the account"
        PASSWORD = "password", "Reset the password"
        TWO_FACTOR = "two_factor", "Reset two-factor sign-in"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="access_requests")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    role = models.CharField(max_length=32, choices=Role.choices, blank=True)
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            # One open request per change: asking twice does not make two approvals necessary.
            models.UniqueConstraint(
                fields=["user", "kind", "role"],
                condition=models.Q(status="pending"),
                name="accessrequest_one_pending",
            ),
        ]

    def __str__(self):
        return f"{self.describe()} for {self.user.username}"

    def describe(self) -> str:
        if self.kind == self.Kind.ROLE:
            return f"Grant the role {Role(self.role).label}"
        if self.kind == self.Kind.AGENCY:
            return f"Move to {self.agency}"
        return self.get_kind_display()
