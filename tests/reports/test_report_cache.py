"""The figures of a period that ended before today come from the cache for a day
(reports/metrics.py, `_cached`; docs/reports.md, "Figures of closed periods"); an open period's
are counted at each view, and so are the figures of today in a cached report."""

import datetime

import pytest
import time_machine

from cases.services.casefile import case_close
from eligibility.models import Screening
from reports import metrics
from reports.suppression import SMALL
from tests.factories import AgencyFactory, ScreeningFactory, open_case
from tests.helpers import clock_at

NOW = datetime.datetime(2026, 12, 10, 20, 0, tzinfo=datetime.UTC)
NOVEMBER = metrics.Filters(start=datetime.date(2026, 11, 1), end=datetime.date(2026, 11, 30))
DECEMBER = metrics.Filters(start=datetime.date(2026, 12, 1), end=datetime.date(2026, 12, 31))
IN_NOVEMBER = datetime.datetime(2026, 11, 10, 18, 0, tzinfo=datetime.UTC)
IN_DECEMBER = datetime.datetime(2026, 12, 3, 18, 0, tzinfo=datetime.UTC)

clock = clock_at(NOW)


def value(report, key, label):
    table = next(t for _, tables in report for t in tables if t.key == key)
    return next(r.values for r in table.rows if r.label == label)


def screened(agency, at):
    return ScreeningFactory(
        agency=agency, outcome=Screening.Outcome.ELIGIBLE, status=Screening.Status.REFERRED, screened_at=at
    )


@pytest.fixture
def police(db):
    return AgencyFactory(name="Harbor City Police Department")


def test_a_closed_periods_figures_come_from_the_cache_for_a_day(police, clock):
    screened(police, IN_NOVEMBER)
    assert value(metrics.director_report(NOVEMBER, NOW), "screenings", "All screenings") == [1, 0]
    screened(police, IN_NOVEMBER)  # entered late, into the closed period
    later = NOW + datetime.timedelta(hours=23)
    clock.move_to(later)
    assert value(metrics.director_report(NOVEMBER, later), "screenings", "All screenings") == [1, 0]
    # Another filter is another entry: counted now.
    other = metrics.Filters(start=NOVEMBER.start, end=NOVEMBER.end, agency_id=police.pk)
    assert value(metrics.director_report(other, later), "screenings", "All screenings") == [2, 0]
    after = NOW + metrics.CLOSED_PERIOD_SECONDS * datetime.timedelta(seconds=1) + datetime.timedelta(seconds=1)
    clock.move_to(after)
    assert value(metrics.director_report(NOVEMBER, after), "screenings", "All screenings") == [2, 0]


def test_an_open_periods_figures_are_counted_at_each_view(police):
    screened(police, IN_DECEMBER)
    assert value(metrics.director_report(DECEMBER, NOW), "screenings", "All screenings") == [1, 0]
    screened(police, IN_DECEMBER)
    assert value(metrics.director_report(DECEMBER, NOW), "screenings", "All screenings") == [2, 0]


def test_a_cached_report_counts_the_figures_of_today_again(police):
    with time_machine.travel(IN_NOVEMBER, tick=False):
        case = open_case()  # never reached since: in the wind today
    report = metrics.director_report(NOVEMBER, NOW)
    assert value(report, "program", "Open cases") == [1] and value(report, "cases", metrics.WIND_TODAY)[0] == 1
    assert value(metrics.aggregate_report(NOVEMBER, NOW), "cases", metrics.WIND_TODAY)[0] == SMALL
    case_close(case=case, by=case.case_manager, reason="moved", note="", now=NOW)
    report = metrics.director_report(NOVEMBER, NOW)
    assert value(report, "program", "Open cases") == [0] and value(report, "cases", metrics.WIND_TODAY)[0] == 0
    assert value(report, "cases", "Opened") == [1, 0]  # the period's own figure, from the cache
    assert value(metrics.aggregate_report(NOVEMBER, NOW), "cases", metrics.WIND_TODAY)[0] == 0
