"""The clinical record (policy VI.E-H): the psychosocial assessment, the Individual Service Plan
and progress notes; who may open them; refused saves from an older page; fixed query counts."""

import datetime

import pytest
from django.urls import reverse

from cases.models import (
    ActionStep,
    Assessment,
    Case,
    CaseNote,
    CurrentService,
    Goal,
    ServicePlan,
)
from lead.audit.models import AccessEvent
from lead.roles import Role
from tests.conftest import signed_in_client
from tests.factories import (
    AgencyFactory,
    UserFactory,
    completed_assessment,
    consent_for,
    open_case,
)
from tests.helpers import clock_at, queries_to_get

NOW = datetime.datetime(2026, 11, 27, 18, 0, tzinfo=datetime.UTC)

COMPLETE = {
    "substances": ["alcohol", "stimulants"],
    "in_substance_treatment": "no",
    "chemical_dependency": "Drinks most days; uses meth on weekends. Wants to cut down.",
    "mental_health_concerns": "yes",
    "in_mental_health_treatment": "no",
    "mental_health": "",
    "housing_status": "unsheltered",
    "housing": "Sleeps in a car near the river.",
    "open_legal_cases": "no",
    "legal": "",
    "employment_status": "part_time",
    "employment": "",
    "education_level": "high_school",
    "education": "",
    "goals": "Get my ID back and a room of my own.",
    "strengths": "Keeps in touch with his sister.",
}


clock = clock_at(NOW)


@pytest.fixture
def case(case_manager):
    case = open_case(case_manager=case_manager)
    consent_for(case)
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def client(case_manager):
    return signed_in_client(case_manager)


def url(name, case):
    return reverse(f"cases:{name}", args=[case.public_id])


def post_assessment(client, case, action="draft", revision=0, **fields):
    return client.post(url("case-assessment", case), {"revision": revision, "action": action} | fields)


