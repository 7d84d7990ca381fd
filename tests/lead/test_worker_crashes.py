"""A prefork pool process killed in the middle of a task: with reject on worker lost, the task goes
back to the queue and runs again (without it, Celery acknowledges it and it is gone)."""

import datetime
import os
import signal
import subprocess

import pytest
from django.db import connection, transaction
from django.utils import timezone

from cases.models import DeadlineNotice, Determination, SweepRun
from lead.celery import app
from lead.roles import Role
from tests.factories import arrest_referral, open_case
from tests.workers import celery, site_env, stop, wait_for

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row-level locks to hold the task (CI runs it)"),
]


def pool_processes(worker: subprocess.Popen) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(worker.pid)], capture_output=True, text=True).stdout.split()
    return [int(pid) for pid in found]


def test_a_pool_process_killed_mid_task_has_its_task_run_again(personas):
    diverted = timezone.now() - datetime.timedelta(days=32)
    case = open_case(
        arrest_referral(officer=personas[Role.OFFICER], now=diverted),
        case_manager=personas[Role.CASE_MANAGER],
        now=diverted,
    )
    worker = celery("worker", "--pool=prefork", "--concurrency=1", "--queues=celery", env=site_env())
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            # An uncommitted claim of the same effect: the sweep's claim waits on it, mid-task.
            DeadlineNotice.objects.create(
                case=case, kind="overdue", due_on=case.assessment_due_on, days_before=0, claimed_at=timezone.now()
            )
            app.send_task("cases.tasks.deadline_sweep")
            wait_for(lambda: SweepRun.objects.filter(finished_at__isnull=True).exists(), "the sweep to start", 60)
            wait_for(lambda: pool_processes(worker), "the worker's pool process", 10)
            for pid in pool_processes(worker):
                os.kill(pid, signal.SIGKILL)  # as the out-of-memory killer would
            raise RuntimeError("roll back the blocking claim")
        # The killed sweep's message went back to the queue; the worker's new pool process runs it.
        wait_for(lambda: SweepRun.objects.filter(finished_at__isnull=False).exists(), "the sweep to run again", 60)
    finally:
        stop(worker)
    assert Determination.objects.filter(case=case, kind="assessment_overdue").count() == 1
