from django import forms
from django.utils import timezone

from cases.forms.referrals import DATETIME_LOCAL
from cases.models import Assessment, Case, Contact, ProgressSummary
from lead import validation
from lead.forms import BoundedForm, UswdsRadioSelect, with_unit


class ContactForm(BoundedForm):
    kind = forms.ChoiceField(
        label="How",
        choices=Contact.Kind.choices,
        widget=UswdsRadioSelect,
        error_messages={"required": "Choose how you tried to reach the person."},
    )
    reached = forms.TypedChoiceField(
        label="Did you reach the person?",
        choices=[("yes", "Yes"), ("no", "No: an attempt")],
        coerce=lambda v: v == "yes",
        widget=UswdsRadioSelect,
        error_messages={"required": "Say whether you reached the person."},
    )
    at = forms.DateTimeField(
        label="When",
        widget=DATETIME_LOCAL,
        input_formats=["%Y-%m-%dT%H:%M"],
        validators=[validation.DateWindow(years_back=1, years_ahead=0, what="A contact")],
        error_messages={"required": "Enter when it was.", "invalid": "Enter a real date and time."},
    )
    duration_minutes = with_unit(
        forms.IntegerField(
            label="Minutes",
            min_value=0,
            max_value=24 * 60,
            initial=0,
            help_text="0 for a short attempt; at most 1440 (24 hours).",
            error_messages={"required": "Enter how many minutes, 0 for a short attempt."},
        ),
        "minutes",
    )
    place = forms.CharField(label="Where", max_length=200, required=False)
    outcome = forms.CharField(
        label="Outcome",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What came of it, in a few words. No health details.",
        error_messages={"required": "Say what came of it."},
    )

    def clean_at(self):
        value = self.cleaned_data["at"]
        if value > timezone.now():
            raise forms.ValidationError("A contact cannot be in the future.")
        return value


class SummaryForm(BoundedForm):
    engagement = forms.ChoiceField(
        label="Engagement",
        choices=ProgressSummary.Engagement.choices,
        widget=UswdsRadioSelect,
        error_messages={"required": "Choose how engaged the participant is."},
    )
    note = forms.CharField(
        label="Progress note for the OWG",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to OWG members only while a valid release of information is on file. No health details.",
        error_messages={"required": "Write a short progress note."},
    )
    housing_status = forms.ChoiceField(
        label="Housing now",
        required=False,
        choices=[("", "- Not known -"), *Assessment.Housing.choices],
        help_text="For the program's outcome reports only; the OWG does not see it.",
    )
    employment_status = forms.ChoiceField(
        label="Employment now",
        required=False,
        choices=[("", "- Not known -"), *Assessment.Employment.choices],
        help_text="For the program's outcome reports only; the OWG does not see it.",
    )


class CloseForm(BoundedForm):
    reason = forms.ChoiceField(
        label="Why is the case closing?",
        choices=[c for c in Case.Closing.choices if c[0] != Case.Closing.OWG],
        widget=UswdsRadioSelect,
        error_messages={"required": "Choose why the case is closing."},
    )
    note = forms.CharField(label="Closing note", widget=forms.Textarea(attrs={"rows": 3}), required=False)
