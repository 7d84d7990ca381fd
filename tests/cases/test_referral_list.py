"""The referral list's sorting and day ranges (issue 18, lead/listing.py): each column sorts the
rows both ways from its header, the filters, the sort and the pages keep one another, days are
whole days in the site's time zone, and a bad address is the default list, never an error."""

import csv
import datetime
import io
import re

import pytest

from cases.models import Participant, Referral
from lead.roles import Role
from lead.system.models import SiteConfiguration
from tests.conftest import signed_in_client
from tests.factories import AgencyFactory, UserFactory, arrest_referral, bulk_reference, social_referral
from tests.helpers import clock_at, queries_to_get

pytestmark = pytest.mark.django_db

# 10:00 on Tuesday, March 10, 2026 in Harbor County (America/Los_Angeles, UTC-7 since March 8).
NOW = datetime.datetime(2026, 3, 10, 17, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)

clock = clock_at(NOW)

URL = "/referrals/"  # cases:referral-list


def references(response) -> list[str]:
    """The references of the list's rows, top to bottom."""
    assert response.status_code == 200
    return re.findall(r'<span class="lead-reference">([^<]+)</span>', response.content.decode())


@pytest.fixture
def three(personas, outsider):
    """Three referrals whose every column sorts them differently; made in an order that is not
    their order in time, so that references (numbered as made) do not follow the time."""
    officer = personas[Role.OFFICER]
    c = social_referral(by=outsider, first_name="Cal", last_name="Moreno", now=NOW - 1 * DAY)  # L-2026-0001
    a = social_referral(by=officer, first_name="Ana", last_name="Zamora", now=NOW - 3 * DAY)  # L-2026-0002
    b = arrest_referral(officer=officer, first_name="Ben", last_name="Abbott", now=NOW - 2 * DAY)  # L-2026-0003
    return {"a": a, "b": b, "c": c}


# Ascending order of each column (descending is its reverse: ties, by kind, agency and status,
# are broken by the primary key, which reverses too). a: social, pending, Harbor City PD;
# b: arrest diversion, waiting for a case manager, Harbor City PD; c: social, pending, Far Valley.
ASCENDING = {
    "when": "abc",
    "reference": "cab",
    "person": "bca",  # Abbott, Moreno, Zamora
    "kind": "bca",  # arrest diversion, then the social referrals c and a (made in that order)
    "agency": "cab",  # Far Valley Police, then Harbor City Police Department's a and b
    "status": "bca",  # waiting for a case manager, then pending c and a
}


@pytest.mark.parametrize("key", ASCENDING)
def test_each_column_sorts_the_rows_both_ways(three, director, key):
    client = signed_in_client(director)
    expected = [three[name].reference for name in ASCENDING[key]]

    assert references(client.get(URL, {"sort": key})) == expected
    assert references(client.get(URL, {"sort": f"-{key}"})) == expected[::-1]


def test_the_list_is_newest_first_by_default_and_its_header_says_so(three, director):
    page = signed_in_client(director).get(URL)

    assert references(page) == [three[name].reference for name in "cba"]
    html = page.content.decode()
    # The sorted column's header says how, and its link turns the order round; the others sort
    # by themselves, ascending first.
    assert '<th scope="col" aria-sort="descending"><a class="lead-sort" href="?sort=when">When' in html
    assert '<a class="lead-sort" href="?sort=reference">Reference</a>' in html
    assert html.count("aria-sort=") == 1
    assert '<input type="hidden" name="sort" value="-when">' in html


def test_a_sorted_header_links_to_the_other_way_round(three, director):
    html = signed_in_client(director).get(URL, {"sort": "person"}).content.decode()

    assert '<th scope="col" aria-sort="ascending"><a class="lead-sort" href="?sort=-person">Person' in html
    assert '<a class="lead-sort" href="?sort=when">When</a>' in html

    html = signed_in_client(director).get(URL, {"sort": "-person"}).content.decode()
    assert '<th scope="col" aria-sort="descending"><a class="lead-sort" href="?sort=person">Person' in html


@pytest.mark.parametrize("sort", ["\x00", "-", "--when", "participant__ssn", "-participant__ssn", "pk", "", "WHEN"])
def test_a_sort_that_names_no_column_is_the_default_order(three, director, sort):
    page = signed_in_client(director).get(URL, {"sort": sort})

    assert references(page) == [three[name].reference for name in "cba"]
    assert '<input type="hidden" name="sort" value="-when">' in page.content.decode()


def test_the_reference_is_a_column(three, director):
    html = signed_in_client(director).get(URL).content.decode()

    assert '<td data-label="Reference"><span class="lead-reference">L-2026-0001</span></td>' in html


# Pages, filters and sort ----------------------------------------------------------------------


def social_referrals(count: int, *, by) -> list[Referral]:
    """`count` social contact referrals of `by`'s agency, made in bulk, named Person00 to PersonNN."""
    people = Participant.objects.bulk_create(
        Participant(first_name="Pat", last_name=f"Person{n:02d}", created_by=by) for n in range(count)
    )
    return Referral.objects.bulk_create(
        Referral(
            reference=bulk_reference(),
            kind=Referral.Kind.SOCIAL_CONTACT,
            status=Referral.Status.PENDING,
            participant=person,
            agency=by.agency,
            referred_by=by,
            created_at=NOW - datetime.timedelta(minutes=n),
            reason="r",
            known_needs="n",
        )
        for n, person in enumerate(people)
    )


