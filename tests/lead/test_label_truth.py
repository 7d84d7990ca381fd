"""Labels that tell the truth, over every form of the project.

The forms are discovered: every form class defined in an app's forms modules, and the form of
every FilterSet of its filters modules (the lists' filters). Each is built as its page builds it
(BUILDERS, for forms that take arguments) and rendered through templates/includes/field.html, the
template every page uses. Then, for every field:

- a field labelled "(optional)" gives no error when left empty, in any situation the test knows
  (SITUATIONS), and a field whose label adds nothing is required;
- a field required only in a situation says so in its label ("(required if ...)"), gives an error
  when left empty in the situation and none outside it: SITUATIONS names each such field, and a
  new one fails here until it is added;
- every text area and every text of 250 characters or more shows its limit and USWDS's counter;
  no text input carries `maxlength` (the browser would cut a pasted text without a word), and a
  text one character too long is an error saying the limit;
- no message of Django's own ("This field is required.", "Ensure this value is less than or
  equal to 1440.", "Enter a valid date.") reaches an error the page shows.

Not walked: the admin's forms (lead.users.admin), which Django's admin templates render, and the
abstract bases that no page shows alone (BASES)."""

import base64
import importlib
import pkgutil
import re
from datetime import timedelta
from types import SimpleNamespace

import django_filters
import pytest
from django import forms
from django.core import validators as django_validators
from django.forms import fields as django_fields
from django.forms import models as django_form_models
from django.template.loader import render_to_string
from django.utils import timezone

from cases.models import Case, Participant
from lead.agencies.models import Agency
from lead.roles import Role
from lead.users.models import User
from owg.models import Decision
from tests.factories import TINY_PNG, AgencyFactory, UserFactory, example_1_version, training_session

APPS = ["cases", "eligibility", "owg", "outreach", "reports", "search", "home", "lead"]
# Bases no page shows alone; their subclasses are walked.
BASES = {
    "lead.forms.BoundedForm",
    "lead.forms.BoundedModelForm",
    "lead.forms.RevisionedForm",
    "lead.listing.RangesForm",
    "cases.forms.steps.SignatureForm",
    "cases.forms.referrals.IdentityForm",
}


def _form_modules() -> list[str]:
    names = []
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            parts = info.name.split(".")
            if ("forms" in parts or parts[-1] == "filters" or info.name == "lead.listing") and "admin" not in parts:
                names.append(info.name)
    return sorted(set(names))


def _defined_in(module_name: str, base: type) -> list[type]:
    module = importlib.import_module(module_name)
    return [
        value
        for name, value in vars(module).items()
        if isinstance(value, type) and issubclass(value, base) and value.__module__ == module_name
    ]


def _qualified(klass: type) -> str:
    return f"{klass.__module__}.{klass.__name__}"


FORMS = sorted(
    {
        _qualified(klass): klass
        for module in _form_modules()
        for klass in _defined_in(module, forms.BaseForm)
        if _qualified(klass) not in BASES
    }.items()
)
FILTERSETS = sorted(
    {_qualified(k): k for module in _form_modules() for k in _defined_in(module, django_filters.FilterSet)}.items()
)


@pytest.fixture
def world(db):
    """What the forms' choices come from: a provider with two case managers (one without a phone
    number on their account), a criteria version, a training session."""
    provider = AgencyFactory(kind="service_provider")
    director = UserFactory(roles=[Role.DIRECTOR])
    return SimpleNamespace(
        provider=provider,
        director=director,
        with_phone=UserFactory(roles=[Role.CASE_MANAGER], agency=provider, phone="555-0100"),
        without_phone=UserFactory(roles=[Role.CASE_MANAGER], agency=provider, phone=""),
        version=example_1_version(),
        session=training_session(by=director),
    )


def _users():
    return User.objects.all()


# How each page builds its form, for forms that take more than the posted data.
BUILDERS = {
    "owg.forms.meetings.MeetingForm": lambda w: {"members": _users(), "editing": True},
    "owg.forms.meetings.AttendanceForm": lambda w: {"members": _users()},
    "owg.forms.meetings.ItemForm": lambda w: {"cases": Case.objects.all()},
    "owg.forms.meetings.DecisionForm": lambda w: {
        "entry": SimpleNamespace(outcomes=[o.value for o in Decision.Outcome]),
        "members": _users(),
        "present": _users(),
        "case_managers": _users(),
    },
    "owg.forms.criminal.CriminalCaseForm": lambda w: {"participants": Participant.objects.all()},
    "cases.forms.referrals.ShiftForm": lambda w: {"case_managers": _users()},
    "cases.forms.cover.CoverageForm": lambda w: {"provider": w.provider},
    "cases.forms.steps.ReleaseForm": lambda w: {"provider": w.provider},
    # A draft may leave the assessment's answers for later; its labels speak of completing it.
    "cases.forms.record.AssessmentForm": lambda w: {"completing": True},
    "eligibility.forms.ScreeningForm": lambda w: {"version": w.version},
    "outreach.forms.training.AttendanceForm": lambda w: {"session": w.session},
    "lead.users.forms.PasswordForm": lambda w: {"user": w.director},
}
FILTER_BUILDERS = {
    "cases.filters.CaseFilter": lambda w: {
        "now": timezone.now(),
        "case_managers": _users(),
        "agencies": Agency.objects.all(),
    },
    "eligibility.filters.ScreeningFilter": lambda w: {"user": w.director},
}

