"""Writes of the eligibility app: screenings and what follows them, and criteria versions from
draft to approval. Each is one transaction that checks the current state under a row lock, so
two people acting on the same record at once get a clear refusal, never a silent overwrite."""

from datetime import date, datetime

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from eligibility import engine
from eligibility.models import CriteriaSet, CriteriaVersion, Screening
from lead.agencies.models import Agency
from lead.locking import revise
from lead.notifications.services import notify
from lead.roles import Role
from lead.services import Conflict, acting
from lead.users.models import User

# Screenings ----------------------------------------------------------------------------------


@transaction.atomic
def screening_create(
    *,
    officer,
    version: CriteriaVersion,
    report_number: str,
    facts: dict,
    now: datetime,
    race: list[str] | None = None,
    ethnicity: str = "",
) -> Screening:
    """Judge `facts` (JSON-shaped, as the screen command takes them) by `version` and store it
    all, with the demographics the person stated (optional, anonymous)."""
    screened_on = timezone.localdate(now)
    decision = engine.decide(version.as_criteria(), engine.parse_facts(facts), screened_on)
    if decision.outcome == engine.INCOMPLETE:
        raise ValueError(f"a screening needs every fact; missing {', '.join(decision.missing)}")
    screening = Screening(
        agency=officer.agency,
        officer=officer,
        criteria_version=version,
        report_number=report_number,
        screened_at=now,
        screened_on=screened_on,
        facts=facts,
        outcome=decision.outcome,
        reasons=list(decision.reasons),
        status=_status_after(decision.outcome, officer.agency),
        race=race or [],
        ethnicity=ethnicity,
    )
    screening.full_clean()
    acting(screening, officer).save()
    _ask_for_review(screening)
    return screening


def _status_after(outcome: str, agency) -> str:
    if outcome == engine.COORDINATE:
        return Screening.Status.AWAITING_COORDINATION
    if outcome == engine.INELIGIBLE:
        return Screening.Status.INELIGIBLE
    # Pre-booking diversion happens "with input from the prosecuting agency" (policy IV, X.A).
    if agency.diversion_stage == Agency.DiversionStage.PRE_BOOKING and agency.prosecuting_office_id:
        return Screening.Status.AWAITING_PROSECUTOR
    return Screening.Status.ELIGIBLE


def _locked(screening: Screening, expected_status: str, what: str) -> Screening:
    current = Screening.objects.select_for_update().get(pk=screening.pk)
    if current.status != expected_status:
        raise Conflict(f"This screening can no longer be {what}: it is now “{current.get_status_display()}”.")
    return current


@transaction.atomic
def screening_coordination_record(
    *, screening: Screening, by, coordinated_with: str, result: str, notes: str, now: datetime
) -> Screening:
    """Policy V.B: the supervising agency or issuing court and the officer settle the outcome."""
    screening = _locked(screening, Screening.Status.AWAITING_COORDINATION, "coordinated")
    screening.coordinated_with = coordinated_with
    screening.coordination_result = result
    screening.coordination_notes = notes
    screening.coordinated_at = now
    screening.status = (
        _status_after(engine.ELIGIBLE, screening.agency)
        if result == Screening.CoordinationResult.ELIGIBLE
        else Screening.Status.INELIGIBLE
    )
    screening.full_clean()
    acting(screening, by).save()
    _ask_for_review(screening)
    return screening


def _ask_for_review(screening: Screening) -> None:
    """A screening waiting for the prosecutor is told to the prosecutors of its jurisdiction: the
    prosecuting office of the screening's agency, as screenings_visible_to and the review's
    predicate (eligibility.review_screening) decide who reviews."""
    office = screening.agency.prosecuting_office_id
    if screening.status != Screening.Status.AWAITING_PROSECUTOR or office is None:
        return
    prosecutors = User.objects.filter(agency_id=office, groups__name=Role.PROSECUTOR.label, is_active=True)
    url = reverse("eligibility:screening-review", args=[screening.public_id])
    for prosecutor in prosecutors:
        notify(
            user=prosecutor,
            subject="A screening waits for your review",
            body=f"{screening.agency} asks for the prosecutor's input before offering diversion.",
            url=url,
            key=f"screening-review:{screening.public_id}",
            about=screening,
        )


