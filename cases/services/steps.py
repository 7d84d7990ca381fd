"""Writes of the steps after the hand-off (policy VI.A-D): the initial screening, written consent,
the assessment appointment and releases of information; and the reads others build on
(`valid_release`, `release_state`, the appointment's timing).

Each write is one transaction that locks the case, checks what must come first (consent before
anything goes further, the initial screening before the appointment), saves with the acting user
in the history and ends by refreshing the case's status."""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from cases.lifecycle import case_status_refresh
from cases.models import (
    Appointment,
    Case,
    Consent,
    InitialScreening,
    ReleaseOfInformation,
)
from lead.services import Conflict, acting

# Policy VI.C: the appointment is made optimally 24 to 48 hours after the initial screening.
OPTIMAL_HOURS = timedelta(hours=48)
NEEDS_CONSENT = "Record the participant's written consent first: without it the case cannot go further."
NEEDS_SCREENING = "Record the initial screening first: the appointment is set at its end."
CONSENT_ON_FILE = "The participant's consent is already on file for this case."
SCREENING_FIELDS = (
    "basic_information",
    "acute_medical_needs",
    "shelter_needed",
    "shelter_action",
    "clothing_needed",
    "clothing_action",
    "food_needed",
    "food_action",
    "other_needs",
    "other_action",
)


def _locked_open_case(case: Case) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_open:
        raise Conflict("This case is closed: its intake records can no longer change.")
    return case


def has_consent(case: Case) -> bool:
    return Consent.objects.filter(case=case).exists()


def has_initial_screening(case: Case) -> bool:
    return InitialScreening.objects.filter(case=case).exists()


def _require_consent(case: Case) -> None:
    if not has_consent(case):
        raise Conflict(NEEDS_CONSENT)


# 1. The initial screening ----------------------------------------------------------------------


@transaction.atomic
def initial_screening_save(*, case: Case, by, now: datetime, **values) -> InitialScreening:
    """Record the initial screening, or correct it: the time it was done stays the first one's."""
    case = _locked_open_case(case)
    unknown = set(values) - set(SCREENING_FIELDS)
    if unknown:
        raise TypeError(f"Not fields of the initial screening: {', '.join(sorted(unknown))}")
    screening = InitialScreening.objects.filter(case=case).first()
    if screening is None:
        screening = InitialScreening(case=case, screened_at=now, screened_by=by)
    for field, value in values.items():
        setattr(screening, field, value)
    screening.full_clean()
    acting(screening, by).save()
    case_status_refresh(case, by=by)
    return screening


# 2. Written consent ----------------------------------------------------------------------------


@transaction.atomic
def consent_record(*, case: Case, by, now: datetime, signed_on: date, signature_kind: str, signature) -> Consent:
    """Policy VI.B: the participant's written consent, witnessed by the case manager (`by`)."""
    case = _locked_open_case(case)
    if has_consent(case):
        raise Conflict(CONSENT_ON_FILE)
    consent = Consent(
        case=case,
        signed_on=signed_on,
        signature_kind=signature_kind,
        signature=signature,
        witness=by,
        recorded_at=now,
    )
    consent.full_clean()
    acting(consent, by).save()
    case_status_refresh(case, by=by)
    return consent


# 3. The assessment appointment -----------------------------------------------------------------


@transaction.atomic
def appointment_set(*, case: Case, by, now: datetime, starts_at: datetime, place: str) -> Appointment:
    """A new appointment replaces the last one; the earlier ones stay as history."""
    case = _locked_open_case(case)
    _require_consent(case)
    if not has_initial_screening(case):
        raise Conflict(NEEDS_SCREENING)
    appointment = Appointment(case=case, starts_at=starts_at, place=place, set_at=now, set_by=by)
    appointment.full_clean()
    acting(appointment, by).save()
    case_status_refresh(case, by=by)
    return appointment


def current_appointment(case: Case) -> Appointment | None:
    return case.appointments.first()


def within_optimal_time(case: Case, starts_at: datetime) -> bool | None:
    """Whether the appointment is at most 48 hours after the initial screening (None: no screening)."""
    screening = InitialScreening.objects.filter(case=case).only("screened_at").first()
    if screening is None:
        return None
    return starts_at - screening.screened_at <= OPTIMAL_HOURS


def after_assessment_due(case: Case, starts_at: datetime) -> bool:
    return case.assessment_due_at is not None and starts_at >= case.assessment_due_at


# 4. Releases of information --------------------------------------------------------------------


@transaction.atomic
def release_record(
    *,
    case: Case,
    by,
    now: datetime,
    discloser: str,
    information: str,
    recipients: str,
    named_agencies,
    purpose: str,
    right_to_revoke_explained: bool,
    expires_on: date | None,
    expiry_event: str,
    signed_on: date,
    signature_kind: str,
    signature,
) -> ReleaseOfInformation:
    """Policy VI.D with the elements of a 42 CFR Part 2 consent. Several may follow one another."""
    case = _locked_open_case(case)
    _require_consent(case)
    release = ReleaseOfInformation(
        case=case,
        discloser=discloser,
        information=information,
        recipients=recipients,
        purpose=purpose,
        right_to_revoke_explained=right_to_revoke_explained,
        expires_on=expires_on,
        expiry_event=expiry_event,
        signed_on=signed_on,
        signature_kind=signature_kind,
        signature=signature,
        recorded_at=now,
        recorded_by=by,
    )
    release.full_clean()
    acting(release, by).save()
    release.named_agencies.set(named_agencies)
    case_status_refresh(case, by=by)
    return release


@transaction.atomic
def release_revoke(*, release: ReleaseOfInformation, by, now: datetime) -> ReleaseOfInformation:
    """The participant revokes: from now on nothing more is shared. Allowed on a closed case too."""
    release = ReleaseOfInformation.objects.select_for_update().select_related("case").get(pk=release.pk)
    if release.revoked_at is not None:
        raise Conflict(f"This release was already revoked on {timezone.localdate(release.revoked_at):%b %-d, %Y}.")
    release.revoked_at, release.revoked_by = now, by
    release.full_clean()
    acting(release, by).save(update_fields=["revoked_at", "revoked_by"])
    case_status_refresh(release.case, by=by)
    return release


def valid_release(case: Case, on: date, *, agency=None) -> ReleaseOfInformation | None:
    """The newest release under which the case's progress may be shared on `on`, or None.

    With `agency`, a release that names its agencies must name that one; a release to the OWG's
    members covers every member agency (whether `agency` sits on the OWG is the caller's rule).
    Prefetch `releases` when asking for many cases."""
    for release in case.releases.all():
        if not release.is_valid_on(on):
            continue
        if agency is None or release.recipients == ReleaseOfInformation.Recipients.OWG_MEMBERS:
            return release
        if any(named.pk == agency.pk for named in release.named_agencies.all()):
            return release
    return None


def release_state(release: ReleaseOfInformation, on: date) -> str:
    """ "Valid", "Revoked" or "Expired" on `on`: computed, never typed."""
    if release.is_valid_on(on):
        return "Valid"
    return "Revoked" if release.revoked_at else "Expired"
