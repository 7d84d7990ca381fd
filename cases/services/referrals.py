"""Writes of participants, referrals, cases, charging holds and the on-call roster.

Each service is one transaction; those that move a referral along lock its row and check its
status first, so two people acting at once get a `Conflict`, never a silent overwrite.
Notifications are queued by `notify`, which sends e-mail only after the transaction commits."""

from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases import grants
from cases.models import (
    Case,
    ChargingHold,
    IntakeDraft,
    OnCallShift,
    Participant,
    ParticipantName,
    ReferenceCounter,
    Referral,
    end_of_day,
    reference_format,
)
from cases.selectors import name_key, on_call_now
from eligibility.models import Screening
from eligibility.services import screening_diversion_answer
from lead.agencies.models import Agency
from lead.notifications.services import notify
from lead.roles import Role
from lead.services import Conflict, acting
from lead.system.models import SiteConfiguration
from lead.users.models import User

# Policy VI.A.3: the participant has 30 days from the diversion to complete the full assessment.
ASSESSMENT_DAYS = 30


def _locked_referral(referral: Referral, *statuses: str, what: str) -> Referral:
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.status not in statuses:
        raise Conflict(f"This referral can no longer be {what}: it is now “{current.get_status_display()}”.")
    return current


# References ----------------------------------------------------------------------------------


def reference_next(at: datetime) -> str:
    """The next case reference of `at`'s year in the site's time zone, in the caller's
    transaction: the year's counter row stays locked until it commits, so two referrals made at
    once get two numbers, and a rolled-back referral gives its number back."""
    year = timezone.localtime(at).year
    counter, _ = ReferenceCounter.objects.get_or_create(year=year)  # first of the year: the row
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return reference_format(year, counter.last)


# Participants --------------------------------------------------------------------------------

IDENTITY_FIELDS = ("first_name", "last_name", "aliases", "date_of_birth")
DETAIL_FIELDS = ("phone", "email", "contact_notes", "race", "ethnicity", "gender")


def participant_create(
    *, by, now: datetime, first_name: str, last_name: str, aliases: str = "", date_of_birth=None
) -> Participant:
    participant = Participant(
        first_name=first_name,
        last_name=last_name,
        aliases=aliases,
        date_of_birth=date_of_birth,
        created_by=by,
        created_at=now,
    )
    participant.full_clean()
    acting(participant, by).save()
    _names_rebuild(participant, by)
    return participant


def participant_update(*, participant: Participant, by, **values) -> Participant:
    """Change identity or details; a new alias is added to the ones known, never replaces them."""
    for field, value in values.items():
        setattr(participant, field, value)
    participant.full_clean()
    acting(participant, by).save()
    _names_rebuild(participant, by)
    return participant


def _names_rebuild(participant: Participant, by) -> None:
    wanted = {(name_key(participant.last_name), name_key(participant.first_name))}
    for alias in participant.alias_list():
        first, _, last = alias.rpartition(" ")
        wanted.add((name_key(last), name_key(first)))
    existing = {(n.last_key, n.first_key): n for n in participant.names.all()}
    for key, name in existing.items():
        if key not in wanted:
            acting(name, by).delete()
    for last, first in wanted - set(existing):
        acting(ParticipantName(participant=participant, last_key=last, first_key=first), by).save()


# Arrest diversion ----------------------------------------------------------------------------


@transaction.atomic
def diversion_decline(*, screening: Screening, officer, now: datetime) -> Screening:
    """Policy VI.A.4: the person declines and is arrested and processed. No person is recorded."""
    return screening_diversion_answer(screening=screening, accepted=False, by=officer, now=now)


@transaction.atomic
def diversion_accept(
    *, screening: Screening, officer, participant: Participant | None, identity: dict, now: datetime
) -> Referral:
    """The person accepts: record the referral for `participant` (or a new one from `identity`),
    decide who holds the file, and ask the on-call case manager for the hand-off."""
    screening_diversion_answer(screening=screening, accepted=True, by=officer, now=now)
    if participant is None:
        participant = participant_create(by=officer, now=now, **identity)
    agency = screening.agency
    pre_booking = agency.diversion_stage == Agency.DiversionStage.PRE_BOOKING and agency.prosecuting_office_id
    shift = on_call_now(now)
    referral = Referral(
        reference=reference_next(now),
        kind=Referral.Kind.ARREST_DIVERSION,
        status=Referral.Status.AWAITING_CASE_MANAGER,
        participant=participant,
        agency=agency,
        referred_by=officer,
        created_at=now,
        screening=screening,
        stage=Referral.Stage.PRE_BOOKING if pre_booking else Referral.Stage.PRE_ARREST,
        file_holder=agency.prosecuting_office if pre_booking else agency,
        on_call_case_manager=shift.case_manager if shift else None,
        on_call_phone=shift.phone if shift else "",
        handoff_requested_at=now,
    )
    referral.full_clean()
    acting(referral, officer).save()
    if pre_booking:
        hold = ChargingHold(referral=referral, office=agency.prosecuting_office, held_at=now)
        acting(hold, officer).save()
    _ask_for_handoff(referral, shift, by=officer)
    return referral


