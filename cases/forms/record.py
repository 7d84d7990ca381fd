"""Forms of the clinical record: the psychosocial assessment, the Individual Service Plan's
rows (goals, action steps, current services) and progress notes.

Plain forms, not ModelForms: the services assign each field explicitly. A yes/no is a pair of
radio buttons (never a checkbox) so that "not answered yet" stays possible in a draft and can
never pass for "no" in a completed assessment."""

from dataclasses import dataclass

from django import forms

from cases.models import ActionStep, Assessment, Domain, Goal
from cases.services.record import ASSESSMENT_REQUIRED
from lead import validation
from lead.forms import YES_NO, BoundedForm, RevisionedForm, UswdsCheckboxSelectMultiple, UswdsRadioSelect, posted_total

MAX_ROWS = 50


class _AnswerLater:
    """An answer a completed assessment needs but a draft may leave empty. `required` stays True,
    so the label never says "(optional)"; a draft's form sets `answer_later` to accept "empty"."""

    answer_later = False

    def validate(self, value):
        if self.answer_later and value in self.empty_values:
            return
        super().validate(value)


class _YesNo(_AnswerLater, forms.TypedChoiceField):
    pass


class _OneOf(_AnswerLater, forms.ChoiceField):
    pass


class _Several(_AnswerLater, forms.MultipleChoiceField):
    pass


class _Text(_AnswerLater, forms.CharField):
    pass


TO_COMPLETE = {"required": "Answer this to complete the assessment."}


def _yes_no(label: str, help_text: str = "") -> forms.TypedChoiceField:
    return _YesNo(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        empty_value=None,
        widget=UswdsRadioSelect,
        error_messages=TO_COMPLETE,
    )


def _one_of(label: str, choices) -> forms.ChoiceField:
    return _OneOf(label=label, choices=choices, widget=UswdsRadioSelect, error_messages=TO_COMPLETE)


def _notes(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=False, widget=forms.Textarea(attrs={"rows": 4}))


def _as_answer(value):
    """A stored yes/no as the radio button's value."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


# The psychosocial assessment -----------------------------------------------------------------

# Policy VI.E, one section per domain, then the participant's own words.
SECTIONS = (
    ("chemical-dependency", "Chemical dependency", ("substances", "in_substance_treatment", "chemical_dependency")),
    ("mental-health", "Mental health", ("mental_health_concerns", "in_mental_health_treatment", "mental_health")),
    ("housing", "Housing", ("housing_status", "housing")),
    ("legal", "Prior legal issues", ("open_legal_cases", "legal")),
    ("employment", "Employment", ("employment_status", "employment")),
    ("education", "Education", ("education_level", "education")),
    ("own-words", "The participant's goals and strengths", ("goals", "strengths")),
)


class AssessmentForm(RevisionedForm):
    substances = _Several(
        label="Substances the participant uses",
        choices=Assessment.Substance.choices,
        widget=UswdsCheckboxSelectMultiple,
        help_text="As they describe it. Choose all that apply.",
        error_messages={"required": "Choose the substances used, or None."},
    )
    in_substance_treatment = _yes_no("In substance-use treatment now?")
    chemical_dependency = _notes(
        "Notes on substance use",
        "How and how often, what they want to change, what would make use safer. No judgement needed.",
    )
    mental_health_concerns = _yes_no("Mental health concerns?", "Raised by the participant or observed.")
    in_mental_health_treatment = _yes_no("In mental health treatment now?")
    mental_health = _notes("Notes on mental health")
    housing_status = _one_of("Where the participant sleeps now", Assessment.Housing.choices)
    housing = _notes("Notes on housing")
    open_legal_cases = _yes_no(
        "Open legal cases besides the diversion?", "Warrants, pending charges, probation, court dates."
    )
    legal = _notes("Notes on legal issues")
    employment_status = _one_of("Work", Assessment.Employment.choices)
    employment = _notes("Notes on employment and income")
    education_level = _one_of("Highest education", Assessment.Education.choices)
    education = _notes("Notes on education")
    goals = _Text(
        label="The participant's own goals",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In their words: what they want for themselves. The ISP starts here.",
        error_messages={"required": "Write the participant's goals, in their words."},
    )
    strengths = _notes("The participant's strengths", "What they do well, who supports them.")

    def __init__(self, *args, completing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ASSESSMENT_REQUIRED:
            self.fields[name].answer_later = not completing

    def clean_substances(self):
        value = self.cleaned_data["substances"]
        if Assessment.Substance.NONE in value and len(value) > 1:
            raise forms.ValidationError("Choose None alone, or only the substances used.")
        return value

    def sections(self):
        """[(key, title, [bound fields])] for the template, one section per domain."""
        return [(key, title, [self[name] for name in names]) for key, title, names in SECTIONS]

    @staticmethod
    def initial_from(assessment: Assessment | None) -> dict:
        if assessment is None:
            return {"revision": 0}
        return {f: _as_answer(getattr(assessment, f)) for f in AssessmentForm.base_fields if f != "revision"} | {
            "revision": assessment.revision,
        }


# The Individual Service Plan -----------------------------------------------------------------
#
# Three formsets on one page. Action steps are one flat list where each step chooses its goal
# among the plan's saved goals, rather than a formset nested under each goal: on a tablet that is
# one list to scroll, one "Add a step" button, and a step can move to another goal by changing a
# select. The cost: a new goal takes its steps once the plan is saved (the page says so).
# Every row carries its saved id (empty for a new row); the service refuses ids of other plans.


class PlanForm(RevisionedForm):
    """The plan's revision; its rows are the three formsets."""


