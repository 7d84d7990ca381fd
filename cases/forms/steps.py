"""Forms of the steps after the hand-off (policy VI.A-D): the initial screening, written consent,
the assessment appointment and the release of information.

A signature is drawn on the screen (static/js/signature.js writes a PNG data URL into a hidden
field) or a scanned signed form is uploaded. Either way the bytes are checked by their first
bytes, never by the name or the type the browser claims; a PDF carrying active content is refused
(cases/uploads.py)."""

import base64
import binascii

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from cases.forms.referrals import DATETIME_LOCAL, required
from cases.models import Consent, ReleaseOfInformation
from cases.uploads import pdf_problem
from lead import validation
from lead.agencies.models import Agency
from lead.forms import BoundedForm, UswdsCheckboxSelectMultiple, UswdsRadioSelect, required_when, yes_no

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# What a stored signature may be, told by its first bytes; the extension we store it under.
SIGNATURE_TYPES = [(b"%PDF-", "pdf"), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg")]
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}
DRAWN_PREFIX = "data:image/png;base64,"
INFORMATION_SUGGESTION = "Attendance, engagement and milestones in LEAD; no diagnosis or treatment details."
PURPOSE_SUGGESTION = "So that the Operations Workgroup can follow the participant's progress in LEAD."


def signature_type(head: bytes) -> str | None:
    return next((ext for magic, ext in SIGNATURE_TYPES if head.startswith(magic)), None)


def _megabytes(size: int) -> str:
    return filesizeformat(size).replace("\xa0", " ")


def _past_date(label: str, what: str) -> forms.DateField:
    """A date a paper was signed: not in the future, nor more than a few years back."""
    return forms.DateField(
        label=label,
        widget=DATE_INPUT,
        validators=[validation.DateWindow(years_back=5, years_ahead=0, what="The date signed")],
        error_messages={"required": f"Enter the date {what}.", "invalid": "Enter a real date."},
    )


def _not_in_future(value, what: str):
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"The date {what} cannot be in the future.")
    return value


# 1. The initial screening ------------------------------------------------------------------------

NEEDS = ("shelter", "clothing", "food")


def _action(need: str) -> forms.CharField:
    """What was done about a need: required when the person has it."""
    return required_when(
        forms.CharField(
            label=f"What was done about {need}",
            max_length=300,
            error_messages=required(f"Say what was done about {need}, since the person needs it."),
        ),
        f"if the person needs {need}",
        lambda data: data.get(f"{need}_needed") is True,
    )


class InitialScreeningForm(BoundedForm):
    basic_information = forms.CharField(
        label="Basic information",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Who the person is and their situation today, in their words.",
        error_messages=required("Write down the basic information."),
    )
    acute_medical_needs = forms.CharField(
        label="Acute medical needs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything that needs care now. Leave empty if there is none.",
    )
    shelter_needed = yes_no("Does the person need shelter tonight?")
    shelter_action = _action("shelter")
    clothing_needed = yes_no("Does the person need clothing?")
    clothing_action = _action("clothing")
    food_needed = yes_no("Does the person need food?")
    food_action = _action("food")
    other_needs = forms.CharField(label="Other immediate needs", max_length=300, required=False)
    other_action = required_when(
        forms.CharField(
            label="What was done about the other needs",
            max_length=300,
            error_messages=required("Say what was done about the other needs."),
        ),
        "if there are other needs",
        lambda data: bool(data.get("other_needs")),
    )

    @staticmethod
    def initial_from(screening) -> dict:
        if screening is None:
            return {}
        values = {name: getattr(screening, name) for name in InitialScreeningForm.base_fields}
        return values | {f"{need}_needed": "yes" if values[f"{need}_needed"] else "no" for need in NEEDS}


# Signatures -----------------------------------------------------------------------------------


