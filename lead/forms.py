"""The project's form base and widgets.

`BoundedForm` (or `BoundedFormMixin` on a Django form class such as AuthenticationForm) is the
base of every form: it gives each field the bounds of lead.validation unless the field states
its own. Widgets render as the U.S. Web Design System expects: each radio button and checkbox in
its own `usa-radio` / `usa-checkbox` box with the label after the input. The field template
(templates/includes/field.html) wraps the group in a fieldset with a legend, and a text area
with a length in USWDS's character counter. `RevisionedForm` carries the revision of the record
an edit page shows (lead.locking); `refusal_shown` is how every view shows a service's refusal;
`confirmation` and `confirmed` are the one confirmation step of every action that cannot be
undone or that notifies people (templates/includes/confirm.html).

Labels are generated from the form, so they cannot lie: `requirement` says what the label adds
(nothing for a required field, "(optional)" for one never required, the situation for a field
made `required_when` one), `counted_limit` which fields show their length and count it as people
type, and `bound_field` puts every message Django would show in the project's words."""

import dataclasses
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core import validators as django_validators
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render

from lead import validation
from lead.services import Conflict

LINE_MAX = 200  # a one-line text field that states no length of its own
TEXT_MAX = 2000  # a text area that states none (notes, reasons): a few paragraphs, never 100,000 characters


def _has(field, kind) -> bool:
    """Whether `field` has the validator `kind` (a function) or one of its kind (a class)."""
    return any(isinstance(v, kind) if isinstance(kind, type) else v is kind for v in field.validators)


def bound_field(field: forms.Field) -> None:
    """Give `field` the bounds a person expects, unless it states its own: text is clean and of a
    stated length, a date falls in a plausible window, a whole number fits the database's column;
    and every message Django would show in the project's words (`speak_ours`)."""
    if isinstance(field, forms.CharField):
        if field.max_length is None:
            field.max_length = TEXT_MAX if isinstance(field.widget, forms.Textarea) else LINE_MAX
            field.validators.append(django_validators.MaxLengthValidator(field.max_length))
        # No `maxlength` in the page: the browser would cut a pasted text without a word. A text
        # too long is an error in our words; a long one shows a counter (`counted_limit`).
        field.widget.attrs.pop("maxlength", None)
        # Ours says why in plain words, and also covers what NUL's cousins do.
        field.validators[:] = [
            v for v in field.validators if not isinstance(v, django_validators.ProhibitNullCharactersValidator)
        ]
        if not (_has(field, validation.validate_text) or _has(field, validation.validate_name)):
            field.validators.append(validation.validate_text)
    elif isinstance(field, (forms.DateField, forms.DateTimeField)):
        if not _has(field, validation.DateWindow):
            field.validators.append(validation.ANY_DATE)
    elif isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField):
        if field.max_value is None:
            field.max_value = validation.INT_MAX
            field.validators.append(django_validators.MaxValueValidator(validation.INT_MAX))
        if field.min_value is None:
            field.min_value = validation.INT_MIN
            field.validators.append(django_validators.MinValueValidator(validation.INT_MIN))
    speak_ours(field)


def speak_ours(field: forms.Field) -> None:
    """Replace each of Django's stock messages of `field` ("This field is required.", "Ensure
    this value is less than or equal to 1440.") by ours, naming the field or the bound; a message
    the form states itself is kept. A message of a validator is replaced too: Django shows the
    field's message of the error's code instead (Field.run_validators)."""
    stock = {
        str(message)
        for klass in type(field).__mro__
        if klass.__module__.startswith("django.")
        for message in vars(klass).get("default_error_messages", {}).values()
    }
    for code, message in _our_messages(field).items():
        if code not in field.error_messages or str(field.error_messages[code]) in stock:
            field.error_messages[code] = message


