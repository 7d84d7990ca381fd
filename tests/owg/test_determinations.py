"""The director records the OWG's decisions on the questions cases raise: an extension of an
overdue assessment (with the plan of action) or another decision, such as filing the charge."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from cases import deadlines
from lead.notifications.models import Notification
from lead.roles import Role
from owg.models import Determination
from tests.conftest import signed_in_client
from tests.factories import arrest_referral, open_case

DIVERTED = datetime.datetime(2026, 10, 1, 18, 0, tzinfo=datetime.UTC)
NOW = datetime.datetime(2026, 11, 5, 18, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def overdue(personas):
    referral = arrest_referral(officer=personas[Role.OFFICER], now=DIVERTED)
    case = open_case(referral, case_manager=personas[Role.CASE_MANAGER], now=DIVERTED)
    deadlines.sweep(now=NOW)
    return Determination.objects.get(case=case)


def decide(personas, determination, **data):
    return signed_in_client(personas[Role.DIRECTOR]).post(reverse("owg:determination-decide", args=[determination.public_id]), data)


def test_the_director_lists_what_waits_for_the_owg(personas, overdue):
    page = signed_in_client(personas[Role.DIRECTOR]).get(reverse("owg:determinations")).content.decode()
    assert "Assessment overdue: decide on an extension or filing the charge" in page and "Jordan Reyes" in page


def test_an_extension_moves_the_due_date_and_answers_the_question(personas, overdue, clock):
    decide(personas, overdue, outcome="extend", due_on="2026-11-20", decision="Outreach visits on Mondays and Thursdays.")
    overdue.refresh_from_db()
    case = overdue.case
    case.refresh_from_db()
    assert (overdue.status, case.assessment_due_on) == ("decided", datetime.date(2026, 11, 20))
    assert "Plan: Outreach visits on Mondays and Thursdays." in overdue.decision
    assert Notification.objects.filter(user=case.case_manager, subject="The OWG decided on a case").exists()
    clock.move_to(datetime.datetime(2026, 11, 13, 18, 0, tzinfo=datetime.UTC))
    deadlines.sweep(now=datetime.datetime(2026, 11, 13, 18, 0, tzinfo=datetime.UTC))
    assert Notification.objects.filter(user=case.case_manager, subject="An assessment is due in 7 days").count() == 1


def test_an_extension_needs_a_future_date_and_keeps_the_plan_typed(personas, overdue):
    page = decide(personas, overdue, outcome="extend", due_on="2026-11-01", decision="Visit the shelter.").content.decode()
    assert "The new due date must be after today." in page and "Visit the shelter." in page
    overdue.refresh_from_db()
    assert overdue.status == "pending"


def test_the_owg_may_decide_to_file_the_charge(personas, overdue):
    decide(personas, overdue, outcome="decide", decision="File the original charge; the DA releases the paperwork.")
    overdue.refresh_from_db()
    assert (overdue.status, overdue.decision) == ("decided", "File the original charge; the DA releases the paperwork.")
    response = decide(personas, overdue, outcome="decide", decision="Again")
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.decision.startswith("File the original charge")


def test_an_isp_not_completed_cannot_be_extended(personas, overdue):
    overdue.kind = Determination.Kind.ISP_NOT_COMPLETED
    overdue.save()
    page = decide(personas, overdue, outcome="extend", due_on="2026-12-01", decision="x").content.decode()
    assert "Select a valid choice." in page


def test_the_list_runs_the_same_queries_for_one_question_or_many(personas, overdue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        client = signed_in_client(personas[Role.DIRECTOR])
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("owg:determinations")).status_code == 200
        return len(captured)

    one = queries()
    for n in range(10):
        referral = arrest_referral(officer=personas[Role.OFFICER], first_name=f"P{n}", now=DIVERTED)
        open_case(referral, case_manager=personas[Role.CASE_MANAGER], now=DIVERTED)
    deadlines.sweep(now=NOW)
    assert Determination.objects.count() == 11
    assert queries() == one