TODAY = timezone.localdate()
DRAWN = "data:image/png;base64," + base64.b64encode(TINY_PNG).decode()

# Every field required only in a situation: (data in the situation, data outside it).
SITUATIONS = {
    **{
        ("cases.forms.steps.InitialScreeningForm", f"{need}_action"): (
            lambda w, need=need: {f"{need}_needed": "yes"},
            lambda w, need=need: {f"{need}_needed": "no"},
        )
        for need in ("shelter", "clothing", "food")
    },
    ("cases.forms.steps.InitialScreeningForm", "other_action"): (lambda w: {"other_needs": "A phone charger"}, {}),
    ("cases.forms.steps.ReleaseForm", "expires_on"): ({}, lambda w: {"expiry_event": "When the case closes"}),
    ("cases.forms.steps.ReleaseForm", "expiry_event"): (
        {},
        lambda w: {"expires_on": (TODAY + timedelta(days=200)).isoformat()},
    ),
    ("cases.forms.steps.ReleaseForm", "named_agencies"): (
        lambda w: {"recipients": "named_agencies"},
        lambda w: {"recipients": "owg_members"},
    ),
    ("cases.forms.steps.ReleaseForm", "signature_upload"): ({}, lambda w: {"signature_drawn": DRAWN}),
    ("cases.forms.steps.ConsentForm", "signature_upload"): ({}, lambda w: {"signature_drawn": DRAWN}),
    ("owg.forms.meetings.DecisionForm", "new_due_on"): (
        lambda w: {"outcome": "extend"},
        lambda w: {"outcome": "approve"},
    ),
    ("owg.forms.meetings.DecisionForm", "case_manager"): (
        lambda w: {"outcome": "approve"},
        lambda w: {"outcome": "extend"},
    ),
    ("owg.forms.meetings.DecisionForm", "action"): (
        lambda w: {"outcome": "approve"},
        lambda w: {"outcome": "continue"},
    ),
    ("outreach.forms.community.CLTMemberForm", "consent_on"): (lambda w: {"listed": "yes"}, lambda w: {"listed": "no"}),
    ("outreach.forms.community.ActivityForm", "place"): (lambda w: {"kind": "forum"}, lambda w: {"kind": "media"}),
    ("outreach.forms.community.ActivityForm", "agency"): (lambda w: {"kind": "agency"}, lambda w: {"kind": "forum"}),
    ("outreach.forms.community.ActivityForm", "copies"): (
        lambda w: {"kind": "literature", "held_on": TODAY.isoformat()},
        lambda w: {"kind": "literature", "held_on": (TODAY + timedelta(days=30)).isoformat()},
    ),
    **{
        ("cases.forms.referrals.OfferForm", name): (
            lambda w: {"answer": "accepted"},
            lambda w: {"answer": "declined"},
        )
        for name in ("first_name", "last_name")
    },
    ("cases.forms.referrals.ShiftForm", "phone"): (
        lambda w: {"case_manager": str(w.without_phone.pk)},
        lambda w: {"case_manager": str(w.with_phone.pk)},
    ),
}


def _data(given, world) -> dict:
    return given(world) if callable(given) else dict(given)


def build(name: str, world, data=None) -> forms.BaseForm:
    """The form `name` as its page builds it, bound to `data` (None: unbound)."""
    if name in dict(FILTERSETS):
        filterset = dict(FILTERSETS)[name]
        queryset = filterset._meta.model.objects.all()
        kwargs = FILTER_BUILDERS.get(name, lambda w: {})(world)
        return filterset(data, queryset=queryset, **kwargs).form
    kwargs = BUILDERS.get(name, lambda w: {})(world)
    return dict(FORMS)[name](data=data, **kwargs)


ALL = [name for name, _ in FORMS] + [name for name, _ in FILTERSETS]


def _visible(form) -> list:
    return [bound for bound in form if not bound.is_hidden]


def label_says(bound) -> str:
    """What the rendered label (or legend) of a field adds in brackets: "optional",
    "required if ...", or "" when it adds nothing."""
    html = render_to_string("includes/field.html", {"field": bound})
    label = re.search(r"<(label|legend)[^>]*>(.*?)</\1>", html, re.S)
    assert label, f"{bound.name}: no label"
    said = re.search(r'<span class="usa-hint">\((.*?)\)</span>', label.group(2))
    return said.group(1) if said else ""


def test_every_form_is_found_and_built(world):
    assert len(FORMS) > 40 and len(FILTERSETS) >= 4
    for name in ALL:
        assert build(name, world) is not None