class SignatureForm(BoundedForm):
    """A drawn signature or a scanned signed form; `cleaned_data["signature"]` is (kind, file)."""

    # A PNG of at most the upload limit, as base64 (4 characters per 3 bytes) after its prefix.
    signature_drawn = forms.CharField(
        label="Signature",
        required=False,
        strip=False,
        widget=forms.HiddenInput,
        max_length=len(DRAWN_PREFIX) + settings.LEAD_MAX_UPLOAD_BYTES * 4 // 3 + 4,
    )
    signature_upload = required_when(
        forms.FileField(
            label="Scanned signed form",
            widget=forms.FileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
            help_text=f"A PDF, PNG or JPEG of the form signed on paper, up to {_megabytes(settings.LEAD_MAX_UPLOAD_BYTES)}.",
            error_messages=required("Have the participant sign in the box, or upload the scanned signed form."),
        ),
        "unless the participant signs in the box",
        lambda data: not data.get("signature_drawn"),
    )

    def clean_signature_upload(self):
        upload = self.cleaned_data["signature_upload"]
        if not upload:
            return None
        if upload.size > settings.LEAD_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {_megabytes(settings.LEAD_MAX_UPLOAD_BYTES)}: scan it at a lower resolution."
            )
        upload.seek(0)
        kind = signature_type(upload.read(8))
        upload.seek(0)
        if kind is None:
            raise forms.ValidationError("The file must be a PDF, PNG or JPEG. Scan the signed form to one of these.")
        if kind == "pdf":
            # JavaScript, launch and submit actions, embedded files...: refused, not stripped
            # (cases/uploads.py says why).
            problem = pdf_problem(upload.read())
            upload.seek(0)
            if problem:
                raise forms.ValidationError(problem)
        # Our own name: the one the browser sent says nothing we trust.
        return File(upload, name=f"signed-form.{kind}")

    def clean(self):
        cleaned = super().clean()
        if "signature_upload" in self.errors:
            return cleaned
        drawn, upload = cleaned.get("signature_drawn"), cleaned.get("signature_upload")
        if drawn and upload:
            self.add_error(
                "signature_drawn", "Use one signature: clear the one drawn on the screen, or remove the upload."
            )
        elif upload:
            cleaned["signature"] = (Consent.Kind.UPLOADED, upload)
        elif drawn:
            png = self._drawn_png(drawn)
            if png is not None:
                cleaned["signature"] = (Consent.Kind.DRAWN, ContentFile(png, name="signature.png"))
        return cleaned

    def _drawn_png(self, value: str) -> bytes | None:
        png = None
        if value.startswith(DRAWN_PREFIX):
            try:
                png = base64.b64decode(value[len(DRAWN_PREFIX) :], validate=True)
            except binascii.Error:
                png = None
        if png is None or signature_type(png) != "png":
            problem = "could not be read"
        elif len(png) > settings.LEAD_MAX_UPLOAD_BYTES:
            problem = "is too large"
        else:
            return png
        self.add_error("signature_drawn", f"The signature drawn on the screen {problem}: clear it and sign again.")
        return None


# 2. Written consent ---------------------------------------------------------------------------


class ConsentForm(SignatureForm):
    signed_on = _past_date("Date signed", "the participant signed")
    field_order = ["signed_on", "signature_drawn", "signature_upload"]

    def clean_signed_on(self):
        return _not_in_future(self.cleaned_data["signed_on"], "signed")


# 3. The assessment appointment ----------------------------------------------------------------


class AppointmentForm(BoundedForm):
    starts_at = forms.DateTimeField(
        label="Date and time",
        widget=DATETIME_LOCAL,
        input_formats=["%Y-%m-%dT%H:%M"],
        validators=[validation.DateWindow(years_back=0, years_ahead=1, what="The appointment")],
        error_messages={
            "required": "Enter the date and time of the appointment.",
            "invalid": "Enter a real date and time.",
        },
    )
    place = forms.CharField(
        label="Place",
        max_length=200,
        help_text="Where you meet, e.g. the Bridgeway office, 210 Front St.",
        error_messages=required("Enter where the assessment takes place."),
    )

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        if value <= timezone.now():
            raise forms.ValidationError("The appointment must be in the future.")
        return value


