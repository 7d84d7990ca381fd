from django import forms
from django.db.models import Q
from django.utils import timezone

from lead import validation
from lead.forms import BoundedForm, RevisionedForm, UswdsCheckboxSelectMultiple, UswdsRadioSelect
from lead.roles import Role
from lead.users.models import User
from outreach.models import TrainingSession


class TrainingSessionForm(BoundedForm):
    topic = forms.ChoiceField(
        label="Topic",
        choices=TrainingSession.Topic.choices,
        widget=UswdsRadioSelect,
        help_text="Only LEAD sessions count as the training the site may require before an officer offers diversion.",
        error_messages={"required": "Choose the topic."},
    )
    held_on = forms.DateField(
        label="Date held",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validation.DateWindow(years_back=20, years_ahead=None, what="The date held")],
        error_messages={"required": "Enter the date the session was held.", "invalid": "Enter a real date."},
    )
    place = forms.CharField(label="Place", max_length=200, required=False)
    trainer = forms.CharField(label="Trainer", max_length=200, required=False, help_text="Who gave the training.")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        # Attendance is recorded after the fact: a session in the future would count as trained early.
        if held_on > timezone.localdate():
            raise forms.ValidationError("Record a session once it has been held: choose today or an earlier date.")
        return held_on


def attendance_choices(session: TrainingSession):
    """Active officers, by agency; and whoever is already recorded, so that saving the form
    does not drop an officer who has left since."""
    return (
        User.objects.filter(Q(is_active=True, groups__name=Role.OFFICER.label) | Q(trainings__session=session))
        .distinct()
        .select_related("agency")
        .order_by("agency__name", "last_name", "first_name")
    )


class OfficerChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        left = "" if user.is_active else " (no longer active)"
        return f"{user.get_full_name() or user.username}, {user.agency.name if user.agency else 'no agency'}{left}"


class AttendanceForm(RevisionedForm):
    officers = OfficerChoice(
        label="Officers who attended",
        queryset=User.objects.none(),
        required=False,
        widget=UswdsCheckboxSelectMultiple,
        help_text="Listed by agency.",
    )

    def __init__(self, *args, session: TrainingSession, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = attendance_choices(session)
