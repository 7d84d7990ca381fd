from django import forms

from lead.agencies.models import Agency
from lead.forms import BoundedForm, UswdsRadioSelect
from reports.metrics import DOORS, Filters

DATE = forms.DateInput(attrs={"type": "date"})
MAX_DAYS = 3660  # ten years


class ReportFilterForm(BoundedForm):
    start = forms.DateField(
        label="From", widget=DATE, error_messages={"required": "Enter the first day.", "invalid": "Enter a real date."}
    )
    end = forms.DateField(
        label="To (inclusive)",
        widget=DATE,
        error_messages={"required": "Enter the last day.", "invalid": "Enter a real date."},
        help_text="The previous period of the same length is shown beside it.",
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="All agencies",
        help_text="The agency that screened or referred.",
    )
    door = forms.ChoiceField(label="Referral door", choices=DOORS, required=False, widget=UswdsRadioSelect)

    def __init__(self, *args, with_agency: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_agency:
            self.fields["agency"].queryset = Agency.objects.filter(
                kind__in=[
                    Agency.Kind.POLICE,
                    Agency.Kind.SHERIFF,
                    Agency.Kind.PROSECUTOR,
                    Agency.Kind.PUBLIC_DEFENDER,
                    Agency.Kind.SERVICE_PROVIDER,
                    Agency.Kind.PROGRAM,
                ]
            ).order_by("name")
        else:
            del self.fields["agency"], self.fields["door"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The last day must be on or after the first day.")
            elif (end - start).days > MAX_DAYS:
                self.add_error("end", "Choose at most ten years.")
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        agency = data.get("agency")
        return Filters(
            start=data["start"], end=data["end"], agency_id=agency.pk if agency else None, door=data.get("door") or ""
        )
