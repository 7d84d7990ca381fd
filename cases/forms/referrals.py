from django import forms
from django.utils import timezone

from cases.models import ChargingHold, Participant, Referral
from lead import validation
from lead.forms import BoundedForm, UswdsCheckboxSelectMultiple, UswdsRadioSelect, name_field, required_when

DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
NEW_PERSON = "new"


def required(message: str) -> dict:
    return {"required": message}


class IdentityForm(BoundedForm):
    """Who the person is, and, when records already know someone like them, which one they are."""

    first_name = name_field("First name", error_messages=required("Enter the person's first name."))
    last_name = name_field("Last name", error_messages=required("Enter the person's last name."))
    aliases = name_field(
        "Other names",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Names the person also uses, one per line, first name first.",
    )
    date_of_birth = forms.DateField(
        label="Date of birth",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validation.BIRTH_DATE],
        help_text="Leave empty if the person does not know or will not say.",
        error_messages={"invalid": "Enter a real date."},
    )
    match = forms.ChoiceField(
        label="Is this one of these people already known to LEAD?", required=False, widget=UswdsRadioSelect
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        if self.candidates:
            self.fields["match"].required = True
            self.fields["match"].error_messages["required"] = "Say whether the person is one of the people listed."
            self.fields["match"].choices = [
                *((str(p.public_id), _describe(p)) for p in self.candidates),
                (NEW_PERSON, "None of them: a new person"),
            ]
        else:
            del self.fields["match"]

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date of birth cannot be in the future.")
        return value

    def identity(self) -> dict:
        return {field: self.cleaned_data[field] for field in ("first_name", "last_name", "aliases", "date_of_birth")}

    def chosen(self) -> Participant | None:
        """The known participant picked, or None for a new person."""
        picked = self.cleaned_data.get("match")
        return next((p for p in self.candidates if str(p.public_id) == picked), None)


def _describe(participant: Participant) -> str:
    born = f"born {participant.date_of_birth:%B %-d, %Y}" if participant.date_of_birth else "date of birth unknown"
    aliases = f"; also known as {', '.join(participant.alias_list())}" if participant.aliases else ""
    return f"{participant.full_name}, {born}{aliases}"


class OfferForm(IdentityForm):
    """The person's answer to the offer of diversion; their identity when they accept."""

    answer = forms.ChoiceField(
        label="What did the person answer?",
        widget=UswdsRadioSelect,
        choices=[("accepted", "Accepted diversion to LEAD"), ("declined", "Declined: arrest and process")],
        error_messages=required("Record the person's answer."),
    )
    field_order = ["answer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "match"):
            if name in self.fields:
                required_when(self.fields[name], "if the person accepts", lambda data: data.get("answer") == "accepted")


class IntakeForm(BoundedForm):
    """The LEAD Intake Form (policy VI.A.7): how to reach the person, demographics as the person
    reports them, and the incident."""

    phone = forms.CharField(label="Phone", max_length=40, required=False)
    email = forms.EmailField(
        label="Email", required=False, error_messages={"invalid": "Enter an email address like name@example.com."}
    )
    contact_notes = forms.CharField(
        label="Where and how to reach the person",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A shelter, a usual spot, a relative's number, the best time.",
        error_messages=required("Say where and how the case manager can reach the person."),
    )
    race = forms.MultipleChoiceField(
        label="Race, as the person describes it",
        choices=Participant.Race.choices,
        widget=UswdsCheckboxSelectMultiple,
        help_text="Ask the person; choose every answer they give. Never record what you assume.",
        error_messages=required("Choose the person's answer, or “Declined to answer”."),
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity, as the person describes it",
        choices=Participant.Ethnicity.choices,
        widget=UswdsRadioSelect,
        error_messages=required("Choose the person's answer, or “Declined to answer”."),
    )
    gender = forms.ChoiceField(
        label="Gender, as the person describes it",
        choices=Participant.Gender.choices,
        widget=UswdsRadioSelect,
        error_messages=required("Choose the person's answer, or “Declined to answer”."),
    )
    incident_at = forms.DateTimeField(
        label="When the incident happened",
        widget=DATETIME_LOCAL,
        input_formats=["%Y-%m-%dT%H:%M"],
        validators=[validation.DateWindow(years_back=5, years_ahead=0, what="The incident")],
        error_messages={
            "required": "Enter the date and time of the incident.",
            "invalid": "Enter a real date and time.",
        },
    )
    incident_location = forms.CharField(
        label="Where it happened", max_length=200, error_messages=required("Enter where the incident happened.")
    )
    offense = forms.CharField(
        label="Offense",
        max_length=200,
        help_text="The offense and statute or ordinance, e.g. Petit larceny, PL 155.25.",
        error_messages=required("Enter the offense."),
    )
    overview = forms.CharField(
        label="Brief overview",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What happened, in a few sentences, for the case manager. No health details.",
        error_messages=required("Give a brief overview of the incident."),
    )
    crime_report_number = forms.CharField(
        label="Crime report number",
        max_length=40,
        help_text="Of the report showing the person was diverted to LEAD.",
        error_messages=required("Enter the crime report number."),
    )

    def clean_incident_at(self):
        value = self.cleaned_data["incident_at"]
        if value > timezone.now():
            raise forms.ValidationError("The incident cannot be in the future.")
        return value

    def clean_race(self):
        value = self.cleaned_data["race"]
        if Participant.Race.DECLINED in value and len(value) > 1:
            raise forms.ValidationError("“Declined to answer” goes alone: remove it or the other answers.")
        return value

    def details(self) -> dict:
        return {
            field: self.cleaned_data[field]
            for field in ("phone", "email", "contact_notes", "race", "ethnicity", "gender")
        }

    def intake(self) -> dict:
        return {
            field: self.cleaned_data[field]
            for field in ("incident_at", "incident_location", "offense", "overview", "crime_report_number")
        }


class HandoffAcceptForm(BoundedForm):
    meeting_place_kind = forms.ChoiceField(
        label="Where will you meet the officer?",
        choices=Referral.MeetingPlace.choices,
        widget=UswdsRadioSelect,
        error_messages=required("Choose where you meet."),
    )
    meeting_place = forms.CharField(
        label="Place",
        max_length=200,
        help_text="The address, corner or station, as agreed with the officer.",
        error_messages=required("Enter the place you agreed on."),
    )


class HandoffDoneForm(BoundedForm):
    handed_off_at = forms.DateTimeField(
        label="Time of the hand-off",
        widget=DATETIME_LOCAL,
        input_formats=["%Y-%m-%dT%H:%M"],
        error_messages={"required": "Enter the time of the hand-off.", "invalid": "Enter a real date and time."},
    )


class ChargingForm(BoundedForm):
    status = forms.ChoiceField(
        label="Decision on the charging paperwork",
        widget=UswdsRadioSelect,
        choices=[
            (ChargingHold.Status.RELEASED, "Release for filing"),
            (ChargingHold.Status.DECLINED, "Decline: no charges filed"),
        ],
        error_messages=required("Choose a decision."),
    )
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea(attrs={"rows": 3}), error_messages=required("Give the reason.")
    )


class SocialReferralForm(IdentityForm):
    reason = forms.CharField(
        label="Why refer this person?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The person has not committed a new offense but fits the criteria (policy VIII).",
        error_messages=required("Say why you refer the person."),
    )
    known_needs = forms.CharField(
        label="What is known of their needs",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Housing, food, treatment they asked about; only what the OWG needs to decide.",
        error_messages=required("Say what is known of the person's needs."),
    )


class ShiftForm(BoundedForm):
    case_manager = forms.ModelChoiceField(
        label="Case manager",
        queryset=None,
        empty_label="- Select -",
        error_messages=required("Choose the case manager on call."),
    )
    starts_at = forms.DateTimeField(
        label="From",
        widget=DATETIME_LOCAL,
        input_formats=["%Y-%m-%dT%H:%M"],
        validators=[validation.NEAR_FUTURE],
        error_messages={"required": "Enter when the shift starts.", "invalid": "Enter a real date and time."},
    )
    ends_at = forms.DateTimeField(
        label="Until",
        widget=DATETIME_LOCAL,
        input_formats=["%Y-%m-%dT%H:%M"],
        validators=[validation.NEAR_FUTURE],
        error_messages={"required": "Enter when the shift ends.", "invalid": "Enter a real date and time."},
    )
    phone = required_when(
        forms.CharField(
            label="Phone number officers call",
            max_length=40,
            help_text="Leave empty to use the phone number of the case manager's account.",
            error_messages=required("This case manager's account has no phone number: enter the number officers call."),
        ),
        "if the case manager's account has no phone number",
        lambda data: data.get("case_manager") is not None and not data["case_manager"].phone,
    )

    def __init__(self, *args, case_managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = case_managers

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", "The shift must end after it starts.")
        manager = data.get("case_manager")
        if manager and not data.get("phone") and "phone" not in self.errors:
            data["phone"] = manager.phone
        return data
