"""Which referrals, cases and participants to find a user sees is answered by one query that
scopes by the records' fields or an EXISTS on the grant tables, never by the list of ids the
user holds (issue 16: at a 50,000-participant site that list made the first page of referrals
cost 800 ms instead of 45). Each check also proves the same people see the same rows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import OnCallShift
from cases.selectors import cases_visible_to, referrals_visible_to
from lead.agencies.models import Agency
from lead.roles import Role
from outreach.models import Assignment
from outreach.selectors import engaged_cases
from outreach.services.engagement import assignment_end
from tests.factories import AgencyFactory, UserFactory, arrest_referral, on_call, open_case, outreach_assignment

# A literal list of ids in the SQL: integers, quoted or not (guardian keeps keys as text), or
# uuids. A list of statuses ("status IN ('referred', ...)") is no list of ids.
ID = r"(?:'?\d+'?|'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')"
ID_LIST = re.compile(rf"IN \({ID}(?:, {ID})*\)")


@pytest.fixture
def site(personas):
    """Two police departments with their prosecuting offices; a diversion from each, taken by the
    case manager persona and by a case manager of another provider; a specialist on each case."""
    case_manager, outreach = personas[Role.CASE_MANAGER], personas[Role.OUTREACH]
    ours = personas[Role.OFFICER].agency
    ours.prosecuting_office = personas[Role.PROSECUTOR].agency
    ours.save()
    theirs = AgencyFactory(prosecuting_office=AgencyFactory(kind=Agency.Kind.PROSECUTOR))
    elsewhere = UserFactory(agency=AgencyFactory(kind=Agency.Kind.SERVICE_PROVIDER), roles=[Role.CASE_MANAGER])

    on_call(case_manager)
    mine = open_case(arrest_referral(officer=personas[Role.OFFICER]), case_manager=case_manager)
    OnCallShift.objects.all().delete()
    on_call(elsewhere)
    other = open_case(arrest_referral(agency=theirs), case_manager=elsewhere)
    outreach_assignment(mine, specialist=outreach)
    outreach_assignment(other)
    return {"mine": mine, "other": other}


def rows_and_sql(queryset):
    with CaptureQueriesContext(connection) as captured:
        rows = set(queryset)
    return rows, [query["sql"] for query in captured.captured_queries]


def assert_scoped_in_one_query(queryset, expected):
    rows, sql = rows_and_sql(queryset)
    assert rows == expected
    assert len(sql) == 1, sql
    assert not ID_LIST.search(sql[0]), sql[0]


@pytest.mark.parametrize(
    "role, sees",
    [(Role.OFFICER, {"mine"}), (Role.PROSECUTOR, {"mine"}), (Role.CASE_MANAGER, {"mine"}), (Role.OUTREACH, set())],
)
def test_referrals_are_scoped_in_one_query_without_a_list_of_ids(personas, site, role, sees):
    expected = {site[name].referral for name in sees}
    assert_scoped_in_one_query(referrals_visible_to(personas[role]), expected)


@pytest.mark.parametrize(
    "role, sees",
    [(Role.OFFICER, set()), (Role.PROSECUTOR, set()), (Role.CASE_MANAGER, {"mine"}), (Role.OUTREACH, set())],
)
def test_cases_are_scoped_in_one_query_without_a_list_of_ids(personas, site, role, sees):
    queryset = cases_visible_to(personas[role])
    expected = {site[name] for name in sees}
    if not sees:  # roles that see no case status get an empty queryset, which asks nothing
        assert set(queryset) == set()
        return
    assert_scoped_in_one_query(queryset, expected)


def test_the_participants_to_find_are_scoped_in_one_query_without_a_list_of_ids(personas, site):
    assert_scoped_in_one_query(engaged_cases(personas[Role.OUTREACH]), {site["mine"]})
    assert_scoped_in_one_query(engaged_cases(personas[Role.CASE_MANAGER]), set())


def test_an_ended_assignment_leaves_the_list_of_participants_to_find(personas, site):
    outreach = personas[Role.OUTREACH]
    assignment = Assignment.objects.get(specialist=outreach)
    assignment_end(assignment=assignment, by=personas[Role.CASE_MANAGER], now=timezone.now())
    assert_scoped_in_one_query(engaged_cases(outreach), set())
