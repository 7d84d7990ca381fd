from django.test import Client

from lead.celery import app as celery_app


def test_health_reports_database_and_broker_ok(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["broker"] == "ok"


def test_health_fails_with_503_when_the_broker_is_unreachable(db, monkeypatch):
    unreachable = "redis://127.0.0.1:9/0"  # nothing listens on port 9
    monkeypatch.setenv("CELERY_BROKER_URL", unreachable)  # Celery reads this variable before its settings
    monkeypatch.setitem(celery_app.conf, "broker_url", unreachable)
    monkeypatch.setitem(celery_app.conf, "broker_transport_options", {})
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "ok", "broker": "failing", "worker_heartbeat": None}


def test_health_shows_when_a_worker_last_ran_the_heartbeat(db):
    from django.utils import timezone

    from lead.system.services import heartbeat_record

    heartbeat_record(now=timezone.now())
    assert Client().get("/healthz").json()["worker_heartbeat"] is not None