def _our_messages(field: forms.Field) -> dict[str, str]:
    label = f"“{field.label}”" if field.label else "this"
    if isinstance(field, forms.BooleanField):
        required = f"Tick {label} to go on."
    elif isinstance(field, forms.FileField):
        required = f"Choose the file for {label}."
    elif isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        required = f"Choose at least one answer for {label}."
    elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        required = f"Choose an answer for {label}."
    else:
        required = f"Fill in {label}."
    messages = {
        "required": required,
        "max_length": "Use at most %(limit_value)d characters (it has %(show_value)d).",
        "min_length": "Use at least %(limit_value)d characters (it has %(show_value)d).",
        "max_value": "Enter at most %(limit_value)s.",
        "min_value": "Enter at least %(limit_value)s.",
        "step_size": "Enter a multiple of %(limit_value)s.",
        "invalid_choice": "Choose one of the options listed.",
        "invalid_list": "Choose from the options listed.",
        "invalid_pk_value": "Choose from the options listed.",
    }
    if unit := getattr(field, "unit", ""):
        messages["max_value"] = f"Enter a number of {unit} of at most %(limit_value)s."
        messages["min_value"] = f"Enter a number of {unit} of at least %(limit_value)s."
    invalid = {
        forms.DateTimeField: "Enter a real date and time.",
        forms.DateField: "Enter a real date.",
        forms.TimeField: "Enter a real time, as hours and minutes.",
        forms.DecimalField: "Enter a number, for example 2.5.",
        forms.FloatField: "Enter a number, for example 2.5.",
        forms.IntegerField: "Enter a whole number, for example 3.",
        forms.EmailField: "Enter an email address like name@example.com.",
        forms.FileField: "The file could not be read: choose it again.",
    }
    messages["invalid"] = next((m for kind, m in invalid.items() if isinstance(field, kind)), f"Check {label}.")
    if isinstance(field, forms.DecimalField):
        messages |= {
            "max_digits": "Enter at most %(max)s digits.",
            "max_decimal_places": "Enter at most %(max)s digits after the decimal point.",
            "max_whole_digits": "Enter at most %(max)s digits before the decimal point.",
        }
    if isinstance(field, forms.FileField):
        messages |= {
            "missing": "No file arrived: choose it again.",
            "empty": "The file is empty: choose the scanned form again.",
            "max_length": "Rename the file to at most %(max)d characters (it has %(length)d).",
            "contradiction": "Choose a file or clear the one on file, not both.",
        }
    return messages


# Labels that tell the truth --------------------------------------------------------------------

COUNTED_FROM = 250  # a one-line text this long or longer shows its length and a counter, as a text area


def counted_limit(field: forms.Field) -> int | None:
    """The length a field shows and counts as the person types (USWDS character count,
    uswds.min.js): every text area's, and a one-line text's from COUNTED_FROM characters on."""
    if not isinstance(field, forms.CharField) or field.widget.is_hidden or field.max_length is None:
        return None
    if isinstance(field.widget, forms.Textarea) or field.max_length >= COUNTED_FROM:
        return field.max_length
    return None


@dataclass(frozen=True)
class RequiredWhen:
    """A field required in one situation only: `condition` completes "Required …" ("if the
    decision is to approve"), `applies` tells from the form's cleaned data whether it is the
    situation. The form's `clean` enforces it (BoundedFormMixin.clean) with the field's
    "required" message."""

    condition: str
    applies: Callable[[dict], bool]


def required_when(field: forms.Field, condition: str, applies: Callable[[dict], bool]) -> forms.Field:
    """`field`, required only when `applies` (see RequiredWhen); its label says so."""
    field.required = False
    field.required_when = RequiredWhen(condition, applies)  # type: ignore[attr-defined]
    return field


def with_unit(field: forms.Field, unit: str) -> forms.Field:
    """A number `field` counting `unit` ("minutes"): its bounds' messages name it."""
    field.unit = unit  # type: ignore[attr-defined]
    return field


def requirement(field: forms.Field) -> str:
    """What the label adds about filling the field in, generated from the form so it cannot lie:
    nothing when it is required, the situation when it is required only then, "optional" when it
    never is."""
    if field.required:
        return ""
    when = getattr(field, "required_when", None)
    return f"required {when.condition}" if when else "optional"


def _empty(field: forms.Field, value) -> bool:
    if isinstance(value, QuerySet):
        return not value.exists()
    return value in field.empty_values


class BoundedFormMixin:
    """Bounds for every field of the form (see `bound_field`), and the questions views ask of
    hostile input. Fields are copied per form, so the bounds never leak into the class."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            bound_field(field)

    def clean(self):
        """Each field `required_when` a situation is required in it: its "required" message
        when it is empty then (a field already in error keeps its error)."""
        data = super().clean()
        for name, field in self.fields.items():
            when = getattr(field, "required_when", None)
            if when and name not in self.errors and _empty(field, data.get(name)) and when.applies(data):
                self.add_error(name, field.error_messages["required"])
        return data

    def hostile_fields(self) -> list[str]:
        """Names of the fields refused for characters no typing produces (lead.validation)."""
        return [
            name
            for name, errors in self.errors.as_data().items()
            if any(error.code in validation.HOSTILE_CODES for error in errors)
        ]

    def draft_problems(self) -> dict[str, str]:
        """What a draft may not keep even though nothing else is checked until it is submitted:
        hostile characters and oversize values, by field label. Reads only the posted values."""
        problems = {}
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            values = self.data.getlist(key) if hasattr(self.data, "getlist") else [self.data.get(key)]
            limit = getattr(field, "max_length", None) or LINE_MAX
            for value in values:
                if not isinstance(value, str):
                    continue
                if code := validation.text_problem(value):
                    problems[str(field.label or name)] = validation.MESSAGES[code]
                elif len(value) > limit:
                    problems[str(field.label or name)] = f"Use at most {limit} characters (it has {len(value)})."
        return problems


class BoundedForm(BoundedFormMixin, forms.Form):
    """The base of every form of the application."""


class BoundedModelForm(BoundedFormMixin, forms.ModelForm):
    """The Django admin's model forms, with the same bounds (lead.admin_site.HistoryAdmin)."""