def test_the_known_situations_are_fields_of_the_forms(world):
    for name, field in SITUATIONS:
        assert field in build(name, world).fields, f"{name}.{field}"


@pytest.mark.parametrize("name", ALL)
def test_a_field_labelled_optional_is_never_required_and_one_labelled_nothing_is(name, world):
    situations = [{}] + [
        _data(given, world) for (form, _), pair in SITUATIONS.items() if form == name for given in pair
    ]
    for data in situations:
        form = build(name, world, data)
        form.is_valid()
        for bound in _visible(form):
            said = label_says(bound)
            if said == "optional" and bound.name not in data:
                assert bound.name not in form.errors, f"{bound.name} is labelled optional: {form.errors[bound.name]}"
    form = build(name, world, {})
    form.is_valid()
    for bound in _visible(form):
        if label_says(bound) == "":
            assert bound.name in form.errors, f"{bound.name} says nothing of being optional, yet may be left empty"


@pytest.mark.parametrize("form_field", list(SITUATIONS), ids="{0[0]}.{0[1]}".format)
def test_a_field_required_in_a_situation_says_so_and_is_required_exactly_then(form_field, world):
    name, field = form_field
    inside, outside = (_data(given, world) for given in SITUATIONS[form_field])
    said = label_says(build(name, world)[field])
    assert said.startswith("required "), f"{name}.{field} is labelled {said!r}"
    form = build(name, world, inside)
    assert not form.is_valid() and field in form.errors, f"{field} may be left empty when {inside}"
    form = build(name, world, outside)
    form.is_valid()
    assert field not in form.errors, f"{field} is refused outside its situation: {form.errors.get(field)}"


@pytest.mark.parametrize("name", ALL)
def test_every_field_required_in_a_situation_is_checked_here(name, world):
    conditional = {f for f, field in build(name, world).fields.items() if getattr(field, "required_when", None)}
    assert conditional <= {field for form, field in SITUATIONS if form == name}


@pytest.mark.parametrize("name", ALL)
def test_every_long_text_shows_and_counts_its_limit_and_none_is_cut(name, world):
    for bound in _visible(build(name, world)):
        field = bound.field
        if not isinstance(field, forms.CharField):
            continue
        html = render_to_string("includes/field.html", {"field": bound})
        assert not re.search(r"<(input|textarea)[^>]* maxlength=", html), f"{bound.name}: the browser would cut it"
        limit = field.max_length
        if isinstance(field.widget, forms.Textarea) or limit >= 250:
            assert f'<div class="usa-character-count" data-maxlength="{limit}">' in html, bound.name
            assert f"You can enter up to {limit} characters" in html and "usa-character-count__field" in html
        form = build(name, world, {bound.html_name: "x" * (limit + 1)})
        form.is_valid()
        assert f"Use at most {limit} characters (it has {limit + 1})." in form.errors.get(bound.name, []), bound.name


def _stock_patterns() -> list[re.Pattern]:
    """Django's own messages, as patterns: its form fields' and its validators'."""
    messages = set()
    for module in (django_fields, django_form_models):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.Field):
                messages |= {str(m) for m in vars(value).get("default_error_messages", {}).values()}
    for value in vars(django_validators).values():
        several = getattr(value, "messages", None)  # DecimalValidator's, a dict on the class
        for message in [getattr(value, "message", None), *(several.values() if isinstance(several, dict) else [])]:
            try:
                messages.add(str(message)) if message else None
            except (KeyError, TypeError):  # a plural message needs its number: its singular suffices
                messages.add(str(message._proxy____args[0]))
    patterns = [re.escape(m).replace(r"\%", "%") for m in messages if m]
    return [re.compile(re.sub(r"%\\?\(\w+\\?\)[sdr]", ".+", p) + "$") for p in patterns]


STOCK = _stock_patterns()


def _wrong_values(field: forms.Field) -> list[str]:
    """Values a person could type that the field refuses."""
    values = ["", "not-a-choice-or-number", "2026-02-31", "9" * 20, "-" + "9" * 20, "1.123456"]
    if isinstance(field, forms.CharField) and field.max_length:
        values.append("x" * (field.max_length + 1))
    if isinstance(field, forms.EmailField):
        values.append("name@")
    return values


def test_django_s_stock_messages_are_recognised():
    assert any(p.match("Ensure this value is less than or equal to 1440.") for p in STOCK)
    assert any(p.match("This field is required.") for p in STOCK) and any(p.match("Enter a valid date.") for p in STOCK)
    assert not any(p.match("Enter at most 1440.") for p in STOCK)


@pytest.mark.parametrize("name", ALL)
def test_no_stock_django_message_reaches_an_error_the_page_shows(name, world):
    fields = _visible(build(name, world))
    for bound in fields:
        for value in _wrong_values(bound.field):
            form = build(name, world, {bound.html_name: value})
            form.is_valid()
            shown = [str(m) for errors in form.errors.values() for m in errors]
            stock = [m for m in shown if any(p.match(m) for p in STOCK)]
            assert stock == [], f"{bound.name}={value[:20]!r}: {stock}"
