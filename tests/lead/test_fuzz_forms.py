"""Fuzz: every form of the application × every field × every hostile value (tests/hostile.py).

The forms are found from the access map: every URL whose rule lets some role POST. The test signs
in as such a role, makes the URL's object in that persona's scope (tests/access_objects.py), reads
the page's form (its fields as the page fills them: a valid post where the page offers one) and
posts it again with one field replaced by one hostile value. Each post must answer without a
server error, and must store no character of NEVER_STORED and no implausible date. Each post runs
in a savepoint rolled back afterwards, so every one starts from the same records."""

import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.forms import casefile as casefile_forms
from cases.forms import record as record_forms
from cases.forms import referrals as case_forms
from eligibility import forms as eligibility_forms
from lead.access import ACCESS
from lead.roles import Role
from lead.users.forms import TokenForm
from outreach.forms import community as community_forms
from outreach.forms import engagement as outreach_forms
from owg.forms import meetings as owg_forms
from tests import hostile
from tests.access_objects import OBJECT_KINDS
from tests.conftest import signed_in_client
from tests.factories import completed_assessment, consent_for, initial_screening_of

# Forms the test cannot read from the URL's own page, by their form class: posted from another
# page (a panel of the case page), or whose page asks for a state the matrix's object lacks.
POSTED_FROM_ELSEWHERE = {
    "accounts:enroll": TokenForm,
    "accounts:verify": TokenForm,
    "eligibility:screening-new": eligibility_forms.ScreeningForm,
    "eligibility:screening-coordination": eligibility_forms.CoordinationForm,
    "eligibility:screening-review": eligibility_forms.ProsecutorReviewForm,
    "outreach:report": community_forms.ReportForm,
    "cases:intake-autosave": case_forms.IntakeForm,
    "cases:handoff-done": case_forms.HandoffDoneForm,
    "cases:case-summary": casefile_forms.SummaryForm,
    "cases:case-note-add": record_forms.NoteForm,
    "owg:finish": owg_forms.FinishForm,
    "outreach:assign": outreach_forms.AssignForm,
    "outreach:report-draft": community_forms.ReportDraftForm,
}
# Buttons: a POST with nothing typed. Still posted a hostile value, under a made-up name.
BUTTONS = {
    "admin-sign-out",
    "accounts:sign-out",
    "eligibility:screening-arrest",
    "eligibility:criteria-draft",
    "cases:withdraw",
    "cases:roi-revoke",
    "owg:attendance",
    "owg:action-done",
    "owg:flag",  # its buttons name the case: a hostile id is tests/owg/test_meetings.py's 404
    "cases:roster-remove",
    "notifications:open",
    "notifications:read-all",
    "accounts:recovery-codes",
    "cases:coverage-end",
}
# What a case needs before the page of a later step shows its form.
CASE_READY = {
    "cases:case-consent": (initial_screening_of,),
    "cases:case-appointment": (initial_screening_of, consent_for),
    "cases:case-roi-new": (initial_screening_of, consent_for),
    "cases:case-assessment": (initial_screening_of, consent_for),
    "cases:case-plan": (initial_screening_of, consent_for, completed_assessment),
}
# The sign-in form is public; the other public URLs (the admin's sign-in, health) take no form.
FORM_URLS = [
    *sorted(name for name, rule in ACCESS.items() if rule.post and not name.startswith("admin:")),
    "accounts:sign-in",
]


