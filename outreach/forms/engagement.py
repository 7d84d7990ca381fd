from django import forms
from django.utils import timezone

from lead import validation
from lead.forms import BoundedForm, yes_no
from lead.roles import Role
from lead.users.models import User


class OutreachForm(BoundedForm):
    reached = yes_no("Did you reach the person?", "No if you looked and did not find them: the attempt counts too.")
    place = forms.CharField(
        label="Where you looked",
        max_length=200,
        help_text="For example: Fifth Street shelter, the library steps, Riverside Park north entrance.",
        error_messages={"required": "Say where you looked."},
    )
    at = forms.DateTimeField(
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        validators=[validation.DateWindow(years_back=1, years_ahead=0, what="The time")],
        error_messages={"required": "Enter when.", "invalid": "Enter a real date and time."},
    )
    outcome = forms.CharField(
        label="What happened",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="A line for the case manager: no health details.",
        error_messages={"required": "Write what happened, in a line."},
    )

    def clean_at(self):
        at = self.cleaned_data["at"]
        if at > timezone.now():
            raise forms.ValidationError("The time cannot be in the future.")
        return at


class AssignForm(BoundedForm):
    specialist = forms.ModelChoiceField(
        label="Outreach specialist",
        queryset=User.objects.none(),
        empty_label="- Select -",
        error_messages={"required": "Choose the outreach specialist."},
    )
    reason = forms.CharField(
        label="What they should know",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Where to look, what to say. The specialist reads this: no health details.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialist"].queryset = User.objects.filter(
            is_active=True, groups__name=Role.OUTREACH.label
        ).order_by("last_name", "first_name")
        self.fields["specialist"].label_from_instance = lambda user: user.get_full_name() or user.username
