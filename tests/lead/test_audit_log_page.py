"""The access log as the project director reads it: records named as people read them, searched
by person and by reference, downloaded (lead/audit/records.py, lead/audit/filters.py)."""

import csv
import datetime
import io
import uuid
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lead.audit.models import AccessEvent
from lead.audit.services import access_event_record
from lead.roles import Role
from tests import factories
from tests.conftest import signed_in_client
from tests.hostile import TYPED

Kind = AccessEvent.Kind


@pytest.fixture
def director_client(personas):
    client = signed_in_client(personas[Role.DIRECTOR])
    # The first request after signing in also saves the session's start (SessionLimitsMiddleware).
    client.get(reverse("home"))
    return client


@pytest.fixture
def records(personas):
    """A case of Jordan Reyes (its referral and screening), another person's case, a meeting."""
    case = factories.open_case()
    other = factories.open_case(factories.arrest_referral(first_name="Ana", last_name="Silva"))
    return {
        "case": case,
        "referral": case.referral,
        "screening": case.referral.screening,
        "participant": case.participant,
        "other": other,
        "meeting": factories.meeting(starts_at=datetime.datetime(2026, 3, 12, 15, 0, tzinfo=datetime.UTC)),
        "user": personas[Role.OFFICER],
    }


def read_of(obj, **kwargs):
    return access_event_record(kind=Kind.READ, username="casemgr", obj=obj, **kwargs)


def rows(response):
    return list(response.context["page"].object_list)


def test_the_log_names_each_record_as_people_read_it_and_links_its_page(records, director_client):
    case, referral, screening = records["case"], records["referral"], records["screening"]
    for obj in (case, referral, screening, records["meeting"], records["user"]):
        read_of(obj)
    access_event_record(kind=Kind.READ, obj_kind="cases.case", obj_id=str(uuid.uuid4()))
    content = director_client.get(reverse("audit:log")).content.decode()
    case_url = reverse("cases:case-detail", kwargs={"public_id": case.public_id})
    assert f'<a class="usa-link" href="{case_url}">Jordan Reyes, {referral.reference}</a>' in content
    referral_url = reverse("cases:referral-detail", kwargs={"public_id": referral.public_id})
    assert f'href="{referral_url}">Jordan Reyes, {referral.reference}</a>' in content
    assert f"Screening, report {screening.report_number}</a>" in content
    # The meeting's time in the site's time zone (America/Los_Angeles: 15:00 UTC is 08:00).
    local = records["meeting"].starts_at.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
    assert f"OWG meeting {local:%Y-%m-%d %H:%M}</a>" in content
    assert f"User {records['user'].get_full_name()} ({records['user'].username})" in content
    # A record that is gone, or of a type nobody describes, keeps its type and id.
    assert "cases.case " in content and str(case.public_id) not in content.split("cases.case ")[1][:36]


def test_the_page_reads_the_names_in_one_query_per_type_however_many_lines(records, director_client):
    objects = [records[k] for k in ("case", "referral", "screening", "meeting", "user")]
    for obj in objects:
        read_of(obj)
    with CaptureQueriesContext(connection) as few:
        assert len(rows(director_client.get(reverse("audit:log"), {"username": "casemgr"}))) == len(objects)
    for _ in range(6):
        for obj in [*objects, records["other"], records["other"].referral]:
            read_of(obj)
    with CaptureQueriesContext(connection) as many:
        assert len(rows(director_client.get(reverse("audit:log"), {"username": "casemgr"}))) > 30
    assert len(many) == len(few)


@pytest.mark.parametrize("person", ["Jordan Reyes", "reyes, jordan", "Reyes", "REFERENCE"])
def test_a_person_search_finds_the_lines_about_them_their_referrals_and_cases(records, director_client, person):
    case, referral, other = records["case"], records["referral"], records["other"]
    for obj in (case, referral, other, other.referral, records["meeting"]):
        read_of(obj)
    term = referral.reference.lower() if person == "REFERENCE" else person
    found = rows(director_client.get(reverse("audit:log"), {"person": term}))
    assert {(e.object_type, e.object_id) for e in found} == {
        ("cases.case", str(case.public_id)),
        ("cases.referral", str(referral.public_id)),
    }


def test_a_person_nobody_is_called_finds_nothing(records, director_client):
    read_of(records["case"])
    response = director_client.get(reverse("audit:log"), {"person": "Nobody Atall"})
    assert response.status_code == 200 and rows(response) == []
    assert b"No events match." in response.content


def test_the_record_search_takes_a_case_reference_a_report_number_or_an_id(records, director_client):
    case, referral, screening, other = records["case"], records["referral"], records["screening"], records["other"]
    for obj in (case, referral, screening, other):
        read_of(obj)

    def found(term):
        return {e.object_id for e in rows(director_client.get(reverse("audit:log"), {"object_id": term}))}

    assert found(referral.reference) == {str(case.public_id), str(referral.public_id)}
    assert found(screening.report_number) == {str(screening.public_id)}
    assert found(str(other.public_id).upper()) == {str(other.public_id)}


