"""The 30-day assessment deadline sweep as a plain function, with time controlled: reminders,
the missing appointment, the escalation at the due date, extensions, completion, catching up,
daylight saving, exactly-once effects and a query count independent of the number of cases."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import deadlines
from cases.models import Case, Determination, InitialScreening, SweepRun
from lead.agencies.models import Agency
from lead.notifications.models import Notification
from lead.roles import Role
from tests.factories import AgencyFactory, UserFactory, arrest_referral, open_case

# Diverted at 15:30 on Friday, Nov 27, 2026, Harbor County time: due by the end of Sunday, Dec 27.
DIVERTED = datetime.datetime(2026, 11, 27, 23, 30, tzinfo=datetime.UTC)


def site_time(text: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


@pytest.fixture
def case(personas):
    police = personas[Role.OFFICER].agency
    police.diversion_stage = Agency.DiversionStage.PRE_BOOKING
    police.prosecuting_office = personas[Role.PROSECUTOR].agency
    police.save()
    referral = arrest_referral(officer=personas[Role.OFFICER], now=DIVERTED)
    return open_case(referral, case_manager=personas[Role.CASE_MANAGER], now=DIVERTED + datetime.timedelta(minutes=20))


def sweep_at(text: str) -> int:
    now = site_time(text)
    with time_machine.travel(now, tick=False):
        return deadlines.sweep(now=now)


def subjects(user) -> list[str]:
    return list(
        Notification.objects.filter(user=user, key__startswith="deadline:")
        .order_by("id")
        .values_list("subject", flat=True)
    )


def test_the_due_date_is_the_end_of_the_30th_day_in_the_sites_time_zone(case):
    assert case.assessment_due_on == datetime.date(2026, 12, 27)
    assert case.assessment_due_at == site_time("2026-12-28T00:00")


def test_nothing_happens_before_the_first_reminder(case):
    assert sweep_at("2026-12-19T23:59") == 0
    assert subjects(case.case_manager) == []


def test_the_case_manager_is_reminded_7_3_and_1_days_before_once_each(case):
    for day in ("2026-12-20T00:05", "2026-12-20T09:00", "2026-12-24T08:00", "2026-12-26T08:00", "2026-12-26T18:00"):
        sweep_at(day)
    assert subjects(case.case_manager) == [
        "An assessment is due in 7 days",
        "An assessment is due in 3 days",
        "An assessment is due in 1 day",
    ]


def test_a_sweep_that_did_not_run_for_days_sends_the_reminder_of_now_not_every_missed_one(case):
    sweep_at("2026-12-25T10:00")
    assert subjects(case.case_manager) == ["An assessment is due in 3 days"]


def test_at_the_end_of_the_due_date_the_case_escalates_once_to_the_owg_the_officer_and_the_prosecutors(case, personas):
    assert sweep_at("2026-12-27T23:59") >= 0
    assert not Determination.objects.exists()
    sweep_at("2026-12-28T00:00")
    sweep_at("2026-12-28T00:05")
    determination = Determination.objects.get()
    assert (determination.case, determination.kind, determination.status) == (case, "assessment_overdue", "pending")
    for role in (Role.CASE_MANAGER, Role.OFFICER, Role.PROSECUTOR):
        assert subjects(personas[role]).count("An assessment is overdue") == 1
    assert Notification.objects.get(user=personas[Role.OFFICER], subject="An assessment is overdue").url.startswith(
        "/referrals/"
    )


def test_a_prosecutor_of_another_office_hears_nothing(case):
    stranger = UserFactory(agency=AgencyFactory(kind=Agency.Kind.PROSECUTOR), roles=[Role.PROSECUTOR])
    sweep_at("2026-12-28T09:00")
    assert subjects(stranger) == []


def test_an_extension_answers_the_overdue_question_and_reminders_count_from_the_new_date(case, personas):
    sweep_at("2026-12-28T09:00")
    now = site_time("2026-12-29T10:00")
    deadlines.assessment_extend(
        case=case,
        due_on=datetime.date(2027, 1, 15),
        plan="Outreach visits twice a week.",
        by=personas[Role.DIRECTOR],
        now=now,
    )
    assert Determination.objects.get().status == "decided"
    sweep_at("2027-01-08T09:00")
    assert subjects(case.case_manager)[-1] == "An assessment is due in 7 days"
    sweep_at("2027-01-16T00:00")
    assert Determination.objects.filter(status="pending").count() == 1


def test_completing_the_assessment_stops_everything(case):
    Case.objects.filter(pk=case.pk).update(status=Case.Status.ASSESSED)
    for day in ("2026-12-20T09:00", "2026-12-26T09:00", "2026-12-28T09:00"):
        assert sweep_at(day) == 0
    assert subjects(case.case_manager) == [] and not Determination.objects.exists()


def test_a_case_without_an_appointment_48_hours_after_the_initial_screening_gets_one_reminder(case):
    InitialScreening.objects.create(
        case=case,
        basic_information="b",
        shelter_needed=False,
        clothing_needed=False,
        food_needed=False,
        screened_at=site_time("2026-11-28T10:00"),
        screened_by=case.case_manager,
    )
    sweep_at("2026-11-30T09:59")
    assert subjects(case.case_manager) == []
    sweep_at("2026-11-30T10:00")
    sweep_at("2026-12-01T10:00")
    assert subjects(case.case_manager) == ["No assessment appointment 48 hours after the initial screening"]


def test_the_deadline_holds_across_the_change_to_daylight_saving_time(personas):
    # Diverted Feb 12, 2027 (PST); due by the end of Mar 14, the day clocks spring forward: the
    # deadline is midnight PDT, 07:00 UTC, not 08:00.
    referral = arrest_referral(officer=personas[Role.OFFICER], now=site_time("2027-02-12T12:00"))
    case = open_case(referral, case_manager=personas[Role.CASE_MANAGER], now=site_time("2027-02-12T12:30"))
    assert case.assessment_due_on == datetime.date(2027, 3, 14)
    assert case.assessment_due_at == datetime.datetime(2027, 3, 15, 7, 0, tzinfo=datetime.UTC)  # midnight PDT
    deadlines.sweep(now=datetime.datetime(2027, 3, 15, 6, 59, tzinfo=datetime.UTC))
    assert not Determination.objects.exists()
    deadlines.sweep(now=datetime.datetime(2027, 3, 15, 7, 0, tzinfo=datetime.UTC))
    assert Determination.objects.count() == 1


def test_two_claims_and_two_runs_give_each_effect_once(case):
    now = site_time("2026-12-28T09:00")
    deadlines.claim(now=now)
    deadlines.claim(now=now)
    run = SweepRun.objects.create(started_at=now)
    assert deadlines.carry_out(now=now, run=run) == 1
    assert deadlines.carry_out(now=now, run=run) == 0
    assert Determination.objects.count() == 1
    assert subjects(case.case_manager) == ["An assessment is overdue"]


def test_the_sweep_runs_the_same_queries_for_one_case_or_fifty(personas):
    def due_cases(count):
        for n in range(count):
            referral = arrest_referral(officer=personas[Role.OFFICER], first_name=f"P{n}", now=DIVERTED)
            open_case(referral, case_manager=personas[Role.CASE_MANAGER], now=DIVERTED)

    def queries(text):
        now = site_time(text)
        with CaptureQueriesContext(connection) as captured:
            deadlines.sweep(now=now)
        return len(captured)

    due_cases(1)
    one = queries("2026-12-28T09:00")
    Notification.objects.all().delete()
    Determination.objects.all().delete()
    from cases.models import DeadlineNotice

    DeadlineNotice.objects.all().delete()
    due_cases(49)
    assert queries("2026-12-28T09:00") == one


def test_the_director_sees_when_the_sweep_last_finished_and_what_is_due(case, personas):
    from django.urls import reverse

    from tests.conftest import signed_in_client

    now = site_time("2026-12-28T09:00")
    with time_machine.travel(now, tick=False):
        client = signed_in_client(personas[Role.DIRECTOR])
        assert "The deadline sweep has not run yet" in client.get(reverse("home")).content.decode()
        deadlines.sweep(now=now)
        page = client.get(reverse("home")).content.decode()
    assert "Deadline sweep: last finished" in page and "it carried out 1 reminder or escalation." in page
    assert "Overdue</span>" in page


def test_operators_run_one_sweep_with_a_command(case):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    with time_machine.travel(site_time("2026-12-28T09:00"), tick=False):
        call_command("sweep_deadlines", stdout=out)
    assert out.getvalue().strip() == "Deadline sweep done: 1 effect carried out."
    assert Determination.objects.count() == 1
