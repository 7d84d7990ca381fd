"""The caseloads: each case manager's open cases against the limit, overdue, in the wind and
contacts this month, for the supervisor of their provider and the director."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Contact
from lead.agencies.models import Agency
from lead.roles import Role
from lead.system.models import SiteConfiguration
from tests.conftest import signed_in_client
from tests.factories import AgencyFactory, UserFactory, arrest_referral, open_case, overdue

URL = reverse("cases:caseloads")


def lines(response) -> dict:
    return {
        line.case_manager.last_name: (line.open_cases, line.overdue, line.in_the_wind, line.contacts_this_month)
        for line in response.context["lines"]
    }


@pytest.fixture
def provider_team(personas):
    me = personas[Role.CASE_MANAGER]
    me.last_name = "Me"
    me.save()
    supervisor = UserFactory(agency=me.agency, roles=[Role.CASE_MANAGER], last_name="Boss", is_supervisor=True)
    far = UserFactory(
        agency=AgencyFactory(kind=Agency.Kind.SERVICE_PROVIDER), roles=[Role.CASE_MANAGER], last_name="Far"
    )
    now = timezone.now()
    first, second = (open_case(arrest_referral(), case_manager=me) for _ in range(2))
    overdue(first)
    Case.objects.filter(pk=second.pk).update(opened_at=now - datetime.timedelta(days=60))
    Contact.objects.create(case=first, kind="phone", reached=False, at=now, outcome="No answer", by=me)
    last_month = timezone.localtime(now).replace(day=1) - datetime.timedelta(days=3)
    Contact.objects.create(case=first, kind="phone", reached=False, at=last_month, outcome="No answer", by=me)
    closed = open_case(arrest_referral(), case_manager=me)
    Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED, closed_at=now)
    open_case(arrest_referral(), case_manager=far)
    return {"me": me, "supervisor": supervisor, "far": far}


def test_a_supervisor_sees_each_case_manager_of_the_provider(provider_team):
    response = signed_in_client(provider_team["supervisor"]).get(URL)
    assert lines(response) == {"Boss": (0, 0, 0, 0), "Me": (2, 1, 1, 1)}
    body = response.content.decode()
    assert f"?case_manager={provider_team['me'].pk}&amp;overdue=yes" in body  # to the cases behind the figure


def test_the_director_sees_every_case_manager(provider_team, personas):
    response = signed_in_client(personas[Role.DIRECTOR]).get(URL)
    assert set(lines(response)) == {"Boss", "Me", "Far"}


def test_a_case_manager_who_supervises_no_one_sees_their_own_line(provider_team):
    assert set(lines(signed_in_client(provider_team["me"]).get(URL))) == {"Me"}


def test_a_caseload_over_the_limit_is_flagged(provider_team):
    config = SiteConfiguration.current()
    config.caseload_limit = 1
    config.save()
    body = signed_in_client(provider_team["supervisor"]).get(URL).content.decode()
    assert "2 of 1" in body and "Over the limit" in body


def test_the_caseloads_run_the_same_queries_for_two_case_managers_and_twelve(provider_team):
    client = signed_in_client(provider_team["supervisor"])
    client.get(URL)

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(URL)
        return len(queries)

    two = count()
    for _ in range(10):
        manager = UserFactory(agency=provider_team["me"].agency, roles=[Role.CASE_MANAGER])
        open_case(arrest_referral(), case_manager=manager)
    assert count() == two
