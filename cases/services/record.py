"""Writes of the clinical record (policy VI.E-H): the psychosocial assessment, the Individual
Service Plan and progress notes.

The assessment and the plan are edited over days, sometimes by the case manager and the
supervisor covering for them: each save names the `revision` it was made from, and a save made
from an older page is refused (`Conflict`, lead.locking.revise), never merged, naming what the
other person changed. The row is locked first, so two saves at the same instant cannot both pass. Every service ends with `case_status_refresh`:
completing the assessment stops the 30-day clock, activating the plan makes the case "ISP active"."""

from datetime import datetime
from typing import cast

from django.db import transaction
from django.db.models import Field

from cases.lifecycle import case_status_refresh
from cases.models import (
    ActionStep,
    Assessment,
    Case,
    CaseNote,
    CurrentService,
    Goal,
    ServicePlan,
)
from cases.services.steps import has_consent
from lead.locking import revise
from lead.services import Conflict, acting

ASSESSMENT_FIELDS = (
    "substances",
    "in_substance_treatment",
    "chemical_dependency",
    "mental_health_concerns",
    "in_mental_health_treatment",
    "mental_health",
    "housing_status",
    "housing",
    "open_legal_cases",
    "legal",
    "employment_status",
    "employment",
    "education_level",
    "education",
    "goals",
    "strengths",
)
# What a completed assessment must answer: every structured field (what reports count) and the
# participant's own goals, which the ISP is built from. Narratives stay optional.
ASSESSMENT_REQUIRED = (
    "substances",
    "in_substance_treatment",
    "mental_health_concerns",
    "in_mental_health_treatment",
    "housing_status",
    "open_legal_cases",
    "employment_status",
    "education_level",
    "goals",
)


def _blank(value) -> bool:
    return value is None or value == "" or value == []


def assessment_missing(values: dict) -> list[str]:
    """The fields a completed assessment needs that `values` leaves unanswered."""
    return [field for field in ASSESSMENT_REQUIRED if _blank(values.get(field))]


def _locked_case(case: Case) -> Case:
    # The first save creates the record: with no row to lock yet, the case's row serialises the
    # two first saves, so the second one gets a Conflict instead of a duplicate-key error.
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_open:
        raise Conflict("The case is closed: its record can no longer change.")
    return case


def _revise(record, revision: int, what: str, fields=()) -> None:
    def stale() -> str:
        changed = _changed_since(record, revision, fields) if record.pk else []
        detail = f" They changed: {', '.join(changed)}." if changed else ""
        return (
            f"Someone saved this {what} after you opened it.{detail} What you typed is still below: "
            "check it, then save again to replace their version with yours."
        )

    revise(record, revision, stale=stale)


def _changed_since(record, revision: int, fields) -> list[str]:
    """Labels of the fields that differ from the version the user opened (from the history)."""
    # Revision 0 is the page opened before the record existed: everything they filled is a change.
    opened = record.history.filter(revision=revision).first() if revision else type(record)()
    if opened is None:
        return []
    return [str(record._meta.get_field(f).verbose_name) for f in fields if getattr(opened, f) != getattr(record, f)]


# The psychosocial assessment -----------------------------------------------------------------


def assessment_completing(assessment: Assessment | None, complete: bool) -> bool:
    """Whether a save completes the assessment (so every question must be answered): asked to,
    or already completed, since a completed assessment stays completed when corrected."""
    return complete or (assessment is not None and assessment.is_completed)


@transaction.atomic
def assessment_save(*, case: Case, revision: int, by, now: datetime, complete: bool = False, **values) -> Assessment:
    """Save the assessment as a draft, or complete it. A completed assessment stays completed
    when corrected, so every correction must keep it complete."""
    case = _locked_case(case)
    if not has_consent(case):
        raise Conflict("Record the participant's written consent before the assessment.")
    assessment = Assessment.objects.select_for_update().filter(case=case).first() or Assessment(case=case)
    _revise(assessment, revision, "assessment", ASSESSMENT_FIELDS)
    for field in ASSESSMENT_FIELDS:
        setattr(assessment, field, values[field])
    completing = assessment_completing(assessment, complete)
    if completing and (missing := assessment_missing(values)):
        labels = ", ".join(str(cast(Field, Assessment._meta.get_field(f)).verbose_name) for f in missing)
        raise Conflict(f"A completed assessment answers every question. Missing: {labels}.")
    if completing and not assessment.is_completed:
        # The clock stops once, when the assessment is first completed; corrections keep that time.
        assessment.status = Assessment.Status.COMPLETED
        assessment.completed_at = now
        assessment.completed_by = by
    assessment.full_clean()
    acting(assessment, by).save()
    case_status_refresh(case, by=by)
    return assessment


