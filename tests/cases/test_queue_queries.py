"""The queues on home pages and the lists of referrals read what grows with the site's years
through an index in the order they show, and join only what they show (issue 16: measured with
scripts/bench-pages, docs/performance.md). EXPLAIN on a small test database would pick
sequential scans, so each check first tells PostgreSQL not to, then asks whether the index serves
the query without sorting."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cases import deadlines
from cases.models import Case, ChargingHold
from cases.selectors import capacity, holds_of_office, referral_pages_visible_to, referrals_visible_to
from lead.agencies.models import Agency
from lead.roles import Role
from owg.selectors import actions_of
from tests.conftest import signed_in_client
from tests.factories import UserFactory, open_case, persona_case

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL")


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def pre_booking_case(personas):
    """The case of a pre-booking diversion: its paperwork held by the prosecutor persona's office."""
    police = personas[Role.OFFICER].agency
    police.diversion_stage = Agency.DiversionStage.PRE_BOOKING
    police.save()
    return persona_case(personas)


def test_the_prosecutors_charging_queue_is_read_in_the_order_of_its_index(personas):
    pre_booking_case(personas)
    prosecutor = personas[Role.PROSECUTOR]
    queue = holds_of_office(prosecutor).filter(status=ChargingHold.Status.HELD).order_by("held_at")[:10]
    assert len(queue) == 1
    explained = plan(queue)
    assert "charginghold_office_queue_idx" in explained and "Sort" not in explained, explained


def test_a_members_open_follow_ups_are_read_in_the_order_of_their_index(personas):
    from tests.factories import decision

    director, prosecutor = personas[Role.DIRECTOR], personas[Role.PROSECUTOR]
    decision(by=director, action="Ask the court for the hearing date", action_by=prosecutor)
    follow_ups = actions_of(prosecutor).filter(action_done_at__isnull=True).order_by("recorded_at")[:10]
    assert len(follow_ups) == 1
    explained = plan(follow_ups)
    assert "decision_open_action_at_idx" in explained and "Sort" not in explained, explained


def test_each_batch_of_the_deadline_sweep_is_read_in_the_order_of_its_index(personas):
    persona_case(personas)
    now = timezone.now() + datetime.timedelta(days=40)  # past the due date: overdue
    deadlines.claim(now=now)
    batch = deadlines.due_notices(now).values(*deadlines.NOTICE_FIELDS)[: deadlines.BATCH_SIZE]
    assert len(batch) == 1
    explained = plan(batch)
    assert "deadlinenotice_todo_idx" in explained and "Sort" not in explained, explained


def test_lists_of_referrals_join_only_the_person_and_the_agency(personas, django_assert_num_queries):
    case = pre_booking_case(personas)
    officer = personas[Role.OFFICER]
    listed = str(referrals_visible_to(officer).query)
    assert "cases_participant" in listed and "agencies_agency" in listed
    for table in ("cases_case", "eligibility_screening", "cases_charginghold", "users_user"):
        assert table not in listed, table
    # A referral's own page still reads everything it shows in its one lookup.
    with django_assert_num_queries(1):
        referral = referral_pages_visible_to(officer).get(pk=case.referral_id)
        assert (referral.case.case_manager, referral.referred_by.agency_id, referral.screening.report_number) == (
            case.case_manager,
            officer.agency_id,
            referral.screening.report_number,
        )
        assert referral.charging_hold.status == ChargingHold.Status.HELD


def test_the_program_panel_counts_each_case_managers_open_cases_only(personas):
    director, busy = personas[Role.DIRECTOR], personas[Role.CASE_MANAGER]
    idle = UserFactory(agency=busy.agency, roles=[Role.CASE_MANAGER], first_name="Ida", last_name="Idle")
    *_, closed = (open_case(case_manager=busy) for _ in range(3))
    Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED, closed_at=timezone.now())
    idle_closed = open_case(case_manager=idle)
    Case.objects.filter(pk=idle_closed.pk).update(status=Case.Status.CLOSED, closed_at=timezone.now())

    counts = {user.pk: user.open_cases for user in capacity()["caseloads"]}
    assert (counts[busy.pk], counts[idle.pk], capacity()["open_cases"]) == (2, 0, 2)
    limit = capacity()["caseload_limit"]
    page = signed_in_client(director).get(reverse("home")).content.decode()
    assert f"{busy.get_full_name()}: 2 of {limit}" in page and f"Ida Idle: 0 of {limit}" in page
