"""The outbox against real Celery processes, a real broker and a real SMTP server
(scripts/smtp_sink.py): e-mail survives a worker killed right after the sweep's commit, database
connections dropped while e-mails drain, and a broker stopped during a POST; a hanging mail server
does not delay the deadline sweep. docs/reliability.md says what each proves."""

import datetime
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Referral, SweepRun
from lead.celery import app
from lead.outbox.models import OutboxMessage
from lead.roles import Role
from scripts.smtp_sink import SmtpSink
from tests.conftest import signed_in_client
from tests.factories import arrest_referral, on_call, open_case
from tests.workers import celery, site_env, stop, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="drops the worker's PostgreSQL connections (CI runs it)"
)


def beat(env: dict, tmp_path: Path) -> subprocess.Popen:
    """Beat queuing the outbox's delivery every second (and nothing else soon)."""
    env = env | {"LEAD_OUTBOX_SECONDS": "1", "LEAD_SWEEP_MINUTES": "60", "LEAD_HEARTBEAT_SECONDS": "3600"}
    return celery("beat", "--schedule", str(tmp_path / "beat-schedule"), env=env)


def purge(queue: str, broker: str | None = None) -> None:
    with app.connection_for_write(broker) as conn:
        conn.default_channel.queue_purge(queue)


def all_delivered(sink: SmtpSink):
    expected = {m.message_id for m in OutboxMessage.objects.all()}
    return lambda: expected <= set(sink.message_ids()) and not OutboxMessage.objects.exclude(status="sent").exists()


def assert_each_delivered_and_duplicates_counted(sink: SmtpSink):
    received = sink.message_ids()
    messages = list(OutboxMessage.objects.all())
    assert messages, "the scenario wrote no e-mail"
    assert {m.message_id for m in messages} == set(received)
    assert all(m.status == "sent" for m in messages)
    interrupted = OutboxMessage.objects.aggregate(n=Sum("interrupted"))["n"]
    assert len(received) - len(set(received)) <= interrupted  # every duplicate is counted


@pytest.fixture
def overdue_cases(personas):
    """Ten cases whose assessment was due by the end of yesterday, real time (the workers' clock)."""
    diverted = timezone.now() - datetime.timedelta(days=32)
    return [
        open_case(
            arrest_referral(officer=personas[Role.OFFICER], last_name=f"Reyes{i}", now=diverted),
            case_manager=personas[Role.CASE_MANAGER],
            now=diverted,
        )
        for i in range(10)
    ]


def test_a_worker_killed_right_after_the_sweep_commits_loses_no_email(overdue_cases, tmp_path):
    with SmtpSink() as sink:
        env = site_env(smtp_port=sink.port)
        purge("outbox")
        sweeper = celery("worker", "--pool=solo", "--queues=celery", env=env)
        try:
            app.send_task("cases.tasks.deadline_sweep")
            wait_for(lambda: SweepRun.objects.filter(finished_at__isnull=False).exists(), "the sweep to commit", 60)
            os.killpg(sweeper.pid, signal.SIGKILL)  # with whatever it had yet to do after the commit
        finally:
            stop(sweeper, sig=signal.SIGKILL)
        assert OutboxMessage.objects.filter(status="pending").count() >= len(overdue_cases)
        purge("outbox")  # the nudges after the commit are lost too: the beat's delivery is enough
        processes = [celery("worker", "--pool=solo", "--queues=outbox", env=env), beat(env, tmp_path)]
        try:
            wait_for(all_delivered(sink), "every e-mail", 90)
        finally:
            stop(*processes)
    assert_each_delivered_and_duplicates_counted(sink)


def users_with_pending_email(personas, n: int) -> None:
    now = timezone.now()
    users = list(personas.values())
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            user=users[i % len(users)], subject=f"[LEAD] Reminder {i}", body="Open LEAD.", created_at=now, due_at=now
        )
        for i in range(n)
    )


