"""Forms of the prosecutor's tracking: a participant's criminal case and the filing decision."""

from django import forms

from lead import validation
from lead.forms import (
    BoundedForm,
    RevisionedForm,
    UswdsRadioSelect,
    yes_no,
)
from lead.roles import Role
from lead.users.models import User
from owg.forms.fields import DATE, PersonSelect, required
from owg.models import ChargeFiling, CriminalCase, Decision

Outcome = Decision.Outcome


class CriminalCaseForm(RevisionedForm):
    participant = forms.ModelChoiceField(
        label="Participant",
        queryset=None,
        empty_label="- Select -",
        error_messages=required("Choose the participant."),
    )
    in_jurisdiction = yes_no(
        "Is the case in your office's jurisdiction?", "Answer no for a case in another court you liaise with."
    )
    court = forms.CharField(label="Court", max_length=200, error_messages=required("Enter the court."))
    case_number = forms.CharField(label="Case number", max_length=60, error_messages=required("Enter the case number."))
    charge = forms.CharField(label="Charge", max_length=200, error_messages=required("Enter the charge."))
    status = forms.ChoiceField(
        label="Status",
        choices=CriminalCase.Status.choices,
        widget=UswdsRadioSelect,
        initial=CriminalCase.Status.PENDING,
    )
    filed_on = forms.DateField(
        label="Filed on",
        required=False,
        widget=DATE,
        error_messages={"invalid": "Enter a real date."},
        validators=[validation.DateWindow(years_back=30, years_ahead=0, what="The filing date")],
    )
    next_date = forms.DateField(
        label="Next court date",
        required=False,
        widget=DATE,
        error_messages={"invalid": "Enter a real date."},
        validators=[validation.DateWindow(years_back=5, years_ahead=3, what="The court date")],
    )
    next_event = forms.CharField(
        label="What happens then",
        max_length=100,
        required=False,
        help_text="For example: arraignment, pre-trial hearing.",
    )
    defender = PersonSelect(
        label="Public defender",
        queryset=User.objects.none(),
        required=False,
        empty_label="- None -",
        help_text="The defender sees this case.",
    )
    feedback = forms.CharField(
        label="Feedback for the OWG",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your office's view of the case in light of the participant's engagement in LEAD.",
    )

    def __init__(self, *args, participants=None, **kwargs):
        super().__init__(*args, adding=participants is not None, **kwargs)
        if participants is None:
            del self.fields["participant"]
        else:
            self.fields["participant"].queryset = participants
            self.fields["participant"].label_from_instance = lambda p: p.full_name
        self.fields["defender"].queryset = (
            User.objects.filter(is_active=True, groups__name=Role.DEFENDER.label)
            .select_related("agency")
            .order_by("last_name")
        )

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("participant", "revision")}


class FilingForm(BoundedForm):
    status = forms.ChoiceField(
        label="Your decision",
        widget=UswdsRadioSelect,
        error_messages=required("Choose the decision."),
        choices=[(ChargeFiling.Status.FILED, "File the charge"), (ChargeFiling.Status.DECLINED, "Do not file")],
    )
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea(attrs={"rows": 2}), error_messages=required("Give the reason.")
    )
