"""One bad row does not hold up the deadline sweep (issue 17): a notice whose effect fails is
quarantined with its error and retried after a backoff while every other effect is carried out, a
notification that exists already is no error, the sweep's record counts what its batches
committed even when it dies, and the director's home shows what waits for a retry."""

import contextlib
import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases import deadlines
from cases.models import DeadlineNotice, Determination, SweepRun
from lead.notifications.models import Notification
from lead.roles import Role
from tests.conftest import signed_in_client
from tests.factories import arrest_referral, open_case
from tests.helpers import queries_to_get

# Diverted at 15:30 on Friday, Nov 27, 2026, Harbor County time: due by the end of Sunday, Dec 27.
DIVERTED = datetime.datetime(2026, 11, 27, 23, 30, tzinfo=datetime.UTC)
OVERDUE = datetime.datetime(2026, 12, 28, 17, 0, tzinfo=datetime.UTC)  # 09:00 the day after
HOUR = datetime.timedelta(hours=1)
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def cases(personas):
    """Three cases of the case manager persona, each overdue at OVERDUE."""
    return [
        open_case(
            arrest_referral(officer=personas[Role.OFFICER], first_name=name, now=DIVERTED),
            case_manager=personas[Role.CASE_MANAGER],
            now=DIVERTED,
        )
        for name in ("Ana", "Ben", "Cy")
    ]


def sweep_at(now: datetime.datetime) -> int:
    with time_machine.travel(now, tick=False):
        return deadlines.sweep(now=now)


