"""The case list: who sees which cases, filters by state, door, agency and dates, sorting in the
database, pages and downloads under the export rules."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Contact
from cases.services.referrals import social_referral_approve
from lead.agencies.models import Agency
from lead.audit.models import AccessEvent
from lead.exports import PART2_NOTICE
from lead.roles import Role
from tests.conftest import signed_in_client
from tests.factories import AgencyFactory, UserFactory, arrest_referral, open_case, overdue, social_referral

SITE = ZoneInfo("America/Los_Angeles")
URL = reverse("cases:case-list")


def names(response) -> list[str]:
    return [case.participant.last_name for case in response.context["page"]]


@pytest.fixture
def team(personas):
    """The case manager persona, a colleague and their supervisor at the same provider, and a
    case manager at another provider; one open case each, the persona's overdue."""
    me = personas[Role.CASE_MANAGER]
    provider = me.agency
    colleague = UserFactory(agency=provider, roles=[Role.CASE_MANAGER], last_name="Colleague")
    supervisor = UserFactory(agency=provider, roles=[Role.CASE_MANAGER], last_name="Boss", is_supervisor=True)
    elsewhere = UserFactory(
        agency=AgencyFactory(kind=Agency.Kind.SERVICE_PROVIDER), roles=[Role.CASE_MANAGER], last_name="Far"
    )
    mine = open_case(arrest_referral(last_name="Mine"), case_manager=me)
    overdue(mine)
    theirs = open_case(arrest_referral(last_name="Theirs"), case_manager=colleague)
    far = open_case(arrest_referral(last_name="Faraway"), case_manager=elsewhere)
    return {"me": me, "colleague": colleague, "supervisor": supervisor, "mine": mine, "theirs": theirs, "far": far}


def test_a_case_manager_starts_at_their_own_cases_and_may_widen_to_the_providers(team):
    client = signed_in_client(team["me"])
    assert names(client.get(URL)) == ["Mine"]
    widened = client.get(URL, {"case_manager": ""})
    assert sorted(names(widened)) == ["Mine", "Theirs"]  # never another provider's
    assert "Faraway" not in widened.content.decode()


def test_a_case_manager_cannot_ask_for_another_providers_case_manager(team):
    far_manager = team["far"].case_manager
    response = signed_in_client(team["me"]).get(URL, {"case_manager": far_manager.pk})
    assert response.status_code == 200
    assert "Choose one of the list&#x27;s options." in response.content.decode()
    assert "Faraway" not in names(response)


def test_a_supervisor_sees_the_providers_cases_and_filters_by_case_manager(team):
    client = signed_in_client(team["supervisor"])
    assert sorted(names(client.get(URL))) == ["Mine", "Theirs"]
    assert names(client.get(URL, {"case_manager": team["colleague"].pk})) == ["Theirs"]


def test_the_director_sees_every_case_newest_first(team, personas):
    client = signed_in_client(personas[Role.DIRECTOR])
    assert names(client.get(URL)) == ["Faraway", "Theirs", "Mine"]


def test_the_list_shows_state_next_step_and_reference(team):
    body = signed_in_client(team["me"]).get(URL).content.decode()
    assert team["mine"].reference in body
    assert "Overdue" in body
    assert "Record the initial screening" in body  # the next step of a referred case


def test_closed_cases_show_with_any_status_and_their_reason(team):
    Case.objects.filter(pk=team["mine"].pk).update(
        status=Case.Status.CLOSED, closed_at=timezone.now(), closed_reason=Case.Closing.MOVED
    )
    client = signed_in_client(team["me"])
    assert names(client.get(URL)) == []  # open cases by default
    response = client.get(URL, {"status": "any"})
    assert names(response) == ["Mine"]
    assert "Moved away" in response.content.decode()