def plan_data(revision=0, goals=(), steps=(), services=(), action="save"):
    """The plan page's POST: each row a dict of its fields (`id` for saved rows)."""
    data = {"revision": revision, "action": action}
    for prefix, rows in (("goals", goals), ("steps", steps), ("services", services)):
        data |= {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": sum(1 for r in rows if r.get("id"))}
        for index, row in enumerate(rows):
            data |= {f"{prefix}-{index}-{field}": value for field, value in row.items()}
    return data


GOAL = {"domain": "housing", "need": "Sleeps in a car.", "goal": "A room of my own.", "status": "open"}
BLANK_GOAL = {"domain": "", "need": "", "goal": "", "status": "open"}  # the empty row left untouched
SERVICE = {"provider": "Harbor Health Clinic", "contact": "Dr. Lee, (555) 010-2222", "service": "Primary care"}


def step_for(goal, **fields):
    return {
        "goal": goal.pk,
        "description": "Apply for a state ID",
        "who": "The participant",
        "due_on": "2026-12-15",
        "status": "open",
    } | fields


# The psychosocial assessment -----------------------------------------------------------------


def test_a_draft_assessment_saves_with_nothing_filled(client, case):
    response = post_assessment(client, case)
    assert response["Location"] == url("case-assessment", case)
    assessment = Assessment.objects.get(case=case)
    assert (assessment.status, assessment.revision, assessment.completed_at) == ("draft", 1, None)
    assert Case.objects.get(pk=case.pk).status == Case.Status.CONSENTED


def test_a_draft_keeps_what_was_typed_and_shows_it_again(client, case):
    post_assessment(client, case, housing="Sleeps in a car.", substances=["alcohol"], open_legal_cases="no")
    page = client.get(url("case-assessment", case)).content.decode()
    assert "Sleeps in a car." in page
    assessment = Assessment.objects.get(case=case)
    assert (assessment.substances, assessment.open_legal_cases, assessment.in_substance_treatment) == (
        ["alcohol"],
        False,
        None,
    )


def test_completing_needs_every_structured_answer_and_the_goals(client, case):
    response = post_assessment(client, case, action="complete", housing="Sleeps in a car.")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose the substances used, or None." in page
    assert "Write the participant&#x27;s goals, in their words." in page
    assert page.count("Answer this to complete the assessment.") >= 7  # the summary and each field
    assert "Sleeps in a car." in page
    assert not Assessment.objects.exists()


def test_completing_the_assessment_stops_the_clock_and_moves_the_case_to_assessed(client, case, case_manager):
    response = post_assessment(client, case, action="complete", **COMPLETE)
    assert response["Location"] == url("case-plan", case)
    assessment = Assessment.objects.get(case=case)
    assert (assessment.status, assessment.completed_at, assessment.completed_by) == ("completed", NOW, case_manager)
    assert assessment.substances == ["alcohol", "stimulants"] and assessment.mental_health_concerns is True
    assert Case.objects.get(pk=case.pk).status == Case.Status.ASSESSED


def test_a_completed_assessment_can_be_corrected_and_stays_completed(client, case, clock):
    post_assessment(client, case, action="complete", **COMPLETE)
    clock.shift(datetime.timedelta(minutes=20))
    response = post_assessment(client, case, action="complete", revision=1, **COMPLETE | {"housing_status": "shelter"})
    assert response["Location"] == url("case-assessment", case)
    assessment = Assessment.objects.get(case=case)
    assert (assessment.status, assessment.housing_status, assessment.completed_at) == ("completed", "shelter", NOW)


def test_a_correction_cannot_empty_an_answer_of_a_completed_assessment(client, case):
    post_assessment(client, case, action="complete", **COMPLETE)
    # Even sent as a draft: a completed assessment stays complete.
    page = post_assessment(
        client, case, action="draft", revision=1, **COMPLETE | {"housing_status": ""}
    ).content.decode()
    assert "Answer this to complete the assessment." in page
    assert Assessment.objects.get(case=case).housing_status == "unsheltered"


def test_the_assessment_asks_for_consent_first(client, case_manager):
    case = open_case(case_manager=case_manager)
    response = client.get(url("case-assessment", case))
    assert response["Location"] == url("case-consent", case)
    assert post_assessment(client, case)["Location"] == url("case-consent", case)
    assert not Assessment.objects.exists()


def test_the_consent_signature_is_written_in_the_temporary_folder(case, private_files):
    assert (private_files / case.consent.signature.name).read_bytes() == b"\x89PNG signature"


def test_a_save_from_an_older_page_is_refused_and_keeps_what_was_typed(client, case):
    colleague = signed_in_client(UserFactory(agency=case.provider, roles=[Role.CASE_MANAGER], is_supervisor=True))
    post_assessment(colleague, case, housing="Their note on housing.")  # both opened revision 0
    page = post_assessment(client, case, housing="My note on housing.", goals="My typed goals.").content.decode()
    assert "Someone saved this assessment after you opened it." in page
    assert "They changed: housing." in page
    assert "My note on housing." in page and "My typed goals." in page
    assert 'name="revision" value="1"' in page
    assessment = Assessment.objects.get(case=case)
    assert (assessment.housing, assessment.goals, assessment.revision) == ("Their note on housing.", "", 1)


def test_saving_again_after_the_refusal_replaces_the_other_version(client, case):
    post_assessment(
        signed_in_client(UserFactory(agency=case.provider, roles=[Role.CASE_MANAGER], is_supervisor=True)),
        case,
        housing="Theirs.",
    )
    post_assessment(client, case, housing="Mine.")  # refused: shows revision 1
    response = post_assessment(client, case, revision=1, housing="Mine.")
    assert response.status_code == 302
    assert Assessment.objects.get(case=case).housing == "Mine."


# The Individual Service Plan -----------------------------------------------------------------


def test_a_new_plan_shows_an_empty_goal_and_service_to_fill_in(client, case):
    page = client.get(url("case-plan", case)).content.decode()
    assert 'name="goals-TOTAL_FORMS" value="1"' in page and 'name="services-TOTAL_FORMS" value="1"' in page
    assert 'name="steps-TOTAL_FORMS" value="0"' in page and "Save a goal first, then add its steps here." in page


def test_adding_a_goal_shows_the_typed_rows_again_with_an_empty_one_and_saves_nothing(client, case):
    data = plan_data(goals=[GOAL], services=[SERVICE], action="add_goal")
    page = client.post(url("case-plan", case), data).content.decode()
    assert "A room of my own." in page and "Harbor Health Clinic" in page
    assert 'name="goals-TOTAL_FORMS" value="2"' in page and 'name="services-TOTAL_FORMS" value="1"' in page
    assert "There is a problem" not in page
    assert not ServicePlan.objects.exists() and not Goal.objects.exists()


def test_saving_the_plan_stores_its_goals_and_services_as_a_draft(client, case):
    second = {"domain": "legal", "need": "No ID.", "goal": "Get my ID back.", "status": "open"}
    response = client.post(url("case-plan", case), plan_data(goals=[GOAL, second, BLANK_GOAL], services=[SERVICE]))
    assert response["Location"] == url("case-plan", case)
    plan = ServicePlan.objects.get(case=case)
    assert (plan.status, plan.revision) == ("draft", 1)
    assert list(plan.goals.values_list("goal", flat=True)) == ["A room of my own.", "Get my ID back."]
    assert plan.services.get().provider == "Harbor Health Clinic"


def test_a_goal_row_with_missing_fields_is_refused_with_every_error(client, case):
    page = client.post(
        url("case-plan", case), plan_data(goals=[{"domain": "housing", "need": "", "goal": "A room."}])
    ).content.decode()
    assert "Goal 1, the need: Describe the need." in page and "A room." in page
    assert not Goal.objects.exists()


def saved_plan(client, case, goals=(GOAL,)):
    client.post(url("case-plan", case), plan_data(goals=list(goals)))
    return ServicePlan.objects.get(case=case)


def test_adding_a_step_keeps_the_typed_rows_and_offers_the_saved_goals(client, case):
    plan = saved_plan(client, case)
    goal = plan.goals.get()
    data = plan_data(
        revision=1, goals=[GOAL | {"id": goal.pk, "need": "Changed need."}], steps=[step_for(goal)], action="add_step"
    )
    page = client.post(url("case-plan", case), data).content.decode()
    assert "Changed need." in page and "Apply for a state ID" in page
    assert 'name="steps-TOTAL_FORMS" value="2"' in page
    assert f'<option value="{goal.pk}" selected>Housing: A room of my own.</option>' in page
    assert not ActionStep.objects.exists() and Goal.objects.get().need == "Sleeps in a car."


def test_a_step_is_saved_under_its_goal_and_a_service_row_can_be_removed(client, case):
    plan = saved_plan(client, case)
    goal = plan.goals.get()
    client.post(
        url("case-plan", case),
        plan_data(revision=1, goals=[GOAL | {"id": goal.pk}], steps=[step_for(goal)], services=[SERVICE]),
    )
    service = CurrentService.objects.get()
    assert goal.steps.get().due_on == datetime.date(2026, 12, 15)
    data = plan_data(
        revision=2,
        goals=[GOAL | {"id": goal.pk}],
        steps=[step_for(goal, id=goal.steps.get().pk)],
        services=[SERVICE | {"id": service.pk, "DELETE": "on"}],
    )
    client.post(url("case-plan", case), data)
    assert not CurrentService.objects.exists()
    assert CurrentService.history.filter(history_type="-").get().history_user == case.case_manager


def goal_with_a_step(client, case):
    """A saved plan of one goal, then that goal's one step saved: revision 2 comes next."""
    goal = saved_plan(client, case).goals.get()
    client.post(url("case-plan", case), plan_data(revision=1, goals=[GOAL | {"id": goal.pk}], steps=[step_for(goal)]))
    return goal, ActionStep.objects.get()


def test_removing_a_goal_removes_its_steps_with_history(client, case):
    goal, step = goal_with_a_step(client, case)
    client.post(
        url("case-plan", case),
        plan_data(
            revision=2,
            goals=[GOAL | {"id": goal.pk, "DELETE": "on"}],
            steps=[step_for(goal, id=step.pk, DELETE="on")],
        ),
    )
    assert not Goal.objects.exists() and not ActionStep.objects.exists()
    assert Goal.history.filter(history_type="-").get().history_user == case.case_manager


def test_a_step_cannot_keep_a_goal_that_is_being_removed(client, case):
    goal, step = goal_with_a_step(client, case)
    page = client.post(
        url("case-plan", case),
        plan_data(
            revision=2,
            goals=[GOAL | {"id": goal.pk, "DELETE": "on"}],
            steps=[step_for(goal, id=step.pk)],
        ),
    ).content.decode()
    assert "This goal is being removed: remove this step too, or keep the goal." in page
    assert Goal.objects.exists() and ActionStep.objects.exists()


def test_a_row_of_another_plan_is_refused(client, case, case_manager):
    other = open_case(case_manager=case_manager)
    foreign = saved_plan(client, other).goals.get()
    page = client.post(
        url("case-plan", case), plan_data(goals=[GOAL | {"id": foreign.pk, "goal": "Hijacked"}])
    ).content.decode()
    assert "removed by someone else" in page
    assert (
        Goal.objects.get(pk=foreign.pk).goal == "A room of my own."
        and not ServicePlan.objects.filter(case=case).exists()
    )


def test_the_plan_is_not_activated_before_the_assessment_is_completed(client, case):
    plan = saved_plan(client, case)
    goal = plan.goals.get()
    page = client.post(
        url("case-plan", case),
        plan_data(
            revision=1,
            goals=[GOAL | {"id": goal.pk}],
            steps=[step_for(goal)],
            action="activate",
        ),
    ).content.decode()
    assert "Complete the psychosocial assessment before activating the ISP." in page
    assert "Apply for a state ID" in page  # what was typed is still there
    plan.refresh_from_db()
    assert (plan.status, plan.revision, ActionStep.objects.count()) == ("draft", 1, 0)


def test_the_plan_needs_a_goal_with_a_step_to_be_activated(client, case):
    completed_assessment(case)
    page = client.post(url("case-plan", case), plan_data(goals=[GOAL], action="activate")).content.decode()
    assert "An active ISP needs at least one goal with one action step." in page
    assert not ServicePlan.objects.exists()


def test_activating_the_plan_makes_the_case_isp_active(client, case):
    completed_assessment(case)
    plan = saved_plan(client, case)
    goal = plan.goals.get()
    response = client.post(
        url("case-plan", case),
        plan_data(
            revision=1,
            goals=[GOAL | {"id": goal.pk}],
            steps=[step_for(goal)],
            action="activate",
        ),
    )
    assert response["Location"] == url("case-plan", case)
    plan.refresh_from_db()
    assert (plan.status, plan.activated_at) == ("active", NOW)
    assert Case.objects.get(pk=case.pk).status == Case.Status.ISP_ACTIVE
    assert "Activate the ISP" not in client.get(url("case-plan", case)).content.decode()


def test_a_plan_save_from_an_older_page_is_refused_and_keeps_what_was_typed(client, case):
    saved_plan(signed_in_client(UserFactory(agency=case.provider, roles=[Role.CASE_MANAGER], is_supervisor=True)), case)
    page = client.post(
        url("case-plan", case), plan_data(goals=[GOAL | {"goal": "My own typed goal."}])
    ).content.decode()
    assert "Someone saved this plan after you opened it." in page
    assert "My own typed goal." in page and 'name="revision" value="1"' in page
    assert list(Goal.objects.values_list("goal", flat=True)) == ["A room of my own."]


# Progress notes ------------------------------------------------------------------------------


def test_progress_notes_are_added_and_listed_newest_first(client, case, clock, case_manager):
    response = client.post(url("case-note-add", case), {"text": "Met at the library; ID form filled in."})
    assert response["Location"] == url("case-plan", case)
    clock.shift(datetime.timedelta(minutes=3))
    client.post(url("case-note-add", case), {"text": "Called the clinic together."})
    page = client.get(url("case-plan", case)).content.decode()
    assert page.index("Called the clinic together.") < page.index("Met at the library; ID form filled in.")
    assert CaseNote.objects.filter(written_by=case_manager).count() == 2


def test_an_empty_note_is_refused_on_the_plan_page(client, case):
    response = client.post(url("case-note-add", case), {"text": "   "})
    assert response.status_code == 200
    assert "Write the note before adding it." in response.content.decode()
    assert not CaseNote.objects.exists()


# Who may open the clinical record ------------------------------------------------------------

PAGES = [
    ("case-assessment", "get"),
    ("case-assessment", "post"),
    ("case-plan", "get"),
    ("case-plan", "post"),
    ("case-note-add", "post"),
]


@pytest.mark.parametrize(("name", "method"), PAGES)
def test_a_case_manager_of_another_provider_gets_not_found(case, name, method):
    stranger = UserFactory(agency=AgencyFactory(kind="service_provider"), roles=[Role.CASE_MANAGER], is_supervisor=True)
    response = getattr(signed_in_client(stranger), method)(url(name, case))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "method"), PAGES)
