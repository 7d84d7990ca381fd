"""Writes of coverage and break-glass (access-policy.md "Coverage", "Break-glass").

Each grant, early end and opening is written to the access log with who did it and why, kept in
the record's history, and told to the people whose cases it opens. Notifications carry no
clinical content: only who, which period, and a link whose page enforces access."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases.models import BREAK_GLASS_WINDOW, COVERAGE_MAX_DAYS, BreakGlass, Case, Coverage, end_of_day
from lead import access
from lead.audit.models import AccessEvent
from lead.audit.services import access_event_record
from lead.notifications.services import notify
from lead.roles import Role
from lead.services import Conflict, acting
from lead.users.models import User


def case_managers_of(provider):
    return User.objects.filter(agency=provider, is_active=True, groups__name=Role.CASE_MANAGER.label).order_by(
        "last_name", "first_name"
    )


def coverage_period_problems(*, starts_on: date, ends_on: date, today: date) -> dict[str, str]:
    """What is wrong with a period, by field, in words for the person granting it."""
    problems = {}
    if starts_on < today:
        problems["starts_on"] = "The coverage cannot start in the past. Choose today or a later day."
    elif starts_on > today + timedelta(days=365):
        problems["starts_on"] = "The coverage must start within a year."
    if ends_on < starts_on:
        problems["ends_on"] = "The last day must be on or after the first day."
    elif (ends_on - starts_on).days + 1 > COVERAGE_MAX_DAYS:
        problems["ends_on"] = (
            f"Coverage lasts at most {COVERAGE_MAX_DAYS} days. For a longer absence, reassign the cases."
        )
    return problems


@transaction.atomic
def coverage_grant(
    *, provider, covering, covered, starts_on: date, ends_on: date, reason: str, by, now: datetime
) -> Coverage:
    """Let `covering` read and act on `covered`'s cases at `provider` from the start of
    `starts_on` (or now, when that is today) to the end of `ends_on`."""
    if not access.permits(by, "cases.manage_coverage", provider):
        raise Conflict("Only the provider's supervisor or the project director may grant coverage.")
    staff = case_managers_of(provider)
    if not staff.filter(pk=covering.pk).exists() or not staff.filter(pk=covered.pk).exists():
        raise Conflict("Both people must be active case managers of this provider.")
    if covering.pk == covered.pk:
        raise Conflict("A case manager cannot cover their own caseload.", field="covering")
    # The form shows every problem of the period at once; this refuses one that got past it.
    problems = coverage_period_problems(starts_on=starts_on, ends_on=ends_on, today=timezone.localdate(now))
    if problems:
        field, problem = next(iter(problems.items()))
        raise Conflict(problem, field=field)
    tz = timezone.get_current_timezone()
    starts_at = max(now, datetime.combine(starts_on, time.min, tzinfo=tz))
    ends_at = end_of_day(ends_on, tz)
    overlapping = Coverage.objects.filter(
        covering=covering, covered=covered, starts_at__lt=ends_at, ends_at__gt=starts_at, ended_at__isnull=True
    )
    if overlapping.exists():
        raise Conflict(
            f"{covering.get_full_name() or covering} already covers {covered.get_full_name() or covered} during part of that period."
        )
    coverage = Coverage(
        provider=provider,
        covering=covering,
        covered=covered,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason,
        granted_at=now,
        granted_by=by,
    )
    coverage.full_clean()
    acting(coverage, by).save()
    period = f"{timezone.localtime(starts_at):%b %-d, %Y %H:%M} to {timezone.localtime(ends_at):%b %-d, %Y %H:%M}"
    access_event_record(
        kind=AccessEvent.Kind.PERMISSION_CHANGE,
        user=by,
        obj=coverage,
        detail=f"coverage granted: {covering.get_username()} covers {covered.get_username()}'s caseload at {provider}, {period}; reason: {reason}",
    )
    url = reverse("cases:coverage-list")
    notify(
        user=covering,
        subject=f"You cover {covered.get_full_name() or covered}'s caseload",
        body=period,
        url=url,
        key=f"coverage:{coverage.public_id}:covering",
    )
    notify(
        user=covered,
        subject=f"{covering.get_full_name() or covering} covers your caseload",
        body=period,
        url=url,
        key=f"coverage:{coverage.public_id}:covered",
    )
    return coverage


@transaction.atomic
def coverage_end(*, coverage: Coverage, by, now: datetime) -> Coverage:
    """End a coverage now, before its planned end (a coverage not started yet is cancelled)."""
    coverage = Coverage.objects.select_for_update().get(pk=coverage.pk)
    if not access.permits(by, "cases.manage_coverage", coverage.provider):
        raise Conflict("Only the provider's supervisor or the project director may end coverage.")
    if coverage.ended_at is not None or coverage.ends_at <= now:
        raise Conflict("This coverage has already ended.")
    coverage.ended_at, coverage.ended_by = now, by
    coverage.full_clean()
    acting(coverage, by).save(update_fields=["ended_at", "ended_by"])
    access_event_record(
        kind=AccessEvent.Kind.PERMISSION_CHANGE,
        user=by,
        obj=coverage,
        detail=f"coverage ended early: {coverage.covering.get_username()} no longer covers {coverage.covered.get_username()}",
    )
    notify(
        user=coverage.covering,
        subject=f"Your coverage of {coverage.covered.get_full_name() or coverage.covered}'s caseload has ended",
        url=reverse("cases:coverage-list"),
        key=f"coverage:{coverage.public_id}:ended",
    )
    return coverage


BREAK_GLASS_MIN_REASON = 20


@transaction.atomic
def break_glass_open(*, case: Case, by, reason: str, now: datetime) -> BreakGlass:
    """Open `case`'s clinical record to the director for BREAK_GLASS_WINDOW, and tell the
    case's case manager and the provider's supervisors. The caller logs the opening with the
    request (address, path): this runs inside it."""
    if Role.DIRECTOR not in by.roles:
        raise Conflict("Only the project director may use emergency access.")
    reason = reason.strip()
    if len(reason) < BREAK_GLASS_MIN_REASON:
        raise Conflict(f"Say what the emergency is, in at least {BREAK_GLASS_MIN_REASON} characters.", field="reason")
    opening = BreakGlass(case=case, opened_by=by, reason=reason, opened_at=now, expires_at=now + BREAK_GLASS_WINDOW)
    opening.full_clean()
    acting(opening, by).save()

    told = {case.case_manager_id: case.case_manager}
    for supervisor in User.objects.filter(
        agency=case.provider, is_active=True, is_supervisor=True, groups__name=Role.CASE_MANAGER.label
    ):
        told.setdefault(supervisor.pk, supervisor)
    for person in told.values():
        notify(
            user=person,
            subject="Emergency access to a case's clinical record",
            body=f"{by.get_full_name() or by} opened the clinical record of a case of your provider at "
            f"{timezone.localtime(now):%b %-d, %H:%M}, for {int(BREAK_GLASS_WINDOW.total_seconds() // 60)} minutes. "
            "It is logged and reviewed.",
            url=reverse("cases:case-detail", args=[case.public_id]),
            key=f"break-glass:{opening.public_id}",
            about=case,
        )
    return opening