def posted_total(data, prefix: str, cap: int) -> int:
    """The number of rows a formset's management form claims, as a count from 0 to `cap`:
    anything else (text, a negative or huge number) counts as no rows rather than raising."""
    raw = data.get(f"{prefix}-TOTAL_FORMS") or "0"
    return min(int(raw), cap) if raw.isascii() and raw.isdigit() else 0


def name_field(label: str, *, max_length: int = 100, **kwargs) -> forms.CharField:
    """A person's name: refuses invisible and direction characters (lead.validation.validate_name)."""
    return forms.CharField(label=label, max_length=max_length, validators=[validation.validate_name], **kwargs)


class UswdsRadioSelect(forms.RadioSelect):
    template_name = "lead/widgets/choices.html"
    option_template_name = "lead/widgets/choice_option.html"


class UswdsCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    template_name = "lead/widgets/choices.html"
    option_template_name = "lead/widgets/choice_option.html"


YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(label: str, help_text: str = "") -> forms.TypedChoiceField:
    """A required yes/no question as two radio buttons: unlike a checkbox, "not answered" cannot
    pass for "no"."""
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=UswdsRadioSelect,
        error_messages={"required": "Answer yes or no."},
    )


RELOAD = "This page could not be read back: reload it and make your changes again."


class RevisionedForm(BoundedForm):
    """The form of an edit page that guards stale saves (lead.locking): it carries the revision
    of the record the page showed, for the service's `revise`. A form that also adds records is
    built with `adding=True` there: a new record has no revision to carry."""

    revision = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": RELOAD, "invalid": RELOAD, "min_value": RELOAD, "max_value": RELOAD},
    )

    def __init__(self, *args, adding: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if adding:
            del self.fields["revision"]

    def values(self) -> dict:
        """What was typed, for the service: everything but the revision."""
        return {name: value for name, value in self.cleaned_data.items() if name != "revision"}

    def carry_revision(self, record) -> None:
        """After a refusal: keep what was typed, now naming the revision of `record` as saved
        now (the other person's version, which the page shows; None: not saved yet), so that
        saving again, having seen it, goes through."""
        self.data = self.data.copy()
        self.data[self.add_prefix("revision")] = record.revision if record is not None else 0


@contextmanager
def refusal_shown(request, form=None):
    """Around the service call of a view: a refusal (`Conflict`) becomes an error on `form`
    (next to the field it names, else at the top; what was typed is kept) or, for a page
    without a form, a message, and the rest of the block is skipped: a block that ends by
    returning leaves the code after it to the refusal. Nothing else is caught: any other
    exception is a programming error and surfaces as a server error (lead.services).

        with refusal_shown(request, form):
            services.activity_update(...)
            return redirect(...)
        # refused: show the form again
    """
    try:
        yield
    except Conflict as conflict:
        if form is None:
            messages.error(request, str(conflict))
        else:
            form.add_error(conflict.field if conflict.field in form.fields else None, str(conflict))


# The confirmation step -----------------------------------------------------------------------

CONFIRM_FIELD = "confirmed"
NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRM_FIELD}


def confirmed(request) -> bool:
    """Whether the person answered "Yes" on the confirmation step of this action."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "yes"


def changing(request) -> bool:
    """Whether the person chose to go back to the form from the confirmation step: the view shows
    the form again with what they typed."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "no"


@dataclass
class Confirmation:
    """What the confirmation step shows: `title` asks the question ("Close the meeting?"),
    `consequences` say in words what will happen, `button` names the action ("Yes, close the
    meeting"), `back` is where "Cancel" goes (nothing is done). `changeable`: the action has a
    form, which "Change what I entered" shows again with what was typed."""

    title: str
    consequences: list[str]
    button: str
    back: str
    action: str = ""
    changeable: bool = False
    carried: list[tuple[str, str]] = dataclasses.field(default_factory=list)


def confirmation(
    request, *, title: str, consequences: list[str], button: str, back: str, changeable: bool = False
) -> HttpResponse:
    """The confirmation step of an action that cannot be undone or that notifies people: a page
    saying what will happen, whose "Yes" posts what was typed again (hidden fields) with
    `confirmed=yes` to the same address. Nothing is done until then; the view asks `confirmed`."""
    carried = [
        (name, value) for name in request.POST if name not in NOT_CARRIED for value in request.POST.getlist(name)
    ]
    confirm = Confirmation(
        title=title,
        consequences=consequences,
        button=button,
        back=back,
        action=request.get_full_path(),
        changeable=changeable,
        carried=carried,
    )
    return render(request, "confirm.html", {"confirm": confirm})
