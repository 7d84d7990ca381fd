"""Outreach specialists' work: assignments (with the object permission they carry) and the
attempts and contacts they log into the case's contacts log."""

from datetime import datetime

from django.db import transaction
from django.urls import reverse

from cases import grants
from cases.models import Case, Contact
from cases.services.casefile import contact_record
from lead.notifications.services import notify
from lead.roles import Role
from lead.services import Conflict, acting
from outreach.models import Assignment


@transaction.atomic
def assignment_start(*, case: Case, specialist, by, reason: str, now: datetime) -> Assignment:
    """Ask `specialist` to find and engage the participant of `case`: they may then read the
    person's identity, contact details and engagement log, and log outreach."""
    if Role.OUTREACH not in specialist.roles or not specialist.is_active:
        raise Conflict("Only an active outreach specialist can be assigned.", field="specialist")
    if not case.is_open:
        raise Conflict("The case is closed.")
    if Assignment.objects.filter(case=case, specialist=specialist, ended_at__isnull=True).exists():
        raise Conflict(f"{specialist.get_full_name()} is already looking for this participant.")
    assignment = Assignment(case=case, specialist=specialist, reason=reason, assigned_by=by, assigned_at=now)
    assignment.full_clean()
    acting(assignment, by).save()
    grants.grant(grants.ENGAGE_CASE, to=specialist, obj=case, by=by)
    notify(
        user=specialist,
        subject="A participant to find",
        body="Open your list of participants to reach.",
        url=reverse("outreach:participant", args=[case.public_id]),
        key=f"assignment:{assignment.pk}",
        about=case,
        about_kind="engaged_case",
    )
    return assignment


@transaction.atomic
def assignment_end(*, assignment: Assignment, by, now: datetime) -> Assignment:
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.ended_at is not None:
        return assignment
    assignment.ended_at, assignment.ended_by = now, by
    acting(assignment, by).save(update_fields=["ended_at", "ended_by"])
    grants.revoke(grants.ENGAGE_CASE, of=assignment.specialist, obj=assignment.case, by=by)
    return assignment


@transaction.atomic
def outreach_record(*, case: Case, by, reached: bool, at: datetime, place: str, outcome: str, now: datetime) -> Contact:
    """An outreach attempt or contact, into the case's contacts log. Reaching the person clears
    "in the wind" (the case's last contact moves) and tells the case manager."""
    contact = contact_record(
        case=case,
        by=by,
        kind=Contact.Kind.OUTREACH,
        reached=reached,
        at=at,
        duration_minutes=0,
        place=place,
        outcome=outcome,
        now=now,
    )
    if reached:
        notify(
            user=case.case_manager,
            subject="Outreach reached a participant",
            body=f"{by.get_full_name()} reached them: call or visit soon.",
            url=reverse("cases:case-detail", args=[case.public_id]),
            key=f"outreach-reached:{contact.pk}",
            about=case,
        )
    return contact
