"""CJIS account hygiene (5.5.1 inactive accounts): an account unused for 90 days is disabled,
after a warning to its user and to the site administrators a week before (day 83).

"Used" means the latest of: the last sign-in (`last_login`, set when the password is accepted),
the day the account was made (`date_joined`, for an account never signed in to), and the day it
was last re-enabled (`reactivated_at`, else the next sweep would disable it again at once).

`dormant_accounts_sweep` is an idempotent sweep over database state, run by Celery beat: a
warning is one notification per account and period of disuse (its key names the date the account
was last used), and a disabled account is no longer swept. Re-enabling one is an administrator's
change, approved by a second person for accounts that see case content (duties.py)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, QuerySet
from django.db.models.functions import Coalesce, Greatest

from lead.audit.models import AccessEvent
from lead.audit.services import access_event_record
from lead.notifications.services import notify
from lead.roles import Role
from lead.users.models import User


@dataclass(frozen=True)
class SweepResult:
    warned: int
    disabled: int


def with_last_used(users: QuerySet[User]) -> QuerySet[User]:
    # GREATEST ignores NULLs on PostgreSQL but not on SQLite: coalesce each to date_joined first.
    joined = "date_joined"
    return users.annotate(
        last_used=Greatest(
            Coalesce("last_login", joined, output_field=DateTimeField()),
            Coalesce("reactivated_at", joined, output_field=DateTimeField()),
        )
    )


def dormant_accounts_sweep(*, now: datetime) -> SweepResult:
    disable_before = now - timedelta(days=settings.LEAD_DORMANT_DAYS)
    warn_before = now - timedelta(days=settings.LEAD_DORMANT_WARNING_DAYS)
    active = with_last_used(User.objects.filter(is_active=True))
    disabled = 0
    for user in active.filter(last_used__lte=disable_before):
        disabled += _disable(user, now=now)
    warned = 0
    for user in active.filter(last_used__lte=warn_before, last_used__gt=disable_before):
        warned += _warn(user, now=now)
    return SweepResult(warned=warned, disabled=disabled)


def _administrators():
    return User.objects.filter(is_active=True, groups__name=Role.SITE_ADMIN.label)


@transaction.atomic
def _warn(user: User, *, now: datetime) -> int:
    period = user.last_used.date().isoformat()
    off_on = (user.last_used + timedelta(days=settings.LEAD_DORMANT_DAYS)).date()
    told = notify(
        user=user,
        subject=f"Your LEAD account will be disabled on {off_on:%B %-d, %Y} unless you sign in",
        body=f"Accounts unused for {settings.LEAD_DORMANT_DAYS} days are disabled. Signing in once keeps yours open.",
        url="/accounts/",
        key=f"dormant-warning:{period}",
    )
    for admin in _administrators().exclude(pk=user.pk):
        notify(
            user=admin,
            subject=f"{user.username}'s account will be disabled on {off_on:%B %-d, %Y}",
            body=f"It has not been used since {user.last_used:%B %-d, %Y}.",
            url="/admin/",
            key=f"dormant-warning:{user.pk}:{period}",
        )
    return int(told is not None)


@transaction.atomic
def _disable(user: User, *, now: datetime) -> int:
    user = User.objects.select_for_update().get(pk=user.pk, is_active=True)
    last_used = with_last_used(User.objects.filter(pk=user.pk)).values_list("last_used", flat=True).get()
    user.is_active = False
    user._change_reason = f"unused for {settings.LEAD_DORMANT_DAYS} days"  # no acting user: the sweep did it
    user.save(update_fields=["is_active"])
    access_event_record(
        kind=AccessEvent.Kind.ACCOUNT_DISABLED,
        obj=user,
        username="system",
        detail=f"{user.username} disabled: unused since {last_used:%Y-%m-%d} ({settings.LEAD_DORMANT_DAYS} days)",
    )
    for admin in _administrators():
        notify(
            user=admin,
            subject=f"{user.username}'s account was disabled after {settings.LEAD_DORMANT_DAYS} days unused",
            body="Re-enable it in Administration if the person still needs it.",
            url="/admin/",
            key=f"dormant-disabled:{user.pk}:{last_used.date().isoformat()}",
        )
    return 1