# 4. Release of information --------------------------------------------------------------------


class ReleaseForm(SignatureForm):
    """Every element of a 42 CFR Part 2 consent, in the order the participant reads them."""

    discloser = forms.CharField(
        label="Who may disclose",
        max_length=200,
        help_text="The provider that holds the records.",
        error_messages=required("Say who may disclose the information."),
    )
    information = forms.CharField(
        label="What information",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A specific description of what may be shared. Never diagnoses or treatment details for the OWG.",
        error_messages=required("Describe exactly what information may be shared."),
    )
    recipients = forms.ChoiceField(
        label="To whom",
        choices=ReleaseOfInformation.Recipients.choices,
        widget=UswdsRadioSelect,
        error_messages=required("Choose who may receive the information."),
    )
    named_agencies = required_when(
        forms.ModelMultipleChoiceField(
            label="Agencies named",
            queryset=Agency.objects.none(),
            widget=UswdsCheckboxSelectMultiple,
            error_messages=required("Choose the agencies the participant names."),
        ),
        "if the participant names the agencies",
        lambda data: data.get("recipients") == ReleaseOfInformation.Recipients.NAMED_AGENCIES,
    )
    purpose = forms.CharField(
        label="Purpose",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=required("Say what the information is shared for."),
    )
    right_to_revoke_explained = yes_no(
        "Was the right to revoke explained to the participant?",
        "They may revoke this release at any time; from then on nothing more is shared.",
    )
    expires_on = required_when(
        forms.DateField(
            label="Expiry date",
            widget=DATE_INPUT,
            error_messages={
                "required": "Give an expiry date, or an expiry event below.",
                "invalid": "Enter a real date.",
            },
            validators=[validation.DateWindow(years_back=0, years_ahead=5, what="The expiry date")],
            help_text="Give an expiry date, an expiry event, or both.",
        ),
        "unless an expiry event is given",
        lambda data: not data.get("expiry_event"),
    )
    expiry_event = required_when(
        forms.CharField(
            label="Expiry event",
            max_length=200,
            help_text="For example: when the LEAD case closes.",
            error_messages=required("Give an expiry event, or an expiry date above."),
        ),
        "unless an expiry date is given",
        lambda data: not data.get("expires_on"),
    )
    signed_on = _past_date("Date signed", "the participant signed")
    field_order = [
        "discloser",
        "information",
        "recipients",
        "named_agencies",
        "purpose",
        "right_to_revoke_explained",
        "expires_on",
        "expiry_event",
        "signed_on",
        "signature_drawn",
        "signature_upload",
    ]

    def __init__(self, *args, provider=None, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(is_active=True)
        self.fields["named_agencies"].queryset = agencies.exclude(pk=provider.pk) if provider else agencies

    def clean_right_to_revoke_explained(self):
        value = self.cleaned_data["right_to_revoke_explained"]
        if not value:
            raise forms.ValidationError(
                "Explain the right to revoke before the participant signs: without it the release is not valid."
            )
        return value

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        if value and value < timezone.localdate():
            raise forms.ValidationError("The expiry date cannot be in the past.")
        return value

    def clean_signed_on(self):
        return _not_in_future(self.cleaned_data["signed_on"], "signed")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("recipients") != ReleaseOfInformation.Recipients.NAMED_AGENCIES:
            cleaned["named_agencies"] = []
        return cleaned

    def values(self) -> dict:
        kind, signature = self.cleaned_data["signature"]
        fields = [name for name in self.field_order if not name.startswith("signature_")]
        return {name: self.cleaned_data[name] for name in fields} | {"signature_kind": kind, "signature": signature}