def test_the_download_is_every_line_of_the_search_described_and_is_logged(records, director_client):
    at = datetime.datetime(2026, 3, 10, 23, 30, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(at, tick=False):
        read_of(records["case"], detail="case page")
    for _ in range(60):  # more than a page
        read_of(records["referral"])
    read_of(records["other"])
    response = director_client.get(
        reverse("audit:log"), {"person": "Jordan Reyes", "username": "casemgr", "format": "csv"}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert "42 CFR part 2" in lines[0][0]
    assert lines[1] == ["When", "User", "Event", "Outcome", "Record", "Path", "Detail", "IP address"]
    assert len(lines) == 2 + 61
    reference = records["referral"].reference
    assert lines[-1] == [
        "2026-03-10 23:30:00",
        "casemgr",
        "Read",
        "Allowed",
        f"Jordan Reyes, {reference}",
        "",
        "case page",
        "",
    ]
    logged = AccessEvent.objects.get(kind=Kind.EXPORT, username="director")
    assert logged.detail == "search: person=Jordan+Reyes&username=casemgr"


def test_the_download_comes_as_a_spreadsheet_too(records, director_client):
    read_of(records["case"])
    response = director_client.get(reverse("audit:log"), {"format": "xlsx"})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    assert AccessEvent.objects.filter(kind=Kind.EXPORT, detail="search: all").exists()


def test_a_download_of_a_search_in_error_shows_the_error_instead(director_client):
    response = director_client.get(reverse("audit:log"), {"since": "not a date", "format": "csv"})
    assert response.status_code == 200 and b"Enter a day as year, month and day" in response.content
    assert not AccessEvent.objects.filter(kind=Kind.EXPORT).exists()


@pytest.mark.parametrize("field", ["person", "object_id", "username"])
@pytest.mark.parametrize("value", ["nul", "right-to-left override", "direction isolate", "oversize"])
def test_hostile_searches_are_errors_on_the_page_not_server_errors(db, director_client, field, value):
    response = director_client.get(reverse("audit:log"), {field: TYPED[value]})
    assert response.status_code == 200
    assert response.context["filter"].form.errors[field]
    csv_response = director_client.get(reverse("audit:log"), {field: TYPED[value], "format": "csv"})
    assert csv_response.status_code == 200 and csv_response["Content-Type"].startswith("text/html")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan of PostgreSQL")
@pytest.mark.parametrize("search", ["person", "object_id"])
def test_the_person_and_reference_searches_read_off_the_record_index(records, search):
    from lead.audit.filters import AccessEventFilter

    events = AccessEventFilter({search: records["referral"].reference}, queryset=AccessEvent.objects.all()).qs[:51]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = events.explain()
    assert "accessevent_object_at_idx" in plan, plan


def test_every_kind_of_record_the_access_map_logs_is_named_by_the_log():
    from lead import access
    from lead.audit import records as registry

    logged = {kind.log_as for kind in access.KINDS.values()}
    assert logged - set(registry.TYPES) == set(), "a kind whose log lines would read as a type and an id"


def test_the_log_names_releases_coverage_the_owgs_and_outreach_records_and_agencies(personas, director_client):
    director = personas[Role.DIRECTOR]
    case = factories.open_case()
    release = factories.release_of_information(case)
    cover = factories.coverage(by=director)
    meeting = factories.meeting(members=[director])
    decision = factories.decision(meeting_of=meeting, by=director, case=case)
    criminal = factories.criminal_case(participant=case.participant, case_number="CR-26-118")
    member = factories.clt_member(name="Rosa Delgado")
    version = factories.example_1_version()
    for obj in (release, cover, decision, criminal, member, case.referral.agency):
        read_of(obj)
    access_event_record(kind=Kind.READ, obj_kind="owg.agenda_item", obj_id=f"3:{uuid.uuid4()}")
    access_event_record(
        kind=Kind.READ, obj_kind="eligibility.criteriaversion", obj_id=f"{version.criteria_set.slug} v{version.number}"
    )
    content = director_client.get(reverse("audit:log")).content.decode()
    assert (
        f"Release of information signed {release.signed_on:%Y-%m-%d}, Jordan Reyes, {case.referral.reference}"
        in content
    )
    assert f"Coverage of {cover.covered.get_full_name()}&#x27;s caseload by {cover.covering.get_full_name()}" in content
    assert "OWG decision “Continue” of" in content
    assert "Criminal case Harbor County District Court CR-26-118, Jordan Reyes" in content
    assert "CLT member Rosa Delgado" in content
    assert f">{case.referral.agency.name}</a>" in content
    assert "OWG agenda item, section 3: assessments overdue and extensions running out" in content
    assert f"Eligibility criteria “{version.criteria_set.name}”, version {version.number}" in content
    for raw in (
        "cases.releaseofinformation ",
        "cases.coverage ",
        "owg.decision ",
        "owg.criminalcase ",
        "agencies.agency ",
    ):
        assert raw not in content
