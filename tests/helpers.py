"""Helpers that several test modules share (fixtures every module may use are in conftest.py;
data is made by factories.py)."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext


def clock_at(moment):
    """An autouse fixture that stops time at `moment` for each test of the module that assigns it
    (`clock = clock_at(NOW)`); a test takes `clock` to move time on with `clock.shift(...)`."""

    @pytest.fixture(autouse=True)
    def clock():
        with time_machine.travel(moment, tick=False) as traveller:
            yield traveller

    return clock


def queries_to_get(client, url) -> int:
    """How many database queries one GET of `url` takes; the page must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)