# The Individual Service Plan -----------------------------------------------------------------

GOAL_FIELDS = ("domain", "need", "goal", "status")
STEP_FIELDS = ("description", "who", "due_on", "status")
SERVICE_FIELDS = ("provider", "contact", "service")


@transaction.atomic
def plan_save(
    *,
    case: Case,
    revision: int,
    by,
    now: datetime,
    goals: list[dict],
    steps: list[dict],
    services: list[dict],
    activate: bool = False,
) -> ServicePlan:
    """Save the plan's rows and, with `activate`, make it active.

    Each row is a dict of its fields plus `id` (None for a new row) and `delete`; a removed row
    may be `id` and `delete` alone. A step names
    its goal by `goal` (a saved goal's id). Rows are only changed or removed when named: an id
    that is not this plan's is refused, never created elsewhere."""
    case = _locked_case(case)
    plan = ServicePlan.objects.select_for_update().filter(case=case).first() or ServicePlan(case=case)
    _revise(plan, revision, "plan")
    plan.full_clean()
    acting(plan, by).save()

    saved_goals = {goal.pk: goal for goal in plan.goals.all()}
    removed_goals = {row["id"] for row in goals if row["id"] and row["delete"]}
    _rows_save(Goal, saved_goals, goals, GOAL_FIELDS, by=by, parent={"plan": plan})
    kept_goals = {pk: goal for pk, goal in saved_goals.items() if pk not in removed_goals}
    saved_steps = {step.pk: step for step in ActionStep.objects.filter(goal__plan=plan)}
    for row in steps:
        if row["delete"]:  # a removed row is its id alone
            continue
        if row["goal"] not in kept_goals:
            raise Conflict("An action step names a goal that is not in this plan any more. Choose its goal again.")
        row["goal"] = kept_goals[row["goal"]]
    _rows_save(ActionStep, saved_steps, steps, (*STEP_FIELDS, "goal"), by=by)
    # A removed goal takes its steps with it, each deleted on its own so the history names who.
    for pk in removed_goals:
        for step in ActionStep.objects.filter(goal_id=pk):
            acting(step, by).delete()
        acting(saved_goals[pk], by).delete()
    _rows_save(
        CurrentService, {s.pk: s for s in plan.services.all()}, services, SERVICE_FIELDS, by=by, parent={"plan": plan}
    )

    if activate or plan.status == ServicePlan.Status.ACTIVE:
        _check_activatable(case, plan)
    if activate and plan.status != ServicePlan.Status.ACTIVE:
        plan.status = ServicePlan.Status.ACTIVE
        plan.activated_at = now
        plan.full_clean()
        acting(plan, by).save()
    case_status_refresh(case, by=by)
    return plan


def _rows_save(model, saved: dict, rows: list[dict], fields, *, by, parent=None) -> None:
    """Create, change or (goals apart, done by the caller) delete the rows of one table."""
    for row in rows:
        if row["id"] and row["id"] not in saved:
            raise Conflict("A row of this plan was removed by someone else meanwhile. Open the plan again.")
        if row["delete"]:
            if row["id"] and model is not Goal:
                acting(saved[row["id"]], by).delete()
            continue
        record = saved[row["id"]] if row["id"] else model(**(parent or {}))
        for field in fields:
            setattr(record, field, row[field])
        record.full_clean()
        acting(record, by).save()


def _check_activatable(case: Case, plan: ServicePlan) -> None:
    """Policy VI.F: the plan follows the full assessment and says what the participant will do."""
    assessment = Assessment.objects.filter(case=case).first()
    if assessment is None or assessment.status != Assessment.Status.COMPLETED:
        raise Conflict("Complete the psychosocial assessment before activating the ISP.")
    if not ActionStep.objects.filter(goal__plan=plan).exists():
        raise Conflict("An active ISP needs at least one goal with one action step.")


# Progress notes ------------------------------------------------------------------------------


@transaction.atomic
def case_note_add(*, case: Case, by, now: datetime, text: str) -> CaseNote:
    case = _locked_case(case)
    note = CaseNote(case=case, written_at=now, written_by=by, text=text)
    note.full_clean()
    acting(note, by).save()
    case_status_refresh(case, by=by)
    return note
