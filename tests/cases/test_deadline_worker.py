"""The deadline sweep on a real Celery worker and the configured broker (Redis in CI), not eager
mode: escalation once from queued sweeps, two sweeps at the same time, and a worker killed with
SIGKILL in the middle of a sweep."""

import datetime
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone

from cases import deadlines
from cases.models import DeadlineNotice, Determination, SweepRun
from cases.tasks import deadline_sweep
from lead.celery import app
from lead.notifications.models import Notification
from lead.roles import Role
from tests.factories import arrest_referral, open_case
from tests.workers import ROOT, site_env, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def overdue_case(personas):
    """A case whose assessment was due by the end of yesterday, real time (the worker's clock)."""
    diverted = timezone.now() - datetime.timedelta(days=32)
    referral = arrest_referral(officer=personas[Role.OFFICER], now=diverted)
    return open_case(referral, case_manager=personas[Role.CASE_MANAGER], now=diverted)


def assert_escalated_once(case):
    assert Determination.objects.filter(case=case, kind="assessment_overdue").count() == 1
    assert Notification.objects.filter(user=case.case_manager, subject="An assessment is overdue").count() == 1
    assert DeadlineNotice.objects.filter(case=case, kind="overdue").count() == 1


def test_sweeps_queued_twice_on_a_real_worker_escalate_the_overdue_case_once(overdue_case):
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        deadline_sweep.delay()
        deadline_sweep.delay()
        # At least two: the broker may still hold a sweep queued by an earlier run (a killed
        # worker's message comes back), and any number of sweeps must give one escalation.
        wait_for(lambda: SweepRun.objects.filter(finished_at__isnull=False).count() >= 2, "two finished sweeps")
    assert_escalated_once(overdue_case)


def test_two_sweeps_at_the_same_time_carry_out_each_effect_once(overdue_case):
    start = threading.Barrier(2)
    errors = []

    def run():
        try:
            start.wait()
            deadlines.sweep(now=timezone.now())
        except Exception as error:  # reported below: a thread's exception would vanish
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert_escalated_once(overdue_case)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs row-level locks to stop the worker mid-sweep (CI runs it)"
)
def test_a_worker_killed_in_the_middle_of_a_sweep_leaves_the_next_sweep_to_finish_without_duplicates(overdue_case):
    now = timezone.now()
    notice = {"case": overdue_case, "kind": "overdue", "due_on": overdue_case.assessment_due_on, "days_before": 0}
    worker = None
    try:
        with transaction.atomic():
            # An uncommitted claim of the same effect: the worker's claim waits on it, mid-sweep.
            DeadlineNotice.objects.create(claimed_at=now, **notice)
            deadline_sweep.delay()
            worker = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "lead", "worker", "--pool=solo", "--loglevel=WARNING"],
                cwd=ROOT,
                env=site_env(),
                start_new_session=True,
            )
            wait_for(
                lambda: SweepRun.objects.filter(finished_at__isnull=True).exists(), "the worker to start its sweep", 60
            )
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(30)
            raise RuntimeError("roll back the blocking claim")
    except RuntimeError:
        pass
    finally:
        if worker and worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    assert SweepRun.objects.filter(finished_at__isnull=True).count() == 1  # the killed one never finished
    assert not Determination.objects.exists()
    deadlines.sweep(now=timezone.now())
    deadlines.sweep(now=timezone.now())
    assert_escalated_once(overdue_case)


def test_beat_and_a_worker_in_their_own_processes_escalate_an_overdue_case_once(overdue_case):
    """Beat queues the sweep every three seconds here; however many sweeps run, one escalation."""
    env = site_env() | {"LEAD_SWEEP_MINUTES": "0.05", "LEAD_HEARTBEAT_SECONDS": "3600"}
    schedule = Path(settings.VAR_DIR) / f"beat-test-{os.getpid()}"
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "lead", "worker", "--pool=solo", "--loglevel=WARNING"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        ),
        subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "lead", "beat", "--loglevel=WARNING", "--schedule", str(schedule)],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        ),
    ]
    try:
        wait_for(lambda: SweepRun.objects.filter(finished_at__isnull=False).count() >= 3, "three sweeps from beat", 90)
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(30)
    assert_escalated_once(overdue_case)