def test_overdue_and_in_the_wind_filters_agree_with_the_case_page(team, personas):
    now = timezone.now()
    Case.objects.filter(pk=team["theirs"].pk).update(opened_at=now - datetime.timedelta(days=40))
    client = signed_in_client(personas[Role.DIRECTOR])
    assert names(client.get(URL, {"overdue": "yes"})) == ["Mine"]
    assert sorted(names(client.get(URL, {"overdue": "no"}))) == ["Faraway", "Theirs"]
    in_the_wind = client.get(URL, {"in_the_wind": "yes"})
    assert names(in_the_wind) == ["Theirs"]
    assert all(case.is_in_the_wind(now) for case in in_the_wind.context["page"])
    assert "In the wind" in in_the_wind.content.decode()


def test_the_door_and_the_referring_agency(team, personas):
    director = personas[Role.DIRECTOR]
    social = social_referral(by=director, last_name="Social")
    social_referral_approve(
        referral=social, by=director, case_manager=team["me"], outreach_plan="Meet at the library.", now=timezone.now()
    )
    client = signed_in_client(director)
    assert names(client.get(URL, {"door": "social_contact"})) == ["Social"]
    assert "Social" not in names(client.get(URL, {"door": "pre_arrest"}))
    agency = team["theirs"].referral.agency
    assert names(client.get(URL, {"agency": agency.pk})) == ["Theirs"]


def test_an_opened_until_day_takes_in_its_whole_evening_in_the_sites_time_zone(team, personas):
    late = datetime.datetime(2026, 11, 3, 23, 30, tzinfo=SITE)  # 07:30 UTC on the 4th
    Case.objects.filter(pk=team["theirs"].pk).update(opened_at=late)
    Case.objects.filter(pk=team["far"].pk).update(opened_at=late + datetime.timedelta(hours=1))
    client = signed_in_client(personas[Role.DIRECTOR])
    assert names(client.get(URL, {"opened_from": "2026-11-03", "opened_until": "2026-11-03"})) == ["Theirs"]
    assert names(client.get(URL, {"opened_from": "2026-11-04", "opened_until": "2026-11-04"})) == ["Faraway"]