def _ask_for_handoff(referral: Referral, shift: OnCallShift | None, *, by) -> None:
    """The on-call case manager, or every case manager when nobody is on call."""
    if shift is not None:
        asked = [shift.case_manager]
    else:
        asked = list(User.objects.filter(groups__name=Role.CASE_MANAGER.label, is_active=True))
    url = reverse("cases:referral-detail", args=[referral.public_id])
    for case_manager in asked:
        grants.grant(grants.VIEW_REFERRAL, to=case_manager, obj=referral, by=by)
        notify(
            user=case_manager,
            subject=f"Hand-off requested by {referral.agency}",
            body=f"Officer {by.get_full_name()} asks for a case manager. Open LEAD to accept the hand-off.",
            url=url,
            key=f"handoff:{referral.public_id}",
            about=referral,
        )


@transaction.atomic
def handoff_accept(
    *, referral: Referral, case_manager, meeting_place_kind: str, meeting_place: str, now: datetime
) -> Case:
    """The case manager takes the person: the case opens, assigned to them and their provider,
    with the assessment due 30 days after the diversion (end of day, site time zone)."""
    referral = _locked_referral(referral, Referral.Status.AWAITING_CASE_MANAGER, what="accepted")
    referral.accepted_by = case_manager
    referral.accepted_at = now
    referral.meeting_place_kind = meeting_place_kind
    referral.meeting_place = meeting_place
    referral.status = Referral.Status.CASE_OPEN
    referral.full_clean()
    acting(referral, case_manager).save()
    due_on = timezone.localdate(referral.created_at) + timedelta(days=ASSESSMENT_DAYS)
    case = _case_open(referral, case_manager=case_manager, by=case_manager, now=now, due_on=due_on)
    notify(
        user=referral.referred_by,
        subject=f"{case_manager.get_full_name()} accepted the hand-off",
        body=f"Meet {case_manager.get_full_name()} {referral.get_meeting_place_kind_display().lower()}: {meeting_place}.",
        url=reverse("cases:referral-detail", args=[referral.public_id]),
        key=f"handoff-accepted:{referral.public_id}",
        about=referral,
    )
    return case


def _case_open(referral: Referral, *, case_manager, by, now: datetime, due_on=None) -> Case:
    case = Case(
        participant=referral.participant,
        referral=referral,
        provider=case_manager.agency,
        case_manager=case_manager,
        opened_at=now,
        assessment_due_on=due_on,
        assessment_due_at=end_of_day(due_on) if due_on else None,
    )
    case.full_clean()
    acting(case, by).save()
    grants.grant(grants.VIEW_REFERRAL, to=case_manager, obj=referral, by=by)
    return case


@transaction.atomic
def handoff_record(*, referral: Referral, at: datetime, by, now: datetime) -> Referral:
    """The time officer and case manager met: the warm hand-off target is 30 minutes."""
    referral = _locked_referral(referral, Referral.Status.CASE_OPEN, what="marked as handed off")
    if referral.handed_off_at is not None:
        raise Conflict("The hand-off time is already recorded.")
    # The form gives minutes: a hand-off in the minute of the request is fine.
    assert referral.handoff_requested_at is not None, "an open arrest-diversion case asked for a case manager"
    if not referral.handoff_requested_at.replace(second=0, microsecond=0) <= at <= now:
        raise Conflict(
            "The hand-off time must be after the request for a case manager and not in the future.",
            field="handed_off_at",
        )
    referral.handed_off_at = at
    acting(referral, by).save()
    return referral


# The LEAD Intake Form ------------------------------------------------------------------------

INTAKE_FIELDS = ("incident_at", "incident_location", "offense", "overview", "crime_report_number")


@transaction.atomic
def intake_draft_save(*, referral: Referral, data: dict, by, now: datetime) -> IntakeDraft:
    draft = IntakeDraft.objects.select_for_update().filter(referral=referral).first() or IntakeDraft(referral=referral)
    draft.data = data
    draft.saved_at = now
    acting(draft, by).save()
    return draft


