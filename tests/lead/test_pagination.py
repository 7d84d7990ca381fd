"""Long lists count their rows only up to a cap (lead/pagination.py, issue 16): below it a list
says how many rows it has and how many pages, as Django's paginator did; above it, "More than
N", and every row is still reached with Next."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from eligibility.models import Screening
from lead import pagination
from lead.pagination import CappedPage
from tests.conftest import signed_in_client
from tests.factories import ScreeningFactory


@pytest.fixture
def screenings(officer):
    """Five screenings by the officer's agency, a minute apart, newest last."""
    start = timezone.now() - datetime.timedelta(hours=1)
    return [
        ScreeningFactory(agency=officer.agency, officer=officer, screened_at=start + datetime.timedelta(minutes=i))
        for i in range(5)
    ]


def newest_first(officer):
    return Screening.objects.filter(agency=officer.agency).order_by("-screened_at", "-id")


def test_a_list_below_the_cap_says_its_rows_and_pages(screenings, officer, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 5)
    page = CappedPage(newest_first(officer), "2", per_page=2)
    assert (page.paginator.label, page.paginator.num_pages) == ("5", 3)
    assert list(page) == [screenings[2], screenings[1]]
    assert page.has_previous() and page.has_next()
    # Past the last page of a counted list: the last page, as Django's paginator answers.
    assert list(CappedPage(newest_first(officer), "9", per_page=2)) == [screenings[0]]


def test_a_list_above_the_cap_says_more_than_the_cap_and_reaches_every_row(screenings, officer, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    first = CappedPage(newest_first(officer), None, per_page=2)
    assert (first.paginator.label, first.paginator.num_pages) == ("More than 3", None)
    last = CappedPage(newest_first(officer), "3", per_page=2)
    assert list(last) == [screenings[0]] and not last.has_next()
    # Hostile or absurd page numbers are the first page, never an error.
    for number in ("0", "-1", "x", "٣", "9" * 40):
        assert CappedPage(newest_first(officer), number, per_page=2).number == 1


def test_the_count_stops_at_the_cap(screenings, officer, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    with CaptureQueriesContext(connection) as captured:
        list(CappedPage(newest_first(officer), None, per_page=2))
    count = next(q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"])
    assert "LIMIT 4" in count
    assert len(captured) == 2  # the count and the page's rows, like Django's paginator


def test_the_screening_list_shows_more_than_the_cap_without_a_last_page(screenings, officer, monkeypatch):
    client = signed_in_client(officer)
    url = reverse("eligibility:screening-list")
    monkeypatch.setattr(pagination, "COUNT_CAP", 10)
    assert "5 screenings" in client.get(url).content.decode()
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    page = client.get(url).content.decode()
    assert "More than 3 screenings" in page
    assert screenings[-1].report_number in page and screenings[0].report_number in page


def test_the_referral_list_says_page_n_without_a_total_above_the_cap(officer, monkeypatch):
    from tests.factories import arrest_referral

    referrals = [arrest_referral(officer=officer, last_name=f"Reyes{i}") for i in range(26)]
    client = signed_in_client(officer)
    url = reverse("cases:referral-list")
    monkeypatch.setattr(pagination, "COUNT_CAP", 100)
    assert "Page 1 of 2" in client.get(url).content.decode()
    monkeypatch.setattr(pagination, "COUNT_CAP", 20)
    first = client.get(url).content.decode()
    assert "More than 20 referrals" in first and "Page 1<" in first and "page=2" in first
    second = client.get(url + "?page=2").content.decode()
    assert "Reyes0" in second and "Page 2<" in second and "page=3" not in second
    assert referrals[0].participant.last_name == "Reyes0"
