"""Forms of community engagement. Each names its fields for the person filling it in; the values
reach the services field by field (outreach.services.community), never straight into a model."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from lead import validation
from lead.agencies.models import Agency
from lead.forms import (
    BoundedForm,
    RevisionedForm,
    UswdsCheckboxSelectMultiple,
    UswdsRadioSelect,
    name_field,
    required_when,
    yes_no,
)
from outreach.models import Activity, CLTMember, Feedback
from outreach.models.community import PER_ACTIVITY_MAX

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Agencies of the PCG that enforce, prosecute or defend: their presentations to staff,
# colleagues and the public are part of the program's public education.
PCG_AGENCY_KINDS = (Agency.Kind.POLICE, Agency.Kind.SHERIFF, Agency.Kind.PROSECUTOR, Agency.Kind.PUBLIC_DEFENDER)
FEEDBACK_WINDOW = timedelta(days=90)


def _required(message: str) -> dict:
    return {"required": message, "invalid": "Enter a real value."}


def _date(label: str, required_message: str = "", **kwargs) -> forms.DateField:
    messages = {"invalid": "Enter a real date."}
    if required_message:
        messages["required"] = required_message
    return forms.DateField(label=label, widget=DATE, required=bool(required_message), error_messages=messages, **kwargs)


def _past(day) -> bool:
    """Whether an activity of `day` has taken place (today counts)."""
    return day is not None and day <= timezone.localdate()


class CLTMemberForm(RevisionedForm):
    name = name_field("Name", max_length=200, error_messages=_required("Enter the member's name."))
    email = forms.EmailField(
        label="Email", required=False, error_messages={"invalid": "Enter an email address like name@example.org."}
    )
    phone = forms.CharField(label="Phone", max_length=40, required=False)
    experience = forms.MultipleChoiceField(
        label="Lived experience",
        required=False,
        choices=CLTMember.Experience.choices,
        widget=UswdsCheckboxSelectMultiple,
        help_text="Only what the member chooses to disclose. Leave every box empty if they prefer not to say.",
    )
    listed = yes_no(
        "Does the member consent to be listed publicly as a CLT member?",
        "A member who says no still takes part; their name is not listed.",
    )
    consent_on = required_when(
        _date(
            "Date of consent",
            "Enter the date the member consented to be listed.",
            validators=[validation.DateWindow(years_back=20, years_ahead=0, what="The date of consent")],
            help_text="The day the member agreed to be listed.",
        ),
        "if the member consents to be listed",
        lambda data: data.get("listed") is True,
    )
    term_starts = _date("Term starts", "Enter the first day of the member's term.")
    term_ends = _date("Term ends", help_text="Leave empty for an open-ended term.")

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        if data.get("listed") is True:
            if data.get("consent_on") and data["consent_on"] > today:
                self.add_error("consent_on", "The date of consent cannot be in the future.")
        elif data.get("listed") is False:
            data["consent_on"] = None  # no consent, so no date of consent
        if data.get("term_starts") and data.get("term_ends") and data["term_ends"] < data["term_starts"]:
            self.add_error("term_ends", "The term must end after it starts.")
        return data


class ActivityForm(RevisionedForm):
    kind = forms.ChoiceField(
        label="Kind of activity",
        choices=Activity.Kind.choices,
        widget=UswdsRadioSelect,
        error_messages=_required("Choose the kind of activity."),
        help_text="Media inquiries are handled by the project director.",
    )
    held_on = _date(
        "Date",
        "Enter the date of the activity.",
        validators=[validation.DateWindow(years_back=5, years_ahead=2)],
        help_text="A date ahead plans an upcoming event.",
    )
    title = forms.CharField(
        label="What",
        max_length=200,
        error_messages=_required("Describe the activity."),
        help_text="The topic, the outlet that asked, or the material handed out.",
    )
    place = required_when(
        forms.CharField(
            label="Where",
            max_length=200,
            help_text="For example: Central Library, room B; the Harbor shelter.",
            error_messages=_required("Enter where it took place."),
        ),
        "except for a media inquiry",
        lambda data: data.get("kind") not in (None, "", Activity.Kind.MEDIA),
    )
    audience = forms.CharField(
        label="Audience",
        max_length=200,
        required=False,
        help_text="Who: for example a neighborhood council, the department's patrol staff.",
    )
    people = forms.IntegerField(
        label="How many people attended or were reached",
        required=False,
        min_value=0,
        max_value=PER_ACTIVITY_MAX,
        help_text="Once it has taken place.",
        error_messages={
            "invalid": "Enter a whole number.",
            "min_value": "Enter 0 or more.",
            "max_value": "Enter at most 100,000 for one activity: a larger reach (a broadcast) is an estimate, note it below.",
        },
    )
    copies = required_when(
        forms.IntegerField(
            label="How many copies were handed out",
            min_value=0,
            max_value=PER_ACTIVITY_MAX,
            error_messages={
                "required": "Enter how many copies were handed out.",
                "invalid": "Enter a whole number.",
                "min_value": "Enter 0 or more.",
                "max_value": "Enter at most 100,000 copies.",
            },
        ),
        "for a literature distribution once it has taken place",
        lambda data: data.get("kind") == Activity.Kind.LITERATURE and _past(data.get("held_on")),
    )
    agency = required_when(
        forms.ModelChoiceField(
            label="PCG member agency",
            queryset=Agency.objects.none(),
            empty_label="- Select -",
            help_text="Only for a presentation by a PCG member agency.",
            error_messages=_required("Choose the agency that gave the presentation."),
        ),
        "for a presentation by a PCG member agency",
        lambda data: data.get("kind") == Activity.Kind.AGENCY,
    )
    notes = forms.CharField(
        label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="No names of participants."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(kind__in=PCG_AGENCY_KINDS, is_active=True).order_by(
            "name"
        )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind and kind != Activity.Kind.AGENCY and data.get("agency"):
            self.add_error("agency", "Choose an agency only for a presentation by a PCG member agency.")
        return data


def recent_activities():
    """Activities feedback may come from: held in the last 90 days, up to today."""
    today = timezone.localdate()
    return Activity.objects.filter(held_on__gte=today - FEEDBACK_WINDOW, held_on__lte=today).order_by("-held_on", "-id")


class ActivityChoice(forms.ModelChoiceField):
    def label_from_instance(self, activity):
        return f"{activity.held_on:%b} {activity.held_on.day}, {activity.held_on.year}: {activity.get_kind_display()}, {activity.title}"


class FeedbackForm(BoundedForm):
    received_on = _date(
        "Date received",
        "Enter the date the feedback was given.",
        validators=[validation.DateWindow(years_back=5, years_ahead=0, what="The date received")],
    )
    place = forms.CharField(
        label="Where it was said",
        max_length=200,
        error_messages=_required("Enter where the feedback was given."),
        help_text="A forum, a call, an email, a meeting.",
    )
    topic = forms.ChoiceField(
        label="Topic",
        choices=Feedback.Topic.choices,
        widget=UswdsRadioSelect,
        error_messages=_required("Choose the topic."),
    )
    said = forms.CharField(
        label="What was said",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required("Write what was said."),
        help_text="In a few sentences. No names unless the person asked to be named.",
    )
    activity = ActivityChoice(
        label="From an activity",
        queryset=Activity.objects.none(),
        required=False,
        empty_label="- Not from an activity -",
        help_text="Activities of the last 90 days.",
        error_messages={"invalid_choice": "Choose an activity of the last 90 days."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = recent_activities()

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError("The date received cannot be in the future.")
        return received_on

    def clean(self):
        data = super().clean()
        activity, received_on = data.get("activity"), data.get("received_on")
        if activity and received_on and received_on < activity.held_on:
            self.add_error("received_on", "Feedback from an activity cannot come before the activity.")
        return data


class ResponseForm(RevisionedForm):
    response = forms.CharField(
        label="Follow-up or response",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required("Write the follow-up or the program's response."),
        help_text="What the program did or answered. The PCG reads this in the monthly report.",
    )
    responded_on = _date(
        "Date of the response",
        "Enter the date of the response.",
        validators=[validation.DateWindow(years_back=5, years_ahead=0, what="The date of the response")],
    )

    def clean_responded_on(self):
        responded_on = self.cleaned_data["responded_on"]
        if responded_on > timezone.localdate():
            raise forms.ValidationError("The date of the response cannot be in the future.")
        return responded_on


class ReportDraftForm(BoundedForm):
    month = forms.DateField(
        label="Month",
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text="As year and month, for example 2026-03. Drafting again replaces the draft's text.",
        error_messages={
            "required": "Enter the month to report on.",
            "invalid": "Enter the month as year and month, for example 2026-03.",
        },
    )


class ReportForm(RevisionedForm):
    body = forms.CharField(
        label="The report",
        widget=forms.Textarea(attrs={"rows": 24}),
        strip=False,
        max_length=20_000,
        error_messages=_required("The report cannot be empty."),
        help_text="Drafted from the month's activities and feedback. Edit it before you submit it to the PCG.",
    )

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\r\n", "\n")
        if not body.strip():
            raise forms.ValidationError("The report cannot be empty.")
        return body