@postgres_only
def test_database_connections_dropped_while_emails_drain_lose_no_email(personas, tmp_path):
    users_with_pending_email(personas, 400)
    with SmtpSink() as sink:
        env = site_env(smtp_port=sink.port)
        processes = [celery("worker", "--pool=solo", "--queues=outbox", env=env), beat(env, tmp_path)]
        try:
            drained = all_delivered(sink)
            deadline = time.monotonic() + 120
            drops = 0
            while not drained():
                assert time.monotonic() < deadline, f"{len(set(sink.message_ids()))} of 400 delivered"
                if sink.message_ids() and drops < 15:  # while they drain, as a PostgreSQL restart would
                    with connection.cursor() as cursor:
                        cursor.execute(
                            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                        )
                        drops += cursor.fetchone()[0]
                time.sleep(0.3)
        finally:
            stop(*processes)
    assert drops > 0, "no connection was dropped while the e-mails drained"
    assert_each_delivered_and_duplicates_counted(sink)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def own_redis(monkeypatch, tmp_path):
    """A Redis server of this test's own, which the web side publishes to; `own_redis.stop()` and
    `.start()` take it down and up again on the same port."""
    server = shutil.which("redis-server")
    assert server, "redis-server is needed (the set-up's Redis package)"
    port = free_port()

    class OwnRedis:
        url = f"redis://127.0.0.1:{port}/0"
        process = None

        def start(self):
            self.process = subprocess.Popen(
                [
                    server,
                    "--port",
                    str(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(tmp_path),
                ],
                stdout=subprocess.DEVNULL,
            )
            wait_for(lambda: _answers(port), "the test's Redis", 10)

        def stop(self):
            self.process.terminate()
            self.process.wait(10)

    redis = OwnRedis()
    redis.start()
    monkeypatch.setitem(app.conf, "broker_url", redis.url)
    monkeypatch.setattr(app, "_pool", None)  # the producers connect afresh, to this broker
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    yield redis
    if redis.process.poll() is None:
        redis.stop()


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def test_a_broker_stopped_during_a_post_gives_success_and_the_email_arrives_later(
    personas, own_redis, settings, tmp_path
):
    settings.LEAD_EMAIL_NOTIFICATIONS = True
    case_manager = personas[Role.CASE_MANAGER]
    on_call(case_manager)
    referral = arrest_referral(officer=personas[Role.OFFICER])
    own_redis.stop()
    response = signed_in_client(case_manager).post(
        reverse("cases:handoff-accept", args=[referral.public_id]),
        {"meeting_place_kind": "station", "meeting_place": "Precinct 2"},
    )
    assert response.status_code == 302  # the case opened, and the user is told so
    assert Case.objects.filter(referral=referral).exists()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CASE_OPEN
    officers = OutboxMessage.objects.filter(user=personas[Role.OFFICER])
    assert officers.get().status == "pending"
    own_redis.start()
    with SmtpSink() as sink:
        env = site_env(smtp_port=sink.port, broker=own_redis.url)
        processes = [celery("worker", "--pool=solo", "--queues=outbox", env=env), beat(env, tmp_path)]
        try:
            wait_for(all_delivered(sink), "the officer's e-mail", 60)
        finally:
            stop(*processes)
    assert officers.get().message_id in sink.message_ids()


def test_a_mail_server_that_never_answers_does_not_delay_the_deadline_sweep(overdue_cases, tmp_path):
    with SmtpSink(hang=True) as sink:
        env = site_env(smtp_port=sink.port, LEAD_EMAIL_TIMEOUT="5")
        users_with_pending_email({"one": overdue_cases[0].case_manager}, 3)
        purge("outbox")
        purge("celery")
        processes = [
            celery("worker", "--pool=solo", "--queues=celery", env=env),
            celery("worker", "--pool=solo", "--queues=outbox", "--hostname=mailer@%h", env=env),
        ]
        try:
            app.send_task("lead.outbox.tasks.outbox_deliver")
            wait_for(lambda: OutboxMessage.objects.filter(attempts=1).exists(), "the mailer to try the server", 60)
            app.send_task("cases.tasks.deadline_sweep")
            wait_for(lambda: SweepRun.objects.filter(finished_at__isnull=False).exists(), "the sweep", 30)
            # The sweep finished while the mailer still waited for the server's first answer...
            assert not OutboxMessage.objects.filter(failures__gt=0).exists()
            # ...which it stops waiting for after LEAD_EMAIL_TIMEOUT, to try again later.
            wait_for(lambda: OutboxMessage.objects.filter(failures=1).exists(), "the mail server's timeout", 30)
        finally:
            stop(*processes)
    tried = list(OutboxMessage.objects.filter(failures__gt=0))
    assert tried and all(m.status == "pending" and m.due_at > timezone.now() for m in tried)  # to retry later
    assert sink.message_ids() == []