@transaction.atomic
def screening_prosecutor_decide(
    *, screening: Screening, prosecutor, decision: str, reason: str, now: datetime
) -> Screening:
    screening = _locked(screening, Screening.Status.AWAITING_PROSECUTOR, "reviewed")
    screening.prosecutor_decision = decision
    screening.prosecutor_reason = reason
    screening.prosecutor = prosecutor
    screening.prosecutor_decided_at = now
    screening.status = (
        Screening.Status.ELIGIBLE if decision == Screening.ProsecutorDecision.CONFIRMED else Screening.Status.INELIGIBLE
    )
    screening.full_clean()
    acting(screening, prosecutor).save()
    confirmed = decision == Screening.ProsecutorDecision.CONFIRMED
    # The reason stays on the screening's page: it may say more about the person than an
    # e-mail should.
    notify(
        user=screening.officer,
        subject="The prosecutor confirmed your screening" if confirmed else "The prosecutor overruled your screening",
        body="Offer diversion to the person." if confirmed else "Not eligible: open the screening for the reason.",
        url=reverse("eligibility:screening-detail", args=[screening.public_id]),
        key=f"screening-decided:{screening.public_id}",
        about=screening,
    )
    return screening


@transaction.atomic
def screening_diversion_answer(*, screening: Screening, accepted: bool, by, now: datetime) -> Screening:
    """Policy VI.A.3-4: the person offered diversion accepts (a referral follows) or declines
    (and is arrested and processed)."""
    screening = _locked(screening, Screening.Status.ELIGIBLE, "offered diversion")
    screening.status = Screening.Status.REFERRED if accepted else Screening.Status.DECLINED
    if not accepted:
        screening.arrested_at = now
    acting(screening, by).save()
    return screening


@transaction.atomic
def screening_arrest_record(*, screening: Screening, by, now: datetime) -> Screening:
    """Policy VI.A.2: a person who does not meet the criteria is arrested and processed."""
    screening = _locked(screening, Screening.Status.INELIGIBLE, "marked as arrested")
    screening.status = Screening.Status.ARRESTED
    screening.arrested_at = now
    acting(screening, by).save()
    return screening


# Criteria versions ---------------------------------------------------------------------------


@transaction.atomic
def criteria_draft_start(*, criteria_set: CriteriaSet, director, on: date) -> CriteriaVersion:
    """The set's draft: the one being edited, or a new copy of the version in force on `on`."""
    CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)  # two directors at once make one draft
    draft = criteria_set.versions.filter(status=CriteriaVersion.Status.DRAFT).first()
    if draft is not None:
        return draft
    source = (
        criteria_set.versions.filter(status=CriteriaVersion.Status.APPROVED, effective_from__lte=on)
        .order_by("-effective_from", "-number")
        .first()
        or criteria_set.versions.order_by("-number").first()
    )
    assert source is not None, "a criteria set always has a version to copy"
    number = (criteria_set.versions.aggregate(Max("number"))["number__max"] or 0) + 1
    draft = CriteriaVersion(
        criteria_set=criteria_set,
        number=number,
        status=CriteriaVersion.Status.DRAFT,
        offense_rule=source.offense_rule,
        drug_limit_grams=source.drug_limit_grams,
        lookback_years=source.lookback_years,
        convictions_any_time=list(source.convictions_any_time),
        convictions_lookback=list(source.convictions_lookback),
        drafted_by=director,
    )
    draft.full_clean()
    acting(draft, director).save()
    return draft


DRAFT_FIELDS = (
    "offense_rule",
    "drug_limit_grams",
    "lookback_years",
    "convictions_any_time",
    "convictions_lookback",
    "change_summary",
)


@transaction.atomic
def criteria_draft_update(*, draft: CriteriaVersion, revision: int, director, **values) -> CriteriaVersion:
    draft = CriteriaVersion.objects.select_for_update().get(pk=draft.pk)
    if draft.status != CriteriaVersion.Status.DRAFT:
        raise Conflict("This version was approved meanwhile and can no longer be edited.")
    revise(
        draft,
        revision,
        stale=(
            "Someone saved this draft after you opened it. Your changes are kept in the form: "
            "open the draft (Cancel) to read theirs, then save again to replace it."
        ),
    )
    for field in DRAFT_FIELDS:
        setattr(draft, field, values[field])
    draft.drafted_by = director
    draft.full_clean()
    acting(draft, director).save()
    return draft


@transaction.atomic
def criteria_version_approve(
    *, draft: CriteriaVersion, revision: int, approver, effective_from: date, now: datetime
) -> CriteriaVersion:
    """A PCG member approves the draft exactly as they saw it; officers use it from `effective_from`."""
    draft = CriteriaVersion.objects.select_for_update().get(pk=draft.pk)
    if draft.status != CriteriaVersion.Status.DRAFT:
        raise Conflict("This version has already been approved.")
    revise(
        draft,
        revision,
        stale="The director changed this draft after you opened it. Review the changes before approving.",
    )
    if effective_from < timezone.localdate(now):
        raise Conflict(
            "The effective date cannot be in the past: screenings already made keep the version they used.",
            field="effective_from",
        )
    draft.status = CriteriaVersion.Status.APPROVED
    draft.effective_from = effective_from
    draft.approved_by = approver
    draft.approved_at = now
    draft.full_clean()
    acting(draft, approver).save()
    return draft