class _Row(BoundedForm):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def row(self) -> dict:
        return self.cleaned_data | {"delete": bool(self.cleaned_data.get("DELETE"))}


class GoalForm(_Row):
    domain = forms.ChoiceField(
        label="Domain",
        choices=[("", "- Select -"), *Domain.choices],
        error_messages={"required": "Choose the domain."},
    )
    need = forms.CharField(
        label="The need",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Describe the need."},
    )
    goal = forms.CharField(
        label="The goal",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What the participant wants to reach, in their words.",
        error_messages={"required": "Write the goal."},
    )
    status = forms.ChoiceField(label="Status", choices=Goal.Status.choices, initial=Goal.Status.OPEN)


class StepForm(_Row):
    goal = forms.TypedChoiceField(
        label="For the goal", coerce=int, error_messages={"required": "Choose the goal this step serves."}
    )
    description = forms.CharField(label="What", max_length=300, error_messages={"required": "Say what is to be done."})
    who = forms.CharField(
        label="Who",
        max_length=100,
        help_text="The participant, the case manager, a provider...",
        error_messages={"required": "Say who does it."},
    )
    due_on = forms.DateField(
        label="By when",
        widget=forms.DateInput(attrs={"type": "date"}),
        # Saved rows come back with every save: a step overdue for years must not block the plan.
        validators=[validation.DateWindow(years_back=5, years_ahead=3, what="The due date")],
        error_messages={"required": "Enter the date it is due.", "invalid": "Enter a real date."},
    )
    status = forms.ChoiceField(label="Status", choices=ActionStep.Status.choices, initial=ActionStep.Status.OPEN)

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [("", "- Select -"), *((g.pk, goal_label(g)) for g in goals)]


class ServiceForm(_Row):
    provider = forms.CharField(label="Provider", max_length=200, error_messages={"required": "Enter the provider."})
    contact = forms.CharField(
        label="Contact at the provider", max_length=200, required=False, help_text="Name and phone."
    )
    service = forms.CharField(
        label="Service", max_length=300, error_messages={"required": "Say what service they provide."}
    )


def goal_label(goal: Goal) -> str:
    text = goal.goal if len(goal.goal) <= 60 else goal.goal[:59] + "…"
    return f"{goal.get_domain_display()}: {text}"


def _formset(form):
    return forms.formset_factory(form, extra=0, can_delete=True, max_num=MAX_ROWS, validate_max=True)


GoalFormSet, StepFormSet, ServiceFormSet = _formset(GoalForm), _formset(StepForm), _formset(ServiceForm)

ROWS = {  # prefix: (formset, fields typed in a row)
    "goals": (GoalFormSet, ("id", "domain", "need", "goal", "status")),
    "steps": (StepFormSet, ("id", "goal", "description", "who", "due_on", "status")),
    "services": (ServiceFormSet, ("id", "provider", "contact", "service")),
}
ADD_ACTIONS = {"add_goal": "goals", "add_step": "steps", "add_service": "services"}


