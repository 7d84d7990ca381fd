from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Upper


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete a line of the access log."""


class AccessEventQuerySet(models.QuerySet):
    # The application never changes the log; these refusals make a bug fail loudly. The database
    # refuses too (a trigger, migration 0004), for raw SQL and anything that bypasses the ORM.
    def update(self, **kwargs):
        raise AppendOnlyError("the access log is append-only")

    def delete(self):
        raise AppendOnlyError("the access log is append-only")


class AccessEvent(models.Model):
    """One line of the access log: who did what to which record, when, from where, with what outcome.

    Append-only: nothing in the application updates or deletes a row. The admin is read-only, the
    model and its queryset refuse updates and deletes, and on PostgreSQL a trigger refuses UPDATE
    and DELETE of any row (one exception: deleting an account nulls `user`, the name stays).
    CJIS asks that audit records be kept at least a year; nothing here ever removes one.
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
        PASSWORD_RESET = "password_reset", "Password reset by an administrator"
        TWO_FACTOR_RESET = "two_factor_reset", "Two-factor reset by an administrator"
        RECOVERY_CODES = "recovery_codes", "Recovery codes generated"
        ACCESS_REQUESTED = "access_requested", "Access change requested"
        ACCESS_APPROVED = "access_approved", "Access change approved"
        ACCESS_REJECTED = "access_rejected", "Access change rejected"
        ACCOUNT_DISABLED = "account_disabled", "Account disabled"
        SEARCH = "search", "Search"

    class Outcome(models.TextChoices):
        ALLOWED = "allowed", "Allowed"
        DENIED = "denied", "Denied"

    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    # The user is kept by name too: the row must still say who it was if the account is removed.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    path = models.CharField(max_length=500, blank=True)
    method = models.CharField(max_length=10, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.TextField(blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        # One per search of the access log page (lead/audit/filters.py), each newest first so a
        # page is read off the index without sorting. The username and the record id are matched
        # whatever their case, as UPPER(x) = UPPER(term) (`iexact`): the index is on UPPER(x).
        indexes = [
            models.Index(fields=["-at"], name="accessevent_at_idx"),
            models.Index(Upper("username"), F("at").desc(), F("id").desc(), name="accessevent_username_at_idx"),
            models.Index(fields=["kind", "-at"], name="accessevent_kind_at_idx"),
            models.Index(fields=["outcome", "-at"], name="accessevent_outcome_at_idx"),
            models.Index(Upper("object_id"), F("at").desc(), F("id").desc(), name="accessevent_object_at_idx"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or 'anonymous'} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        # A guard, not logic: a row is written once (access_event_record) and never again.
        if not self._state.adding:
            raise AppendOnlyError("the access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("the access log is append-only")
