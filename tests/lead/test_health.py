import datetime

import pytest
from django.test import Client
from django.utils import timezone

from cases.models import SweepRun
from lead.celery import app as celery_app


@pytest.fixture
def swept(db):
    now = timezone.now()
    return SweepRun.objects.create(started_at=now, finished_at=now)


def test_health_reports_database_and_broker_ok(swept):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["broker"] == "ok"


def test_health_fails_with_503_when_the_broker_is_unreachable(swept, monkeypatch):
    unreachable = "redis://127.0.0.1:9/0"  # nothing listens on port 9
    monkeypatch.setenv("CELERY_BROKER_URL", unreachable)  # Celery reads this variable before its settings
    monkeypatch.setitem(celery_app.conf, "broker_url", unreachable)
    monkeypatch.setitem(celery_app.conf, "broker_transport_options", {})
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["broker"], body["deadline_sweep"]) == (
        "failing",
        "ok",
        "failing",
        "ok",
    )


def test_health_shows_when_a_worker_last_ran_the_heartbeat(db):
    from django.utils import timezone

    from lead.system.services import heartbeat_record

    heartbeat_record(now=timezone.now())
    assert Client().get("/healthz").json()["worker_heartbeat"] is not None


def test_health_fails_when_no_deadline_sweep_finished_lately(db, settings):
    settings.LEAD_SWEEP_MAX_AGE_MINUTES = 30
    long_ago = timezone.now() - datetime.timedelta(minutes=31)
    SweepRun.objects.create(started_at=long_ago, finished_at=long_ago)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["deadline_sweep"] == "failing"
    assert response.json()["last_deadline_sweep"] == long_ago.isoformat()