def typed_rows(data, prefix: str) -> list[dict]:
    """The rows of a formset as typed (not validated), to show again. A saved row keeps its
    "Remove" tick; an unsaved row that is empty or removed is dropped."""
    fields = ROWS[prefix][1]
    rows = []
    for index in range(posted_total(data, prefix, MAX_ROWS)):
        row = {field: data.get(f"{prefix}-{index}-{field}", "") for field in fields}
        deleted = bool(data.get(f"{prefix}-{index}-DELETE"))
        typed = any(v for k, v in row.items() if k not in ("id", "status"))
        if row["id"] or (typed and not deleted):
            rows.append(row | {"DELETE": deleted})
    return rows


@dataclass
class PlanForms:
    plan: PlanForm
    goals: forms.BaseFormSet
    steps: forms.BaseFormSet
    services: forms.BaseFormSet
    has_saved_goals: bool

    @classmethod
    def build(cls, data, *, initial: dict, goals: list[Goal], add: str | None = None) -> "PlanForms":
        """Bound to `data`, or (data None) showing `initial`: the saved rows, or the typed ones
        again after an "Add" button with one empty row more. A list with no rows starts with an
        empty one, so a first goal or service needs no extra tap (steps only once goals exist)."""
        formsets = {}
        for prefix, (formset_class, _) in ROWS.items():
            kwargs = {"prefix": prefix, "form_kwargs": {"goals": goals} if prefix == "steps" else {}}
            if data is not None:
                formsets[prefix] = formset_class(data, **kwargs)
                continue
            formset = formset_class(initial=initial[prefix], **kwargs)
            wants_row = add == prefix or not initial[prefix]
            formset.extra = 1 if wants_row and (prefix != "steps" or goals) else 0
            formsets[prefix] = formset
        plan = PlanForm(data, initial={"revision": initial["revision"]})
        return cls(plan=plan, has_saved_goals=bool(goals), **formsets)

    def labelled(self):
        """[(row label, formset)] for the error summary."""
        return [("Goal", self.goals), ("Step", self.steps), ("Service", self.services)]

    def has_errors(self) -> bool:
        return bool(self.plan.errors) or any(formset.total_error_count() for _, formset in self.labelled())

    def is_valid(self) -> bool:
        # `&`, not `and`: every form is validated, so every error shows at once.
        valid = self.plan.is_valid() & self.goals.is_valid() & self.steps.is_valid() & self.services.is_valid()
        return valid and self._removed_rows_readable() and self._steps_keep_their_goals()

    def _steps_keep_their_goals(self) -> bool:
        removed = {row.cleaned_data.get("id") for row in self.goals.deleted_forms} - {None}
        ok = True
        for row in self._kept(self.steps):
            if row.cleaned_data["goal"] in removed:
                row.add_error("goal", "This goal is being removed: remove this step too, or keep the goal.")
                ok = False
        return ok

    @staticmethod
    def _kept(formset):
        """Rows with content: an untouched empty row has no cleaned data."""
        return [row for row in formset.forms if row.cleaned_data and row not in formset.deleted_forms]

    def _removed_rows_readable(self) -> bool:
        """A removed row is not validated (Django skips it), yet its id names the record to delete:
        a removed row whose id is not a number was tampered with, and refused as a whole."""
        for _, formset in self.labelled():
            if any("id" in row.errors for row in formset.deleted_forms):
                self.plan.add_error(None, "A removed row could not be read. Open the plan again and remove it there.")
                return False
        return True

    def rows(self, prefix: str) -> list[dict]:
        """What the service takes: each kept row with all its fields; a removed saved row as its
        id only (a removed row is not validated, so its other fields may be missing)."""
        formset = getattr(self, prefix)
        rows = []
        for row in formset.forms:
            if row in formset.deleted_forms:
                if row.cleaned_data.get("id"):
                    rows.append({"id": row.cleaned_data["id"], "delete": True})
            elif row.cleaned_data:
                rows.append(row.row())
        return rows


def plan_initial(plan, goals, steps, services) -> dict:
    return {
        "revision": plan.revision if plan else 0,
        "goals": [{f: getattr(g, f) for f in ("domain", "need", "goal", "status")} | {"id": g.pk} for g in goals],
        "steps": [
            {f: getattr(s, f) for f in ("description", "who", "due_on", "status")} | {"id": s.pk, "goal": s.goal_id}
            for s in steps
        ],
        "services": [{f: getattr(s, f) for f in ("provider", "contact", "service")} | {"id": s.pk} for s in services],
    }


# Progress notes ------------------------------------------------------------------------------


class NoteForm(BoundedForm):
    text = forms.CharField(
        label="New progress note",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="What happened, what was agreed, the next step.",
        error_messages={"required": "Write the note before adding it."},
    )