@transaction.atomic
def intake_submit(*, referral: Referral, by, details: dict, intake: dict, now: datetime) -> Referral:
    """Store the form: the participant's details on their record, the incident on the referral."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    participant_update(participant=referral.participant, by=by, **details)
    for field in INTAKE_FIELDS:
        setattr(referral, field, intake[field])
    referral.intake_submitted_at = referral.intake_submitted_at or now
    referral.full_clean()
    acting(referral, by).save()
    IntakeDraft.objects.filter(referral=referral).delete()
    return referral


# Pre-booking charging paperwork --------------------------------------------------------------


@transaction.atomic
def charging_decide(*, hold: ChargingHold, by, status: str, reason: str, now: datetime) -> ChargingHold:
    hold = ChargingHold.objects.select_for_update().get(pk=hold.pk)
    if hold.status != ChargingHold.Status.HELD:
        raise Conflict(f"The paperwork is no longer held: it was {hold.get_status_display().lower()}.")
    hold.status = status
    hold.reason = reason
    hold.decided_by = by
    hold.decided_at = now
    hold.full_clean()
    acting(hold, by).save()
    return hold


# Social contact referrals --------------------------------------------------------------------


@transaction.atomic
def social_referral_create(
    *, by, participant: Participant | None, identity: dict, reason: str, known_needs: str, now: datetime
) -> Referral:
    """Policy VIII: an OWG member refers a person who has not committed a new offense; the OWG
    approves it at its next meeting."""
    if participant is None:
        participant = participant_create(by=by, now=now, **identity)
    referral = Referral(
        reference=reference_next(now),
        kind=Referral.Kind.SOCIAL_CONTACT,
        status=Referral.Status.PENDING,
        participant=participant,
        agency=by.agency,
        referred_by=by,
        created_at=now,
        reason=reason,
        known_needs=known_needs,
    )
    referral.full_clean()
    acting(referral, by).save()
    return referral


@transaction.atomic
def social_referral_approve(*, referral: Referral, by, case_manager, outreach_plan: str, now: datetime) -> Case:
    """The OWG approves: a case opens with the plan of who reaches out (the referring member with
    the case manager, policy VIII.C) — only while the program and the case manager have room."""
    referral = _locked_referral(referral, Referral.Status.PENDING, what="approved")
    config = SiteConfiguration.current()
    if Case.objects.open().count() >= config.program_capacity:
        raise Conflict(
            f"The program is at capacity ({config.program_capacity} open cases): the referral stays pending."
        )
    if case_manager.cases.open().count() >= config.caseload_limit:
        raise Conflict(
            f"{case_manager.get_full_name()} already carries {config.caseload_limit} open cases: choose another case manager."
        )
    referral.status = Referral.Status.APPROVED
    referral.decided_by, referral.decided_at, referral.outreach_plan = by, now, outreach_plan
    referral.full_clean()
    acting(referral, by).save()
    case = _case_open(referral, case_manager=case_manager, by=by, now=now)
    url = reverse("cases:referral-detail", args=[referral.public_id])
    for user in {case_manager, referral.referred_by}:
        notify(
            user=user,
            subject="Social contact referral approved",
            body="Plan the outreach together.",
            url=url,
            key=f"social-approved:{referral.public_id}",
            about=referral,
        )
    return case


@transaction.atomic
def social_referral_decline(*, referral: Referral, by, reason: str, now: datetime) -> Referral:
    referral = _locked_referral(referral, Referral.Status.PENDING, what="declined")
    referral.status = Referral.Status.DECLINED
    referral.decided_by, referral.decided_at, referral.decision_reason = by, now, reason
    referral.full_clean()
    acting(referral, by).save()
    return referral


@transaction.atomic
def referral_withdraw(*, referral: Referral, by, now: datetime) -> Referral:
    referral = _locked_referral(referral, Referral.Status.PENDING, what="withdrawn")
    referral.status = Referral.Status.WITHDRAWN
    referral.decided_by, referral.decided_at = by, now
    acting(referral, by).save()
    return referral


# The on-call roster --------------------------------------------------------------------------


@transaction.atomic
def shift_add(*, case_manager, starts_at: datetime, ends_at: datetime, phone: str, by) -> OnCallShift:
    shift = OnCallShift(case_manager=case_manager, starts_at=starts_at, ends_at=ends_at, phone=phone)
    shift.full_clean()
    acting(shift, by).save()
    return shift


@transaction.atomic
def shift_remove(*, shift: OnCallShift, by) -> None:
    acting(shift, by).delete()
