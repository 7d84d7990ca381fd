from django.conf import settings
from django.db import models


class AccessEvent(models.Model):
    """One line of the access log: who did what to which record, when, from where, with what outcome.

    Append-only: nothing in the application updates or deletes a row (the admin is read-only).
    CJIS asks that audit records be kept at least a year.
    """

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        LOCKED_OUT = "locked_out", "Account locked"
        TWO_FACTOR_ENROLLED = "two_factor_enrolled", "Two-factor enrolled"
        TWO_FACTOR_PASSED = "two_factor_passed", "Two-factor passed"
        TWO_FACTOR_FAILED = "two_factor_failed", "Two-factor failed"
        SIGN_OUT = "sign_out", "Signed out"
        SESSION_EXPIRED = "session_expired", "Session expired"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        PERMISSION_CHANGE = "permission_change", "Permission change"
        READ = "read", "Read"
        DENIED = "denied", "Access denied"
        BREAK_GLASS = "break_glass", "Break-glass access"
        EXPORT = "export", "Export"

    class Outcome(models.TextChoices):
        ALLOWED = "allowed", "Allowed"
        DENIED = "denied", "Denied"

    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    # The user is kept by name too: the row must still say who it was if the account is removed.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150, blank=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    path = models.CharField(max_length=500, blank=True)
    method = models.CharField(max_length=10, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["-at"], name="accessevent_at_idx"),
            models.Index(fields=["username", "-at"], name="accessevent_username_at_idx"),
            models.Index(fields=["kind", "-at"], name="accessevent_kind_at_idx"),
            models.Index(fields=["object_type", "object_id"], name="accessevent_object_idx"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or 'anonymous'} {self.get_kind_display()}"
