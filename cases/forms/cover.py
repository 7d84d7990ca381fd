from django import forms
from django.utils import timezone

from cases.forms.steps import DATE_INPUT
from cases.models import BREAK_GLASS_WINDOW
from cases.services.cover import case_managers_of, coverage_period_problems
from lead.forms import BoundedForm


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class CoverageForm(BoundedForm):
    """The people are the provider's active case managers (a choice outside them is refused as
    any invalid choice); the period's bounds are the service's rule (coverage_period_problems),
    shown here all at once next to their fields."""

    covered = PersonChoice(
        label="Whose caseload is covered",
        queryset=None,
        error_messages={
            "required": "Choose whose caseload is covered.",
            "invalid_choice": "Choose a case manager of this provider.",
        },
    )
    covering = PersonChoice(
        label="Who covers it",
        queryset=None,
        error_messages={
            "required": "Choose who covers the caseload.",
            "invalid_choice": "Choose a case manager of this provider.",
        },
    )
    starts_on = forms.DateField(
        label="First day",
        widget=DATE_INPUT,
        input_formats=["%Y-%m-%d"],
        error_messages={"required": "Enter the first day.", "invalid": "Enter a real date."},
    )
    ends_on = forms.DateField(
        label="Last day",
        widget=DATE_INPUT,
        input_formats=["%Y-%m-%d"],
        help_text="At most 90 days after the first day.",
        error_messages={"required": "Enter the last day.", "invalid": "Enter a real date."},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=300,
        help_text="Leave, vacancy... at most 300 characters. No health details.",
        error_messages={"required": "Say why the caseload is covered."},
    )

    def __init__(self, *args, provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["covered"].queryset = case_managers_of(provider)
        self.fields["covering"].queryset = case_managers_of(provider)

    def clean(self):
        data = super().clean()
        if data.get("covered") and data.get("covering") and data["covered"] == data["covering"]:
            self.add_error("covering", "A case manager cannot cover their own caseload: choose a colleague.")
        if data.get("starts_on") and data.get("ends_on"):
            today = timezone.localdate()
            for field, problem in coverage_period_problems(
                starts_on=data["starts_on"], ends_on=data["ends_on"], today=today
            ).items():
                self.add_error(field, problem)
        return data


class BreakGlassForm(BoundedForm):
    reason = forms.CharField(
        label="What is the emergency?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Between 20 and 1000 characters. The case manager and the provider's supervisor are told; "
        f"the access lasts {int(BREAK_GLASS_WINDOW.total_seconds() // 60)} minutes.",
        error_messages={"required": "Say what the emergency is."},
    )
