"""Pages of the clinical record (policy VI.E-H), made to be filled in with the participant on a
tablet: the psychosocial assessment, the Individual Service Plan and its progress notes.

Each page opens the case through `open_clinical_record` (the assigned case manager or the
provider's supervisor; the read is logged; 404 for anyone else). Writes go through
cases.services.record. When a save is refused because someone else saved first, the page shows
what the user typed again, with the reason at the top and the current revision (lead.forms.
refusal_shown, RevisionedForm.carry_revision): nothing typed is ever lost."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.clinical import open_clinical_record
from cases.forms import record as record_forms
from cases.models import ActionStep, Assessment, ServicePlan
from cases.services import record as record_services
from cases.services import steps as step_services
from lead.forms import refusal_shown

NOTES_PER_PAGE = 20


# The psychosocial assessment -----------------------------------------------------------------


def assessment(request, public_id):
    case = open_clinical_record(request, public_id, what="assessment")
    if not step_services.has_consent(case):
        messages.warning(request, "Record the participant's written consent before the assessment.")
        return redirect("cases:case-consent", public_id=public_id)
    record = Assessment.objects.filter(case=case).first()
    data = request.POST if request.method == "POST" else None
    completed = record is not None and record.is_completed
    completing = record_services.assessment_completing(
        record, complete=data is not None and data.get("action") == "complete"
    )
    form = record_forms.AssessmentForm(
        data, initial=record_forms.AssessmentForm.initial_from(record), completing=completing
    )
    if data is not None and form.is_valid():
        with refusal_shown(request, form):
            saved = record_services.assessment_save(
                case=case,
                revision=form.cleaned_data["revision"],
                by=request.user,
                now=timezone.now(),
                complete=completing,
                **form.values(),
            )
            return _assessment_saved(request, case, saved, was_completed=completed)
        record = Assessment.objects.filter(case=case).first()  # as saved now
        form.carry_revision(record)
    return render(request, "cases/record/assessment.html", {"case": case, "assessment": record, "form": form})


def _assessment_saved(request, case, saved: Assessment, *, was_completed: bool):
    if was_completed:
        messages.success(request, "Corrections saved. The assessment stays completed.")
    elif saved.is_completed:
        messages.success(
            request, "Assessment completed: the 30-day clock has stopped. Next, build the ISP with the participant."
        )
        return redirect("cases:case-plan", public_id=case.public_id)
    else:
        messages.success(
            request, f"Draft saved at {timezone.localtime():%-I:%M %p}. Nothing is required until you complete it."
        )
    return redirect("cases:case-assessment", public_id=case.public_id)


# The Individual Service Plan -----------------------------------------------------------------


def _plan_records(case):
    """The plan and its rows, in a fixed number of queries however long the plan is."""
    plan = ServicePlan.objects.filter(case=case).first()
    if plan is None:
        return None, [], [], []
    goals = list(plan.goals.all())
    steps = list(ActionStep.objects.filter(goal__plan=plan))
    return plan, goals, steps, list(plan.services.all())


def _plan_forms(case, data=None, add=None):
    plan, goals, steps, services = _plan_records(case)
    if add:  # An "Add" button: the typed rows again, not judged yet, plus an empty row.
        initial = {prefix: record_forms.typed_rows(data, prefix) for prefix in record_forms.ROWS}
        initial["revision"] = data.get("revision", 0)
        return plan, record_forms.PlanForms.build(None, initial=initial, goals=goals, add=add)
    initial = record_forms.plan_initial(plan, goals, steps, services)
    return plan, record_forms.PlanForms.build(data, initial=initial, goals=goals)


def plan(request, public_id):
    case = open_clinical_record(request, public_id, what="ISP")
    data = request.POST if request.method == "POST" else None
    action = data.get("action") if data is not None else None
    current, forms = _plan_forms(case, data, add=record_forms.ADD_ACTIONS.get(action))
    if data is not None and action not in record_forms.ADD_ACTIONS and forms.is_valid():
        with refusal_shown(request, forms.plan):
            record_services.plan_save(
                case=case,
                revision=forms.plan.cleaned_data["revision"],
                by=request.user,
                now=timezone.now(),
                goals=forms.rows("goals"),
                steps=forms.rows("steps"),
                services=forms.rows("services"),
                activate=action == "activate",
            )
            activated = action == "activate" and (current is None or current.status != ServicePlan.Status.ACTIVE)
            messages.success(request, "The ISP is active." if activated else "The ISP is saved.")
            return redirect("cases:case-plan", public_id=case.public_id)
        # Refused: rebuilt from the records as they are now (the goals a step may choose
        # included), with what was typed, the plan's current revision and the reason.
        refusal = list(forms.plan.non_field_errors())
        current, forms = _plan_forms(case, data)
        forms.is_valid()
        forms.plan.carry_revision(current)
        forms.plan.add_error(None, refusal)
    return _plan_page(request, case, current, forms, record_forms.NoteForm())


def _plan_page(request, case, plan, forms, note_form):
    notes = Paginator(case.notes.select_related("written_by"), NOTES_PER_PAGE).get_page(request.GET.get("notes"))
    assessment = Assessment.objects.filter(case=case).only("status").first()
    return render(
        request,
        "cases/record/plan.html",
        {
            "case": case,
            "plan": plan,
            "forms": forms,
            "note_form": note_form,
            "notes": notes,
            "assessment_completed": assessment is not None and assessment.status == Assessment.Status.COMPLETED,
        },
    )


@require_POST
def note_add(request, public_id):
    case = open_clinical_record(request, public_id, what="ISP")
    note_form = record_forms.NoteForm(request.POST)
    if note_form.is_valid():
        with refusal_shown(request, note_form):
            record_services.case_note_add(
                case=case, by=request.user, now=timezone.now(), text=note_form.cleaned_data["text"]
            )
            messages.success(request, "Progress note added.")
            return redirect("cases:case-plan", public_id=case.public_id)
    current, forms = _plan_forms(case)
    return _plan_page(request, case, current, forms, note_form)
