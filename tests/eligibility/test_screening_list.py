"""The screening list's sorting and day ranges (issue 18, lead/listing.py): each column sorts the
rows both ways from its header, the filters, the sort and the pages keep one another, days are
whole days in the site's time zone, and a bad address is the default list, never an error."""

import datetime
import re

import pytest

from eligibility.models import Screening
from lead.roles import Role
from lead.system.models import SiteConfiguration
from tests.conftest import signed_in_client
from tests.factories import AgencyFactory, ScreeningFactory, UserFactory
from tests.helpers import clock_at, queries_to_get

pytestmark = pytest.mark.django_db

# 10:00 on Tuesday, March 10, 2026 in Harbor County (America/Los_Angeles, UTC-7 since March 8).
NOW = datetime.datetime(2026, 3, 10, 17, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)

clock = clock_at(NOW)

URL = "/eligibility/screenings/"  # eligibility:screening-list


def report_numbers(response) -> list[str]:
    """The report numbers of the list's rows, top to bottom."""
    assert response.status_code == 200
    return re.findall(r'<td data-label="Report"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def screening(*, agency, officer_name, **fields) -> Screening:
    first, last = officer_name.split()
    officer = UserFactory(agency=agency, first_name=first, last_name=last, roles=[Role.OFFICER])
    return ScreeningFactory(agency=agency, officer=officer, **fields)


@pytest.fixture
def three(officer):
    """Three screenings that each column sorts differently."""
    harbor, alder, juniper = officer.agency, AgencyFactory(name="Alder Creek Police"), AgencyFactory(name="Juniper PD")
    return {
        "a": screening(
            agency=harbor,
            officer_name="Pat Young",
            report_number="26-000100",
            screened_at=NOW - 3 * DAY,
            outcome=Screening.Outcome.ELIGIBLE,
            status=Screening.Status.REFERRED,
        ),
        "b": screening(
            agency=alder,
            officer_name="Lou Lee",
            report_number="26-000300",
            screened_at=NOW - 2 * DAY,
            outcome=Screening.Outcome.INELIGIBLE,
            status=Screening.Status.ARRESTED,
        ),
        "c": screening(
            agency=juniper,
            officer_name="Sam Kim",
            report_number="26-000200",
            screened_at=NOW - 1 * DAY,
            outcome=Screening.Outcome.COORDINATE,
            status=Screening.Status.AWAITING_COORDINATION,
        ),
    }


# Ascending order of each column; descending is its reverse (no two rows tie).
ASCENDING = {
    "when": "abc",
    "report": "acb",
    "agency": "bac",  # Alder Creek, Harbor City, Juniper
    "officer": "cba",  # Kim, Lee, Young
    "outcome": "cab",  # coordinate, eligible, ineligible (as stored)
    "status": "bca",  # arrested, awaiting coordination, referred (as stored)
}


@pytest.mark.parametrize("key", ASCENDING)
def test_each_column_sorts_the_rows_both_ways(three, director, key):
    client = signed_in_client(director)
    expected = [three[name].report_number for name in ASCENDING[key]]

    assert report_numbers(client.get(URL, {"sort": key})) == expected
    assert report_numbers(client.get(URL, {"sort": f"-{key}"})) == expected[::-1]


def test_the_list_is_newest_first_by_default_and_its_header_says_so(three, director):
    page = signed_in_client(director).get(URL)

    assert report_numbers(page) == [three[name].report_number for name in "cba"]
    html = page.content.decode()
    assert '<th scope="col" aria-sort="descending"><a class="lead-sort" href="?sort=when">When' in html
    assert '<a class="lead-sort" href="?sort=officer">Officer</a>' in html
    assert html.count("aria-sort=") == 1
    assert '<input type="hidden" name="sort" value="-when">' in html


def test_a_sorted_header_links_to_the_other_way_round(three, director):
    client = signed_in_client(director)

    html = client.get(URL, {"sort": "report"}).content.decode()
    assert '<th scope="col" aria-sort="ascending"><a class="lead-sort" href="?sort=-report">Report' in html
    html = client.get(URL, {"sort": "-report"}).content.decode()
    assert '<th scope="col" aria-sort="descending"><a class="lead-sort" href="?sort=report">Report' in html


@pytest.mark.parametrize("sort", ["\x00", "-", "--when", "officer__password", "-agency__id", "pk", "", "When"])
def test_a_sort_that_names_no_column_is_the_default_order(three, director, sort):
    page = signed_in_client(director).get(URL, {"sort": sort})

    assert report_numbers(page) == [three[name].report_number for name in "cba"]
    assert '<input type="hidden" name="sort" value="-when">' in page.content.decode()


def test_the_pages_keep_the_filters_and_the_sort(officer):
    made = [
        ScreeningFactory(agency=officer.agency, officer=officer, report_number=f"26-{n:06d}", screened_at=NOW)
        for n in range(30)
    ]
    ScreeningFactory(
        agency=officer.agency, officer=officer, report_number="26-000000x", outcome="ineligible", status="arrested"
    )  # filtered out by outcome
    client = signed_in_client(officer)
    query = {"outcome": "eligible", "sort": "report"}

    first = client.get(URL, query)
    html = first.content.decode()
    assert report_numbers(first) == [s.report_number for s in made[:25]]
    assert 'href="?outcome=eligible&amp;sort=report&amp;page=2"' in html
    # Filtering again keeps the order; sorting again keeps the filter and starts at page 1.
    assert '<input type="hidden" name="sort" value="report">' in html
    assert 'href="?outcome=eligible&amp;sort=-report"' in html

    second = client.get(URL, {**query, "page": "2"})
    assert report_numbers(second) == [s.report_number for s in made[25:]]
    assert 'href="?outcome=eligible&amp;sort=report&amp;page=1"' in second.content.decode()


# Days ------------------------------------------------------------------------------------------


@pytest.fixture
def around_midnight(officer):
    """Screenings just before and just after midnight starting March 10 in Harbor County, and at
    the first instant of March 9 and just before it (07:00 and 08:00 UTC: the clocks went forward
    on March 8, between them)."""
    midnight = datetime.datetime(2026, 3, 10, 7, 0, tzinfo=datetime.UTC)  # 00:00 on March 10, PDT
    moments = {
        "late": midnight - datetime.timedelta(seconds=1),
        "early": midnight,
        "first": midnight - DAY,
        "before": midnight - DAY - datetime.timedelta(seconds=1),
    }
    return {
        name: ScreeningFactory(agency=officer.agency, officer=officer, report_number=name, screened_at=at)
        for name, at in moments.items()
    }


def named(page) -> set[str]:
    return set(report_numbers(page))


def test_a_day_range_is_whole_days_in_the_sites_time_zone(officer, around_midnight):
    client = signed_in_client(officer)

    assert named(client.get(URL, {"screened_from": "2026-03-09", "screened_until": "2026-03-09"})) == {"first", "late"}
    assert named(client.get(URL, {"screened_from": "2026-03-10"})) == {"early"}
    assert named(client.get(URL, {"screened_until": "2026-03-08"})) == {"before"}


def test_the_day_filters_are_labelled_with_a_hint(officer):
    html = signed_in_client(officer).get(URL).content.decode()

    assert 'for="id_screened_from">Screened from' in html and 'for="id_screened_until">Screened until' in html
    assert 'type="date" name="screened_until"' in html
    assert "Day, as on a calendar" in html


def test_an_end_before_the_start_is_an_error_and_the_start_still_filters(officer, around_midnight):
    page = signed_in_client(officer).get(URL, {"screened_from": "2026-03-10", "screened_until": "2026-03-09"})

    html = page.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_screened_until">Screened until: Enter a day on or after Mar 10, 2026' in html
    assert named(page) == {"early"}


@pytest.mark.parametrize("day", ["yesterday", "2026-02-30", "20226-03-09", "\x00"])
def test_a_bad_day_is_an_error_and_does_not_filter(officer, around_midnight, day):
    page = signed_in_client(officer).get(URL, {"screened_from": day, "outcome": "eligible"})

    assert 'href="#id_screened_from">Screened from: ' in page.content.decode()
    assert named(page) == set(around_midnight)


# Queries ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OFFICER, Role.DIRECTOR])
@pytest.mark.parametrize("sort", ["-when", "report", "-agency", "officer", "outcome", "-status"])
def test_every_order_runs_the_same_queries_for_one_screening_or_30(officer, personas, role, sort):
    url = f"{URL}?sort={sort}&screened_from=2026-03-01&screened_until=2026-03-10"
    SiteConfiguration.current()  # created on first use: not part of what is measured

    def queries():
        return queries_to_get(signed_in_client(personas[role]), url)

    ScreeningFactory(agency=officer.agency)
    one = queries()
    ScreeningFactory.create_batch(30, agency=officer.agency)
    ScreeningFactory.create_batch(3)  # another agency's: the director's filter lists it
    assert queries() == one