@contextlib.contextmanager
def poisoned(case):
    """Every notification about `case` is refused by the database, as a bad row would be."""
    table = Notification._meta.db_table
    pattern = f"deadline:%:{case.pk}:%"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"IF NEW.key LIKE '{pattern}' THEN RAISE EXCEPTION 'poisoned row'; END IF; RETURN NEW; END $$"
            )
            cursor.execute(f"CREATE TRIGGER poison BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION poison()")
        else:
            cursor.execute(
                f"CREATE TRIGGER poison BEFORE INSERT ON {table} WHEN NEW.key LIKE '{pattern}' "
                "BEGIN SELECT RAISE(ABORT, 'poisoned row'); END"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER poison ON {table}")
                cursor.execute("DROP FUNCTION poison()")
            else:
                cursor.execute("DROP TRIGGER poison")


def escalated(case) -> bool:
    return Determination.objects.filter(case=case, kind="assessment_overdue").exists()


def notice_of(case) -> DeadlineNotice:
    return DeadlineNotice.objects.get(case=case, kind="overdue")


def test_a_notice_whose_effect_fails_is_quarantined_and_every_other_effect_is_carried_out(cases):
    good, bad, other = cases
    with poisoned(bad):
        assert sweep_at(OVERDUE) == 2
    assert escalated(good) and escalated(other) and not escalated(bad)
    # The case manager and the referring officer of each of the two.
    assert Notification.objects.filter(key__startswith="deadline:overdue:").count() == 4
    notice = notice_of(bad)
    assert (notice.done_at, notice.failures, notice.failed_at, notice.retry_at) == (None, 1, OVERDUE, OVERDUE + HOUR)
    # The exception's class and its message, nothing of the rows.
    assert notice.error.endswith("Error: poisoned row"), notice.error
    assert SweepRun.objects.get().effects == 2
    assert Client().get("/healthz").json()["deadline_notices_quarantined"] == 1


def test_a_quarantined_notice_is_retried_after_its_backoff_and_not_before(cases):
    bad = cases[1]
    with poisoned(bad):
        sweep_at(OVERDUE)
    assert sweep_at(OVERDUE + HOUR - MINUTE) == 0
    assert not escalated(bad) and notice_of(bad).failures == 1
    assert sweep_at(OVERDUE + HOUR) == 1
    assert escalated(bad) and notice_of(bad).done_at == OVERDUE + HOUR
    assert Notification.objects.filter(key__startswith=f"deadline:overdue:{bad.pk}:").count() == 2


def test_each_failure_doubles_the_wait_up_to_a_day(cases):
    bad = cases[1]
    with poisoned(bad):
        for now in (OVERDUE, OVERDUE + HOUR, OVERDUE + 3 * HOUR):
            sweep_at(now)
    notice = notice_of(bad)
    assert (notice.failures, notice.retry_at) == (3, OVERDUE + 7 * HOUR)
    assert [deadlines.retry_delay(n) for n in (5, 6, 10)] == [16 * HOUR, 24 * HOUR, 24 * HOUR]


def test_a_notification_of_the_same_effect_that_exists_already_does_not_block_the_others(cases, personas):
    first = cases[0]
    key = f"deadline:overdue:{first.pk}:{first.assessment_due_on}"
    Notification.objects.create(user=personas[Role.CASE_MANAGER], subject="An assessment is overdue", key=key)
    assert sweep_at(OVERDUE) == 3
    assert all(escalated(case) for case in cases)
    assert Notification.objects.filter(user=personas[Role.CASE_MANAGER], key=key).count() == 1
    assert Notification.objects.filter(user=personas[Role.OFFICER], key=key).exists()
    assert not DeadlineNotice.objects.filter(done_at__isnull=True).exists()


def test_the_sweeps_record_counts_what_its_batches_committed_when_it_dies_in_the_next(cases, monkeypatch):
    monkeypatch.setattr(deadlines, "BATCH_SIZE", 1)
    effects = deadlines._effects
    calls = []

    def killed_in_the_second_batch(notices, now):
        calls.append(notices)
        if len(calls) == 2:
            raise SystemExit("the worker was killed")  # not an error of the row: nothing is quarantined
        return effects(notices, now)

    monkeypatch.setattr(deadlines, "_effects", killed_in_the_second_batch)
    with pytest.raises(SystemExit):
        sweep_at(OVERDUE)
    died = SweepRun.objects.get()
    assert (died.effects, died.finished_at) == (1, None)
    assert Determination.objects.count() == DeadlineNotice.objects.filter(done_at__isnull=False).count() == 1
    assert not DeadlineNotice.objects.filter(failures__gt=0).exists()
    monkeypatch.setattr(deadlines, "_effects", effects)
    assert sweep_at(OVERDUE + MINUTE) == 2
    assert SweepRun.objects.exclude(pk=died.pk).get().effects == 2
    assert Determination.objects.count() == 3


def test_the_director_sees_the_quarantined_notice_and_its_error_on_the_system_panel(cases, personas):
    bad = cases[1]
    with poisoned(bad):
        sweep_at(OVERDUE)
    with time_machine.travel(OVERDUE + MINUTE, tick=False):
        response = signed_in_client(personas[Role.DIRECTOR]).get(reverse("home"))
    page = response.content.decode()
    assert "System" in [panel.title for panel, _ in response.context["panels"]]
    assert "Deadline sweep: last finished" in page and "it carried out 2 reminders or escalations." in page
    assert "1 deadline notice could not be carried out and waits for a retry." in page
    link = reverse("cases:case-detail", args=[bad.public_id])
    assert f'<a href="{link}">Assessment overdue, due Dec 27</a>: ' in page and "poisoned row" in page
    assert "failed 1 time, last" in page
    assert timezone.localtime(OVERDUE + HOUR).strftime("%b %-d, %-I:%M") in page  # the next try


@pytest.mark.parametrize("role", [role for role in Role if role != Role.DIRECTOR])
def test_no_other_role_sees_the_system_panel(personas, role):
    response = signed_in_client(personas[role]).get(reverse("home"))
    assert "system" not in [panel.key for panel, _ in response.context["panels"]]


def test_the_directors_home_takes_the_same_queries_for_one_quarantined_notice_or_many(cases, personas):
    client = signed_in_client(personas[Role.DIRECTOR])
    with poisoned(cases[0]):
        sweep_at(OVERDUE)
    client.get(reverse("home"))  # the first page of a session does more
    one = queries_to_get(client, reverse("home"))
    DeadlineNotice.objects.filter(done_at__isnull=False).update(done_at=None, failures=1, failed_at=OVERDUE)
    assert DeadlineNotice.objects.filter(failures=1, done_at__isnull=True).count() == 3
    assert queries_to_get(client, reverse("home")) == one