class FormReader(HTMLParser):
    """The fields of the page's POST forms, as the browser would send them unchanged."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self.names: list[str] = []
        self.types: dict[str, str] = {}
        self._in_form = self._select = self._textarea = None
        self._options: list[tuple[str, bool]] = []

    def _add(self, name, value, kind):
        if name not in self.names:
            self.names.append(name)
            self.types[name] = kind
        if value is not None:
            self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._in_form = (a.get("method") or "").lower() == "post"
        if not self._in_form or ("name" not in a and tag not in ("option",)):
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                checked = "checked" in a
                first = a["name"] not in self.names
                self._add(a["name"], a.get("value", "on") if checked or (kind == "radio" and first) else None, kind)
            elif kind not in ("file", "submit", "button", "image", "reset"):
                self._add(a["name"], a.get("value", ""), kind)
            elif kind == "submit" and a["name"] not in self.names:
                self._add(a["name"], a.get("value", ""), "submit")
        elif tag == "button" and a.get("name") and a["name"] not in self.names:
            self._add(a["name"], a.get("value", ""), "submit")
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""
        elif tag == "select":
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea:
            self._add(self._textarea, self._text.removeprefix("\n"), "textarea")
            self._textarea = None
        elif tag == "select" and self._select:
            chosen = [v for v, selected in self._options if selected] or [v for v, _ in self._options if v][:1]
            self._add(self._select, chosen[0] if chosen else "", "select")
            self._select = None


def _body(fields: dict[str, list[str]], name: str, raw: str) -> str:
    """A urlencoded body with `name` set to `raw`, already percent-escaped."""
    rest = urlencode([(k, v) for k, values in fields.items() if k != name for v in values])
    return f"{rest}&{quote(name)}={raw}" if rest else f"{quote(name)}={raw}"


def _plausible_query(model, today: date) -> Q | None:
    """Rows of `model` that hold a character never stored or an implausible date."""
    back, ahead = hostile.PLAUSIBLE_YEARS
    query = Q()
    for field in model._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            for char in hostile.NEVER_STORED:
                query |= Q(**{f"{field.attname}__contains": char})
        elif isinstance(field, (models.DateField, models.DateTimeField)):
            query |= Q(**{f"{field.attname}__year__lt": today.year - back}) | Q(
                **{f"{field.attname}__year__gt": today.year + ahead}
            )
    return query or None


def _bad_rows() -> list[str]:
    today = date.today()
    found = []
    for model in apps.get_models():
        if model._meta.app_label in {
            "cases",
            "eligibility",
            "owg",
            "outreach",
            "users",
            "agencies",
            "audit",
            "notifications",
        }:
            query = _plausible_query(model, today)
            if query is not None and model._default_manager.filter(query).exists():
                found.append(model._meta.label)
    draft_model = apps.get_model("cases", "IntakeDraft")
    for data in draft_model.objects.values_list("data", flat=True):
        if any(char in str(data) for char in hostile.NEVER_STORED):
            found.append("cases.IntakeDraft")
    return found


def _wrote(queries) -> bool:
    """Whether the request changed a record (the access log and the session apart)."""
    return any(
        q["sql"].startswith(("INSERT", "UPDATE"))
        and '"audit_accessevent"' not in q["sql"]
        and '"django_session"' not in q["sql"]
        for q in queries
    )


def _page(name, personas):
    """(client, url, fields) for the form of the URL `name`, set up in the persona's scope."""
    rule = ACCESS[name]
    if rule.public:
        return Client(), reverse(name), None
    role = next(r for r in Role if r in rule.post)
    persona = personas[role]
    kwargs = {}
    if rule.obj:
        obj = OBJECT_KINDS[rule.obj].own(persona)
        for ready in CASE_READY.get(name, ()):
            ready(obj)
        kwargs = OBJECT_KINDS[rule.obj].kwargs(obj)
    return signed_in_client(persona), reverse(name, kwargs=kwargs), None


def _fields(client, url, name) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The fields to post (name: values) and their input types (unknown for a form posted from
    elsewhere: every hostile value then)."""
    if name in POSTED_FROM_ELSEWHERE:
        return {field: [""] for field in POSTED_FROM_ELSEWHERE[name].base_fields}, {}
    if name in BUTTONS:
        return {"hostile": [""]}, {}
    reader = FormReader()
    reader.feed(client.get(url).content.decode())
    names = [field for field in reader.names if field != "csrfmiddlewaretoken"]
    return {field: reader.fields.get(field, [""]) for field in names}, reader.types


def _some(values: list[str], position: int, fields: int) -> list[str]:
    """Three of the values, taken in turn from field to field, so that a form of many fields
    still meets every value in some field while its test stays short; a small form gets all."""
    if fields <= 3:
        return values
    return [values[(position * 3 + i) % len(values)] for i in range(min(3, len(values)))]


def test_every_form_url_is_fuzzed():
    """A new POST URL is found by this test; one it cannot read a form from fails below."""
    assert "cases:intake-autosave" in FORM_URLS and "accounts:sign-in" in FORM_URLS


@pytest.mark.parametrize("name", FORM_URLS)
def test_hostile_values_in_every_field_answer_without_a_server_error_and_store_nothing_invalid(name, personas):
    client, url, _ = _page(name, personas)
    fields, types = _fields(client, url, name)
    assert fields, f"{name}: no form fields found (add the URL to POSTED_FROM_ELSEWHERE, BUTTONS or CASE_READY)"
    # Formset rows after the first are the same fields again: only the first row is fuzzed.
    fuzzed = [field for field in fields if not re.search(r"-[1-9][0-9]*-", field)]
    for position, field in enumerate(fuzzed):
        for raw in _some(hostile.values_for(types.get(field)), position, len(fuzzed)):
            with transaction.atomic(), CaptureQueriesContext(connection) as queries:
                response = client.generic(
                    "POST", url, _body(fields, field, raw), content_type="application/x-www-form-urlencoded"
                )
                assert response.status_code < 500, (name, field, raw[:40])
                if _wrote(queries.captured_queries):
                    assert _bad_rows() == [], (name, field, raw[:40])
                transaction.set_rollback(True)
