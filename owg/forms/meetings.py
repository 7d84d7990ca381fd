"""Forms of the OWG's meetings: the cadence, a meeting, attendance, items, decisions, the minutes."""

from django import forms
from django.utils import timezone

from cases.deadlines import extension_refusal
from lead import validation
from lead.forms import (
    BoundedForm,
    RevisionedForm,
    UswdsCheckboxSelectMultiple,
    UswdsRadioSelect,
    required_when,
    with_unit,
)
from lead.users.models import User
from owg.forms.fields import DATE, PersonChoice, PersonSelect, owg_people, required
from owg.models import Decision
from owg.models.meetings import WEEKDAYS

Outcome = Decision.Outcome


class ScheduleForm(RevisionedForm):
    next_on = forms.DateField(
        label="Date of the next meeting",
        widget=DATE,
        error_messages=required("Enter the date of the next meeting."),
        validators=[validation.NEAR_FUTURE],
        help_text="Later meetings follow on the cadence and are planned six weeks ahead.",
    )
    every_weeks = with_unit(
        forms.IntegerField(
            label="Meet every … weeks",
            min_value=1,
            max_value=8,
            initial=2,
            help_text="The model policy says bi-weekly: every 2 weeks.",
            error_messages=required("Enter how many weeks apart the meetings are."),
        ),
        "weeks",
    )
    starts_at = forms.TimeField(
        label="Start time",
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages=required("Enter the start time."),
    )
    place = forms.CharField(label="Place", max_length=200, required=False, help_text="A room, or a video link.")
    members = PersonChoice(
        label="Members",
        queryset=User.objects.none(),
        widget=UswdsCheckboxSelectMultiple,
        help_text="The project director, police personnel, case managers, a prosecutor's and a public defender's representative.",
        error_messages=required("Choose the members."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = owg_people()

    def clean_next_on(self):
        day = self.cleaned_data["next_on"]
        if day.weekday() not in dict(WEEKDAYS):
            raise forms.ValidationError("Choose a weekday.")
        return day


class MeetingForm(RevisionedForm):
    starts_at = forms.DateTimeField(
        label="Date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        validators=[validation.NEAR_FUTURE],
        error_messages=required("Enter the date and time."),
    )
    place = forms.CharField(label="Place", max_length=200, required=False)
    recorder = PersonSelect(
        label="Who records the decisions",
        queryset=User.objects.none(),
        required=False,
        empty_label="The project director",
        help_text="A member who records the OWG's decisions at this meeting in the director's place.",
    )
    cancelled = forms.BooleanField(
        label="Cancel this meeting", required=False, help_text="Its agenda then goes to the next meeting."
    )

    def __init__(self, *args, members, editing: bool, **kwargs):
        super().__init__(*args, adding=not editing, **kwargs)
        self.fields["recorder"].queryset = members
        if not editing:
            del self.fields["recorder"], self.fields["cancelled"]

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at <= timezone.now():
            raise forms.ValidationError("Choose a time in the future.")
        return starts_at


class AttendanceForm(BoundedForm):
    present = PersonChoice(
        label="Who attended", queryset=User.objects.none(), required=False, widget=UswdsCheckboxSelectMultiple
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = members


class ItemForm(BoundedForm):
    title = forms.CharField(
        label="What should the OWG discuss?", max_length=200, error_messages=required("Write what to discuss.")
    )
    details = forms.CharField(
        label="Details",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Every member reads this. No health details.",
    )
    case = forms.ModelChoiceField(
        label="About a participant (optional)", queryset=None, required=False, empty_label="- Nobody in particular -"
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda case: case.participant.full_name


class DecisionForm(BoundedForm):
    outcome = forms.ChoiceField(
        label="The OWG's decision", widget=UswdsRadioSelect, error_messages=required("Choose the decision.")
    )
    proposed_by = PersonSelect(
        label="Proposed by",
        queryset=User.objects.none(),
        empty_label="- Select -",
        error_messages=required("Choose who proposed it.") | {"invalid_choice": "Choose a member recorded present."},
    )
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="A sentence or two. Every member reads the minutes: no health details.",
        error_messages=required("Give the rationale."),
    )
    new_due_on = required_when(
        forms.DateField(
            label="New due date of the assessment",
            widget=DATE,
            validators=[validation.NEAR_FUTURE],
            help_text="The assessment is due by the end of this day.",
            error_messages=required("Enter the new due date.") | {"invalid": "Enter a real date."},
        ),
        "if the decision is to extend",
        lambda data: data.get("outcome") == Outcome.EXTEND,
    )
    case_manager = required_when(
        forms.ModelChoiceField(
            label="Case manager who takes the case",
            queryset=User.objects.none(),
            empty_label="- Select -",
            error_messages=required("Choose the case manager who takes the case."),
        ),
        "if the decision is to approve",
        lambda data: data.get("outcome") == Outcome.APPROVE,
    )
    action = required_when(
        forms.CharField(
            label="Follow-up action",
            max_length=300,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text="For an extension, the plan of action to engage the participant; for an approval, the plan to reach the person.",
            error_messages=required("Write the follow-up action: the plan to engage or to reach the person."),
        ),
        "if the decision is to extend or approve, or someone is to take it",
        lambda data: data.get("outcome") in (Outcome.EXTEND, Outcome.APPROVE) or bool(data.get("action_by")),
    )
    action_by = PersonSelect(
        label="Who takes the action",
        queryset=User.objects.none(),
        required=False,
        empty_label="- Default -",
        help_text="By default the case manager (extension) or the referring member (approval).",
    )

    def __init__(self, *args, entry, members, present, case_managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o, Outcome(o).label) for o in entry.outcomes]
        # Only a member recorded present proposes (owg.services.meetings.decision_record).
        self.fields["proposed_by"].queryset = present
        self.fields["proposed_by"].help_text = (
            "A member recorded present at this meeting."
            if present.exists()
            else "No attendance is recorded yet: record who attended on the agenda first."
        )
        self.fields["action_by"].queryset = members
        self.fields["case_manager"].queryset = case_managers
        if Outcome.EXTEND not in entry.outcomes:
            del self.fields["new_due_on"]
        if Outcome.APPROVE not in entry.outcomes:
            del self.fields["case_manager"]

    def clean(self):
        data = super().clean()
        due_on = data.get("new_due_on") if data.get("outcome") == Outcome.EXTEND else None
        if due_on and (refusal := extension_refusal(due_on, timezone.now())):
            self.add_error("new_due_on", refusal)
        return data


class FinishForm(BoundedForm):
    notes = forms.CharField(
        label="Other business for the minutes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Every member reads the minutes: no health details.",
    )
