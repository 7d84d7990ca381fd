"""PostgreSQL restarting or out of reach (issue 17): a write that committed answers success though
the session cannot be saved after it; the idle timeout's bookkeeping saves the session at most once
a minute and idle sessions still end; while the database cannot be reached pages answer 503 with
Retry-After, and the site reconnects by itself once it is back."""

import datetime
import sqlite3
from contextlib import ExitStack, contextmanager

import psycopg
import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.core.signals import request_finished, request_started
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.urls import reverse
from psycopg import errors, sql

import home.views
from cases.models import CaseNote
from lead.errors import database_unreachable
from lead.users.middleware import LAST_SEEN_AT
from tests.conftest import signed_in_client
from tests.factories import consent_for, open_case

START = datetime.datetime(2026, 11, 27, 18, 0, tzinfo=datetime.UTC)
HOME = reverse("home")
SECONDS = datetime.timedelta(seconds=1)
MINUTES = datetime.timedelta(minutes=1)

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ends PostgreSQL's connections and reads its SQLSTATEs (CI runs it)"
)
# Connections ended from outside do not roll back into the test's transaction: each test cleans up.
outside_the_test_transaction = pytest.mark.django_db(transaction=True)


@pytest.fixture
def client(case_manager):
    client = signed_in_client(case_manager)
    client.raise_request_exception = False  # a server error answers as a browser sees it
    return client


@pytest.fixture
def connections_as_in_production(monkeypatch):
    """The site's connection handled as under gunicorn: kept between requests (CONN_MAX_AGE, which
    the test settings turn off) and looked at before and after each by close_old_connections,
    which drops a broken one and lets CONN_HEALTH_CHECKS test a kept one. The test client leaves
    that receiver out of its requests; this one, under another name, stays."""

    def close_old(**kwargs):
        close_old_connections()

    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    connection.close()
    request_started.connect(close_old, weak=False)
    request_finished.connect(close_old, weak=False)
    yield
    request_started.disconnect(close_old)
    request_finished.disconnect(close_old)
    connection.close()


@contextmanager
def admin_connection():
    """A connection of its own to the `postgres` database, which no test ends."""
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        yield admin


def backends_terminated(admin) -> None:
    """What a restart does to the site's connections; returns once their backends are gone."""
    admin.execute(
        "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = %s",
        [connection.settings_dict["NAME"]],
    )


@contextmanager
def database_down():
    """The database between a restart's stop and its start: every connection ended, new ones
    refused, until the block ends."""
    name = sql.Identifier(connection.settings_dict["NAME"])
    with admin_connection() as admin:
        admin.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS false").format(name))
        try:
            backends_terminated(admin)
            yield
        finally:
            admin.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS true").format(name))


# The idle timeout's bookkeeping ---------------------------------------------------------------


def test_the_last_activity_is_saved_at_most_once_a_minute(client):
    with time_machine.travel(START, tick=False) as clock:
        assert client.get(HOME).status_code == 200
        clock.shift(59 * SECONDS)
        assert client.get(HOME).status_code == 200
        assert client.session[LAST_SEEN_AT] == START.isoformat()
        clock.shift(1 * SECONDS)
        assert client.get(HOME).status_code == 200
        assert client.session[LAST_SEEN_AT] == (START + MINUTES).isoformat()


def test_a_user_with_a_request_every_59_seconds_stays_signed_in(client):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(32):  # half an hour and more
            assert client.get(HOME).status_code == 200
            clock.shift(59 * SECONDS)


def test_an_idle_session_ends_at_most_thirty_minutes_after_the_last_request(client):
    with time_machine.travel(START, tick=False) as clock:
        assert client.get(HOME).status_code == 200
        clock.shift(59 * SECONDS)
        assert client.get(HOME).status_code == 200  # not saved: within the minute
        clock.shift(30 * MINUTES - 58 * SECONDS)  # 30 minutes and a second after the last saved activity
        response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


# PostgreSQL restarting ------------------------------------------------------------------------


@on_postgresql
@outside_the_test_transaction
def test_a_note_that_committed_answers_success_though_the_session_save_after_it_fails(
    client, case_manager, connections_as_in_production, monkeypatch, caplog
):
    case = open_case(case_manager=case_manager)
    consent_for(case)
    add_note = reverse("cases:case-note-add", args=[case.public_id])
    save = SessionStore.save
    with time_machine.travel(START, tick=False) as clock:
        assert client.get(HOME).status_code == 200
        clock.shift(2 * MINUTES)  # the last activity is due to be saved again
        with ExitStack() as restart, monkeypatch.context() as patch:

            def save_during_a_restart(session, must_create=False):
                restart.enter_context(database_down())  # after the view's transaction committed
                return save(session, must_create)

            patch.setattr(SessionStore, "save", save_during_a_restart)
            response = client.post(add_note, {"text": "Met at the library."})
        assert response.status_code == 302
        assert "The session's last activity was not saved" in caplog.text
        assert CaseNote.objects.filter(case=case, text="Met at the library.").exists()
        assert "Progress note added." in client.get(response["Location"]).content.decode()


@on_postgresql
@outside_the_test_transaction
def test_pages_answer_503_while_the_database_is_unreachable_and_work_when_it_is_back(
    client, connections_as_in_production
):
    assert client.get(HOME).status_code == 200
    with database_down():
        for _ in range(2):  # the kept connection found broken, then a new one refused
            response = client.get(HOME)
            assert response.status_code == 503
            assert response["Retry-After"] == "30"
            assert "LEAD is back in a moment" in response.content.decode()
    assert client.get(HOME).status_code == 200


@on_postgresql
@outside_the_test_transaction
def test_a_restart_between_requests_goes_unnoticed_by_the_next_request(client, connections_as_in_production):
    assert client.get(HOME).status_code == 200
    kept = connection.connection.info.backend_pid
    with admin_connection() as admin:
        backends_terminated(admin)
    assert client.get(HOME).status_code == 200
    assert connection.connection.info.backend_pid != kept


@on_postgresql
def test_a_database_error_with_the_database_up_is_still_a_500(client, monkeypatch):
    def panels_with_a_wrong_query(user):
        with connection.cursor() as cursor:
            cursor.execute("SELECT no_such_column FROM django_session")

    monkeypatch.setattr(home.views, "panels_with_data", panels_with_a_wrong_query)
    response = client.get(HOME)
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong" in response.content.decode()


@pytest.mark.parametrize(
    ("error", "cause", "unreachable"),
    [
        (OperationalError, psycopg.OperationalError("connection failed: Connection refused"), True),
        (OperationalError, errors.ConnectionFailure(), True),  # 08006
        (OperationalError, errors.AdminShutdown(), True),  # 57P01: terminated by a restart
        (OperationalError, errors.CannotConnectNow(), True),  # 57P03: starting up
        (InterfaceError, psycopg.InterfaceError("the connection is closed"), True),
        (OperationalError, errors.QueryCanceled(), False),  # 57014: a statement timeout
        (OperationalError, errors.DeadlockDetected(), False),  # 40P01
        (OperationalError, sqlite3.OperationalError("database is locked"), True),  # the demo, busy
        (OperationalError, sqlite3.OperationalError("no such table: cases_case"), False),  # not migrated
    ],
)
def test_only_a_lost_or_refused_connection_counts_as_the_database_unreachable(error, cause, unreachable):
    wrapped = error(str(cause))
    wrapped.__cause__ = cause
    assert database_unreachable(wrapped) is unreachable
