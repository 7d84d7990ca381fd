"""Hostile and implausible input, finding by finding (issue 14, findings 3, 4 and 6): each gets a
clear error on the page with what was typed kept, never a server error, and nothing is saved."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import ActionStep, Consent, IntakeDraft, Participant
from lead.audit.models import AccessEvent
from lead.roles import Role
from outreach.models import Activity
from tests.conftest import signed_in_client
from tests.factories import (
    PASSWORD,
    arrest_referral,
    completed_assessment,
    consent_for,
    initial_screening_of,
    open_case,
    social_referral,
)

NUL = "\x00"


# Sign-in -------------------------------------------------------------------------------------


def test_a_nul_in_the_username_is_refused_and_logged_as_an_attack(personas):
    response = Client().post(reverse("accounts:sign-in"), {"username": f"officer{NUL}", "password": PASSWORD})
    assert response.status_code == 200
    assert b"cannot be typed" in response.content
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.SIGN_IN_FAILED)
    assert NUL not in event.username
    assert "hostile input" in event.detail


def test_an_unreadable_username_is_refused_and_logged(personas):
    body = "username=officer%ED%A0%80&password=x"
    response = Client().generic(
        "POST", reverse("accounts:sign-in"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.SIGN_IN_FAILED).exists()


# The intake draft ----------------------------------------------------------------------------


def test_a_nul_in_any_field_of_the_intake_draft_is_refused_without_a_server_error(officer):
    referral = arrest_referral(agency=officer.agency)
    client = signed_in_client(officer)
    url = reverse("cases:intake-autosave", kwargs={"public_id": referral.public_id})
    for field in ("phone", "email", "contact_notes", "race", "incident_at", "overview", "crime_report_number"):
        response = client.post(url, {field: f"x{NUL}y"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200, field
        assert b"not saved" in response.content, field
    assert not IntakeDraft.objects.filter(referral=referral).exists()


def test_the_intake_draft_keeps_what_was_typed_when_it_is_clean(officer):
    referral = arrest_referral(agency=officer.agency)
    url = reverse("cases:intake-autosave", kwargs={"public_id": referral.public_id})
    response = signed_in_client(officer).post(
        url, {"phone": "555-0100", "overview": "Shoplifting."}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert IntakeDraft.objects.get(referral=referral).data["overview"] == "Shoplifting."


def test_no_intake_draft_is_accepted_on_a_social_contact_referral(officer):
    referral = social_referral(by=officer)
    client = signed_in_client(officer)
    assert client.get(reverse("cases:intake", kwargs={"public_id": referral.public_id})).status_code == 404
    url = reverse("cases:intake-autosave", kwargs={"public_id": referral.public_id})
    assert client.post(url, {"overview": "x"}, HTTP_HX_REQUEST="true").status_code == 404
    assert not IntakeDraft.objects.filter(referral=referral).exists()


# The ISP ---------------------------------------------------------------------------------------


@pytest.fixture
def planned_case(case_manager):
    """A case with a saved plan: one goal and one step."""
    case = open_case(case_manager=case_manager)
    consent_for(case, by=case_manager)
    completed_assessment(case, by=case_manager)
    client = signed_in_client(case_manager)
    url = reverse("cases:case-plan", kwargs={"public_id": case.public_id})
    client.post(url, plan_post(goals=[{"domain": "housing", "need": "A bed", "goal": "Housing", "status": "open"}]))
    goal = case.plan.goals.get()
    client.post(
        url,
        plan_post(
            revision=1,
            goals=[{"id": goal.pk, "domain": "housing", "need": "A bed", "goal": "Housing", "status": "open"}],
            steps=[
                {
                    "goal": goal.pk,
                    "description": "Call the shelter",
                    "who": "CM",
                    "due_on": date.today().isoformat(),
                    "status": "open",
                }
            ],
        ),
    )
    assert ActionStep.objects.filter(goal=goal).count() == 1
    return case


def plan_post(*, revision=0, goals=(), steps=(), services=()) -> dict:
    data = {"revision": revision, "action": "save"}
    for prefix, rows in (("goals", goals), ("steps", steps), ("services", services)):
        data |= {
            f"{prefix}-TOTAL_FORMS": len(rows),
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 50,
        }
        for index, row in enumerate(rows):
            data |= {f"{prefix}-{index}-{key}": value for key, value in row.items()}
    return data


def test_a_removed_step_row_with_a_forged_id_is_refused_without_a_server_error(planned_case, case_manager):
    goal = planned_case.plan.goals.get()
    step = ActionStep.objects.get(goal=goal)
    url = reverse("cases:case-plan", kwargs={"public_id": planned_case.public_id})
    base = {"id": goal.pk, "domain": "housing", "need": "A bed", "goal": "Housing", "status": "open"}
    for forged in ("abc", "", "99999999999999999999", f"{step.pk}{NUL}"):
        response = signed_in_client(case_manager).post(
            url, plan_post(revision=2, goals=[base], steps=[{"id": forged, "DELETE": "on"}])
        )
        assert response.status_code in (200, 302), forged
    assert ActionStep.objects.filter(goal=goal).count() == 1


def test_a_step_row_naming_another_case_s_step_is_refused(planned_case, case_manager):
    other = open_case(case_manager=case_manager)
    consent_for(other, by=case_manager)
    goal = planned_case.plan.goals.get()
    step = ActionStep.objects.get(goal=goal)
    url = reverse("cases:case-plan", kwargs={"public_id": other.public_id})
    response = signed_in_client(case_manager).post(url, plan_post(steps=[{"id": step.pk, "DELETE": "on"}]))
    assert response.status_code == 200
    assert ActionStep.objects.filter(pk=step.pk).exists()


def test_tampered_management_form_counts_are_refused_without_a_server_error(planned_case, case_manager):
    url = reverse("cases:case-plan", kwargs={"public_id": planned_case.public_id})
    client = signed_in_client(case_manager)
    for total in ("abc", "-1", "99999999999", NUL):
        for action in ("save", "add_goal"):
            data = plan_post(revision=2) | {"goals-TOTAL_FORMS": total, "action": action}
            assert client.post(url, data).status_code in (200, 302), (total, action)


# Community activities ----------------------------------------------------------------------------


def test_a_count_past_the_database_s_range_is_refused(personas):
    coordinator = personas[Role.COORDINATOR]
    data = {
        "kind": "forum",
        "held_on": timezone.localdate().isoformat(),
        "title": "LEAD at the library",
        "place": "Library",
        "people": "99999999999999999999",
        "copies": "",
    }
    response = signed_in_client(coordinator).post(reverse("outreach:activity-new"), data)
    assert response.status_code == 200
    assert b"99999999999999999999" in response.content  # what was typed is kept
    assert not Activity.objects.exists()


# Implausible values (finding 6) ----------------------------------------------------------------


def test_a_consent_signed_in_1800_is_refused(case_manager):
    case = open_case(case_manager=case_manager)
    url = reverse("cases:case-consent", kwargs={"public_id": case.public_id})
    import base64

    from tests.factories import _tiny_png

    drawn = "data:image/png;base64," + base64.b64encode(_tiny_png()).decode()
    response = signed_in_client(case_manager).post(url, {"signed_on": "1800-01-01", "signature_drawn": drawn})
    assert response.status_code == 200
    assert b"1800-01-01" in response.content
    assert not Consent.objects.exists()


def test_an_appointment_in_9999_is_refused(case_manager):
    case = open_case(case_manager=case_manager)
    initial_screening_of(case)
    consent_for(case, by=case_manager)
    url = reverse("cases:case-appointment", kwargs={"public_id": case.public_id})
    response = signed_in_client(case_manager).post(url, {"starts_at": "9999-12-31T10:00", "place": "Office"})
    assert response.status_code == 200
    assert b"9999-12-31T10:00" in response.content


def test_a_closing_note_of_100000_characters_is_refused(case_manager):
    case = open_case(case_manager=case_manager)
    url = reverse("cases:case-close", kwargs={"public_id": case.public_id})
    response = signed_in_client(case_manager).post(url, {"reason": "completed", "note": "x" * 100_000})
    assert response.status_code == 200
    assert b"at most" in response.content
    case.refresh_from_db()
    assert case.closed_at is None


@pytest.mark.parametrize("name", ["Jordan\u202eseyeR", "Jor\u200bdan", "Jordan\u2066x\u2069", "\ufeffJordan"])
def test_names_with_invisible_or_direction_characters_are_refused(officer, name):
    data = {"first_name": name, "last_name": "Reyes", "reason": "Asked for help.", "known_needs": "Shelter."}
    response = signed_in_client(officer).post(reverse("cases:social-new"), data)
    assert response.status_code == 200
    assert b"invisible" in response.content
    assert not Participant.objects.filter(first_name=name).exists()


def test_a_birth_date_of_a_impossible_age_is_refused(officer):
    data = {
        "first_name": "Sam",
        "last_name": "Carter",
        "date_of_birth": "1800-01-01",
        "reason": "Asked for help.",
        "known_needs": "Shelter.",
    }
    response = signed_in_client(officer).post(reverse("cases:social-new"), data)
    assert response.status_code == 200
    assert not Participant.objects.filter(last_name="Carter").exists()


def test_criteria_taking_effect_in_9999_are_refused(personas):
    from tests.factories import draft_version

    version = draft_version()
    url = reverse("eligibility:criteria-approve", kwargs={"slug": version.criteria_set.slug, "number": version.number})
    response = signed_in_client(personas[Role.PCG]).post(
        url, {"revision": version.revision, "effective_from": "9999-01-01"}
    )
    assert response.status_code == 200
    version.refresh_from_db()
    assert version.effective_from is None


# The central mechanism --------------------------------------------------------------------------


def test_every_form_of_the_application_has_the_bounds_of_bounded_form():
    """A new form inheriting forms.Form directly fails here: derive it from lead.forms.BoundedForm
    (or add BoundedFormMixin to a Django form class)."""
    import importlib

    from django import forms

    from lead.forms import BoundedFormMixin

    modules = [
        "eligibility.forms",
        "cases.forms.referrals",
        "cases.forms.casefile",
        "cases.forms.record",
        "cases.forms.steps",
        "cases.forms.cover",
        "owg.forms.meetings",
        "owg.forms.criminal",
        "outreach.forms.engagement",
        "outreach.forms.community",
        "outreach.forms.training",
        "lead.users.forms",
        "lead.users.admin",
        "reports.forms",
    ]
    unbounded = [
        f"{module}.{name}"
        for module in modules
        for name, value in vars(importlib.import_module(module)).items()
        if isinstance(value, type)
        and issubclass(value, forms.BaseForm)
        and value.__module__ == module
        and not issubclass(value, BoundedFormMixin)
    ]
    assert unbounded == []


def test_a_text_area_states_its_length_with_a_counter(case_manager):
    case = open_case(case_manager=case_manager)
    page = (
        signed_in_client(case_manager)
        .get(reverse("cases:case-close", kwargs={"public_id": case.public_id}))
        .content.decode()
    )
    assert 'class="usa-character-count"' in page
    assert "You can enter up to 2000 characters" in page
    assert 'data-maxlength="2000"' in page and 'maxlength="2000"' not in page.replace("data-maxlength", "")


@pytest.mark.parametrize("name", ["Harbor City\u202e Police", "Harbor\u200b City Police", "Harbor\x1b City Police"])
def test_the_admin_refuses_an_agency_name_that_could_pass_for_another(personas, name):
    from lead.agencies.models import Agency

    admin = signed_in_client(personas[Role.SITE_ADMIN])
    response = admin.post(reverse("admin:agencies_agency_add"), {"name": name, "kind": "police", "is_active": "on"})
    assert response.status_code == 200 and not Agency.objects.filter(name=name).exists()


def test_the_admins_model_forms_have_the_bounds_of_every_form(personas):
    from django.contrib import admin

    from lead.forms import BoundedFormMixin

    request = type("Request", (), {"user": personas[Role.SITE_ADMIN]})()
    for model, model_admin in admin.site._registry.items():
        if model_admin.has_add_permission(request) or model_admin.has_change_permission(request):
            form = model_admin.get_form(request)
            assert issubclass(form, BoundedFormMixin), f"{model._meta.label}'s admin form has no bounds"
