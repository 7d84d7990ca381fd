from django import forms
from django.utils import timezone

from lead.forms import UswdsRadioSelect
from owg.models import Determination


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="The OWG's decision", widget=UswdsRadioSelect,
        choices=[("extend", "Extend the assessment deadline"), ("decide", "Another decision, e.g. file the original charge")],
        error_messages={"required": "Choose the decision."},
    )
    due_on = forms.DateField(
        label="New due date", required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text="For an extension: the assessment is due by the end of this day.",
        error_messages={"invalid": "Enter a real date."},
    )
    decision = forms.CharField(
        label="Decision and plan", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For an extension, the plan of action to engage the participant. No health details.",
        error_messages={"required": "Write the decision."},
    )

    def __init__(self, *args, determination: Determination, **kwargs):
        super().__init__(*args, **kwargs)
        if determination.kind != Determination.Kind.ASSESSMENT_OVERDUE:
            self.fields["outcome"].choices = [("decide", "Record the decision, e.g. file the original charge")]
            del self.fields["due_on"]

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "extend":
            if not data.get("due_on"):
                self.add_error("due_on", "Enter the new due date.")
            elif data["due_on"] <= timezone.localdate():
                self.add_error("due_on", "The new due date must be after today.")
        return data