def test_the_pages_keep_the_filters_and_the_sort(officer):
    made = social_referrals(30, by=officer)
    arrest_referral(officer=officer, last_name="Person00")  # filtered out by kind
    client = signed_in_client(officer)
    query = {"kind": "social_contact", "sort": "person"}

    first = client.get(URL, query)
    html = first.content.decode()
    assert references(first) == [r.reference for r in made[:25]]
    assert 'href="?kind=social_contact&amp;sort=person&amp;page=2"' in html
    # Filtering again keeps the order; sorting again keeps the filter and starts at page 1.
    assert '<input type="hidden" name="sort" value="person">' in html
    assert 'href="?kind=social_contact&amp;sort=-person"' in html

    second = client.get(URL, {**query, "page": "2"})
    assert references(second) == [r.reference for r in made[25:]]
    assert 'href="?kind=social_contact&amp;sort=person&amp;page=1"' in second.content.decode()


# Days ------------------------------------------------------------------------------------------


@pytest.fixture
def around_midnight(officer):
    """Referrals just before and just after midnight starting March 10 in Harbor County, and at
    the first instant of March 9 (07:00 UTC: the clocks went forward on March 8)."""
    midnight = datetime.datetime(2026, 3, 10, 7, 0, tzinfo=datetime.UTC)  # 00:00 on March 10, PDT
    return {
        "late": social_referral(by=officer, first_name="Late", now=midnight - datetime.timedelta(seconds=1)),
        "early": social_referral(by=officer, first_name="Early", now=midnight),
        "first": social_referral(by=officer, first_name="First", now=midnight - DAY),
        "before": social_referral(by=officer, first_name="Before", now=midnight - DAY - datetime.timedelta(seconds=1)),
    }


def named(page, referrals) -> set[str]:
    return {name for name, referral in referrals.items() if referral.reference in references(page)}


def test_a_day_range_is_whole_days_in_the_sites_time_zone(officer, around_midnight):
    client = signed_in_client(officer)

    march_9 = {"created_from": "2026-03-09", "created_until": "2026-03-09"}
    assert named(client.get(URL, march_9), around_midnight) == {"first", "late"}
    assert named(client.get(URL, {"created_from": "2026-03-10"}), around_midnight) == {"early"}
    assert named(client.get(URL, {"created_until": "2026-03-08"}), around_midnight) == {"before"}


def test_the_day_filters_are_labelled_with_a_hint(officer):
    html = signed_in_client(officer).get(URL).content.decode()

    assert 'for="id_created_from">Referred from' in html and 'for="id_created_until">Referred until' in html
    assert 'type="date" name="created_from"' in html
    assert "Day, as on a calendar" in html


def test_an_end_before_the_start_is_an_error_and_the_start_still_filters(officer, around_midnight):
    page = signed_in_client(officer).get(URL, {"created_from": "2026-03-10", "created_until": "2026-03-09"})

    html = page.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_created_until">Referred until: Enter a day on or after Mar 10, 2026' in html
    assert named(page, around_midnight) == {"early"}


@pytest.mark.parametrize("day", ["yesterday", "2026-02-30", "0202-03-09", "\x00"])
def test_a_bad_day_is_an_error_and_does_not_filter(officer, around_midnight, day):
    page = signed_in_client(officer).get(URL, {"created_until": day, "kind": "social_contact"})

    html = page.content.decode()
    assert 'href="#id_created_until">Referred until: ' in html
    assert named(page, around_midnight) == set(around_midnight)


# The download ---------------------------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_the_download_has_the_pages_filters_and_order_and_the_reference(three, director):
    response = signed_in_client(director).get(
        URL, {"kind": "social_contact", "created_from": "2026-03-07", "sort": "-person", "format": "csv"}
    )

    rows = csv_rows(response)
    assert rows[1] == ["When", "Reference", "Person", "Kind", "Stage", "From", "Status"]
    # a (Zamora) then c (Moreno); b is an arrest diversion, filtered out.
    assert [row[1:3] for row in rows[2:]] == [["L-2026-0002", "Ana Zamora"], ["L-2026-0001", "Cal Moreno"]]


def test_the_download_links_keep_the_sort(three, director):
    html = signed_in_client(director).get(URL, {"status": "pending", "sort": "agency"}).content.decode()

    assert 'href="?status=pending&amp;sort=agency&amp;format=csv"' in html


# Queries ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OFFICER, Role.DIRECTOR])
@pytest.mark.parametrize("sort", ["-when", "person", "-agency", "reference", "status"])
def test_every_order_runs_the_same_queries_for_one_referral_or_30(personas, role, sort):
    officer = personas[Role.OFFICER]
    url = f"{URL}?sort={sort}&created_from=2026-03-01&created_until=2026-03-10"
    SiteConfiguration.current()  # created on first use: not part of what is measured

    def queries():
        return queries_to_get(signed_in_client(personas[role]), url)

    social_referrals(1, by=officer)
    one = queries()
    social_referrals(29, by=UserFactory(agency=officer.agency, roles=[Role.OFFICER]))
    social_referrals(3, by=UserFactory(agency=AgencyFactory(), roles=[Role.OFFICER]))
    assert queries() == one