def test_a_range_that_ends_before_it_starts_says_so_and_keeps_what_was_typed(personas, team):
    response = signed_in_client(personas[Role.DIRECTOR]).get(
        URL, {"opened_from": "2026-11-10", "opened_until": "2026-11-01"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and "on or after Nov 10, 2026" in body
    assert 'value="2026-11-10"' in body and 'value="2026-11-01"' in body


@pytest.mark.parametrize("value", ["20226-01-01", "0202-01-01", "not a day", "2026-02-30\x00"])
def test_an_impossible_day_is_an_error_not_a_server_error(personas, team, value):
    response = signed_in_client(personas[Role.DIRECTOR]).get(URL, {"due_from": value})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert len(names(response)) == 3  # the day is left out, the rest of the list stands


def test_sorting_by_a_column_both_ways(team, personas):
    client = signed_in_client(personas[Role.DIRECTOR])
    assert names(client.get(URL, {"sort": "person"})) == ["Faraway", "Mine", "Theirs"]
    assert names(client.get(URL, {"sort": "-person"})) == ["Theirs", "Mine", "Faraway"]
    # Due dates: the overdue case first; cases without one last, whichever way.
    Case.objects.filter(pk=team["far"].pk).update(assessment_due_on=None, assessment_due_at=None)
    assert names(client.get(URL, {"sort": "due"})) == ["Mine", "Theirs", "Faraway"]
    assert names(client.get(URL, {"sort": "-due"})) == ["Theirs", "Mine", "Faraway"]
    Case.objects.filter(pk=team["theirs"].pk).update(status=Case.Status.ASSESSED)
    assert names(client.get(URL, {"sort": "-status"}))[0] == "Theirs"


def test_the_sorted_header_says_so_and_links_to_the_other_way_keeping_the_filters(team, personas):
    response = signed_in_client(personas[Role.DIRECTOR]).get(URL, {"sort": "person", "overdue": "no", "page": "2"})
    body = response.content.decode()
    assert 'aria-sort="ascending"' in body
    assert 'href="?sort=-person&amp;overdue=no"' in body  # the other way, first page, same filter
    assert 'name="sort" value="person"' in body  # filtering keeps the order


@pytest.mark.parametrize("value", ["participant__date_of_birth", "-", "%00", "\x00person", "person;drop"])
def test_a_sort_the_list_does_not_know_is_the_default_order(team, personas, value):
    response = signed_in_client(personas[Role.DIRECTOR]).get(URL, {"sort": value})
    assert response.status_code == 200
    assert names(response) == ["Faraway", "Theirs", "Mine"]


def test_the_director_downloads_the_whole_filtered_list(team, personas):
    director = personas[Role.DIRECTOR]
    response = signed_in_client(director).get(URL, {"overdue": "no", "sort": "person", "format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == [PART2_NOTICE]
    assert rows[1][:3] == ["Reference", "Person", "Status"]
    assert [row[1].split()[-1] for row in rows[2:]] == ["Faraway", "Theirs"]
    assert AccessEvent.objects.filter(user=director, kind=AccessEvent.Kind.EXPORT).count() == 1


def test_a_case_managers_download_holds_only_their_own_cases(team):
    response = signed_in_client(team["supervisor"]).get(URL, {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[2:] == []  # the supervisor has no cases of their own, whatever the list shows
    own = signed_in_client(team["me"]).get(URL, {"case_manager": "", "format": "xlsx"})
    assert own.status_code == 200
    assert own["Content-Disposition"].startswith('attachment; filename="lead-cases-')


def test_a_filter_in_error_gives_the_page_with_its_error_not_a_wider_download(team, personas):
    director = personas[Role.DIRECTOR]
    client = signed_in_client(director)
    response = client.get(URL, {"opened_from": "2026-02-30", "sort": "person", "format": "csv"})
    assert response.status_code == 302 and response["Location"] == f"{URL}?opened_from=2026-02-30&sort=person"
    page = client.get(response["Location"]).content.decode()
    assert "Correct the filters above to download the list." in page and "format=csv" not in page
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT).exists()


def test_an_unknown_format_is_refused(team):
    assert signed_in_client(team["me"]).get(URL, {"format": "pdf"}).status_code == 400


def test_the_list_runs_the_same_queries_for_one_case_and_thirty(personas, django_assert_num_queries):
    director = personas[Role.DIRECTOR]
    manager = UserFactory(agency=AgencyFactory(kind=Agency.Kind.SERVICE_PROVIDER), roles=[Role.CASE_MANAGER])
    open_case(arrest_referral(), case_manager=manager)
    client = signed_in_client(director)
    client.get(URL)  # sessions and the site's configuration, read once per process

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"sort": "due"}).status_code == 200
        return len(queries)

    one = count()
    for _ in range(29):
        open_case(arrest_referral(), case_manager=manager)
    assert count() == one


def test_contacts_reached_show_as_last_reached(team):
    reached_at = timezone.now() - datetime.timedelta(days=2)
    Contact.objects.create(
        case=team["mine"], kind="phone", reached=True, at=reached_at, outcome="Talked", by=team["me"]
    )
    Case.objects.filter(pk=team["mine"].pk).update(last_reached_at=reached_at)
    body = signed_in_client(team["me"]).get(URL).content.decode()
    assert f"{timezone.localtime(reached_at):%b} {timezone.localtime(reached_at).day}, " in body


def test_the_case_manager_choice_is_escaped_and_keeps_what_was_chosen(team, personas):
    team["colleague"].first_name = "<b>Evil</b>"
    team["colleague"].save()
    body = signed_in_client(personas[Role.DIRECTOR]).get(URL, {"case_manager": team["colleague"].pk}).content.decode()
    assert "<b>Evil</b>" not in body and "&lt;b&gt;Evil&lt;/b&gt;" in body
    assert f'<option value="{team["colleague"].pk}" selected>' in body
    assert '<option value="">Any case manager</option>' in body