def test_a_colleague_who_does_not_hold_the_case_gets_not_found(case, name, method):
    colleague = UserFactory(agency=case.provider, roles=[Role.CASE_MANAGER])
    assert getattr(signed_in_client(colleague), method)(url(name, case)).status_code == 404


@pytest.mark.parametrize("name", ["case-assessment", "case-plan"])
def test_the_providers_supervisor_reads_the_record_and_the_read_is_logged(case, name):
    supervisor = UserFactory(agency=case.provider, roles=[Role.CASE_MANAGER], is_supervisor=True)
    assert signed_in_client(supervisor).get(url(name, case)).status_code == 200
    event = AccessEvent.objects.filter(user=supervisor, kind=AccessEvent.Kind.READ).get()
    assert event.detail == f"clinical: {'assessment' if name == 'case-assessment' else 'ISP'}"


def test_the_project_director_does_not_open_the_clinical_record(case, personas):
    assert signed_in_client(personas[Role.DIRECTOR]).get(url("case-plan", case)).status_code in (403, 404)


# Fixed query counts --------------------------------------------------------------------------


def test_the_plan_page_takes_as_many_queries_with_30_goals_and_notes_as_with_1(client, case, case_manager):
    plan = ServicePlan.objects.create(case=case)

    def add(count):
        for n in range(count):
            goal = Goal.objects.create(plan=plan, domain="housing", need=f"Need {n}", goal=f"Goal {n}")
            ActionStep.objects.create(
                goal=goal, description=f"Step {n}", who="Participant", due_on=datetime.date(2026, 12, 1)
            )
            CurrentService.objects.create(plan=plan, provider=f"Provider {n}", service="Care")
            CaseNote.objects.create(case=case, written_at=NOW, written_by=case_manager, text=f"Note {n}")

    def queries(name):
        return queries_to_get(client, url(name, case))

    add(1)
    # The first request after signing in also saves the session's start (SessionLimitsMiddleware);
    # the pages are compared after it.
    client.get(reverse("home"))
    one = queries("case-plan"), queries("case-assessment")
    add(29)
    assert (queries("case-plan"), queries("case-assessment")) == one


def test_a_closed_cases_record_can_no_longer_change(db):
    from cases.services import record as record_services
    from cases.services.referrals import Conflict

    case = open_case()
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, closed_at=NOW)
    with pytest.raises(Conflict, match="The case is closed"):
        record_services.case_note_add(case=case, by=case.case_manager, now=NOW, text="Met at the library.")
    assert not CaseNote.objects.exists()
