"""Celery against a real worker and the configured broker (Redis in CI), not eager mode."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from lead.celery import app
from lead.system.models import Heartbeat
from lead.system.tasks import heartbeat


@pytest.fixture
def worker(transactional_db):
    # The worker runs in a thread of this process and shares the test database.
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield


@pytest.mark.worker
def test_a_real_worker_runs_the_heartbeat_from_the_broker(worker):
    heartbeat.delay()
    deadline = time.monotonic() + 30
    while not Heartbeat.objects.filter(name="worker").exists():
        assert time.monotonic() < deadline, f"no heartbeat from the worker on {settings.CELERY_BROKER_URL}"
        time.sleep(0.2)


def test_beat_queues_the_heartbeat_periodically():
    entry = settings.CELERY_BEAT_SCHEDULE["heartbeat"]
    assert entry["task"] == heartbeat.name
    assert entry["schedule"] <= 300
