"""A waiting page's polls (lead/live.py) are not the user's activity: a page left open is signed
out after the idle timeout like any other, and the poll that finds the session ended has the page
reload, so that it goes to the sign-in page with the reason, not into the status region."""

import datetime

import time_machine
from django.urls import reverse

from lead.live import POLL_HEADER
from lead.users.middleware import LAST_SEEN_AT
from tests.conftest import signed_in_client

START = datetime.datetime(2026, 11, 27, 18, 0, tzinfo=datetime.UTC)
MINUTES = datetime.timedelta(minutes=1)
POLL = {"headers": {POLL_HEADER: "1", "HX-Request": "true"}}
LIVE = reverse("home-handoffs")


def test_polls_do_not_count_as_activity(case_manager):
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in_client(case_manager)
        assert client.get(reverse("home")).status_code == 200
        for _ in range(10):
            clock.shift(2 * MINUTES)
            assert client.get(LIVE, **POLL).status_code in {200, 204}
        assert client.session[LAST_SEEN_AT] == START.isoformat()


def test_a_page_that_only_polls_is_signed_out_after_thirty_idle_minutes_and_reloads(case_manager):
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in_client(case_manager)
        assert client.get(reverse("home")).status_code == 200
        clock.shift(29 * MINUTES)
        assert client.get(LIVE, **POLL).status_code in {200, 204}
        clock.shift(2 * MINUTES)
        response = client.get(LIVE, **POLL)
        assert response.status_code == 204
        assert response["HX-Refresh"] == "true"
        page = client.get(reverse("home"), follow=True)
    assert "You were signed out: 30 minutes without activity" in page.content.decode()


def test_a_request_without_the_poll_header_still_counts(case_manager):
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in_client(case_manager)
        assert client.get(reverse("home")).status_code == 200
        clock.shift(2 * MINUTES)
        assert client.get(LIVE).status_code == 200
        assert client.session[LAST_SEEN_AT] == (START + 2 * MINUTES).isoformat()
