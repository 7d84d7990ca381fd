import datetime
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lead.agencies.models import Agency
from lead.audit.models import AccessEvent
from lead.audit.services import access_event_record
from lead.roles import Role
from tests.conftest import signed_in_client

Kind = AccessEvent.Kind


@pytest.fixture
def director_client(personas):
    return signed_in_client(personas[Role.DIRECTOR])


def log_rows(response):
    return list(response.context["page"].object_list)


def test_the_director_finds_a_users_failed_sign_ins(personas, director_client):
    access_event_record(kind=Kind.SIGN_IN_FAILED, outcome="denied", username="officer")
    access_event_record(kind=Kind.SIGN_IN, user=personas[Role.PROSECUTOR])
    response = director_client.get(reverse("audit:log"), {"username": "officer", "kind": "sign_in_failed"})
    assert [(e.username, e.kind) for e in log_rows(response)] == [("officer", "sign_in_failed")]


def test_searching_the_access_log_is_itself_logged(personas, director_client):
    director_client.get(reverse("audit:log"), {"username": "officer"})
    event = AccessEvent.objects.get(kind=Kind.READ, username="director")
    assert "username=officer" in event.detail


def test_an_invalid_date_in_the_search_is_shown_as_an_error_and_kept(director_client):
    response = director_client.get(reverse("audit:log"), {"since": "not a date"})
    assert response.status_code == 200
    assert b"Enter a day as year, month and day" in response.content
    assert b'value="not a date"' in response.content


def test_the_access_log_page_runs_the_same_queries_for_one_event_and_for_many(personas, director_client):
    # Lines about accounts: each page names them, in one query however many lines it shows.
    access_event_record(kind=Kind.SIGN_IN, user=personas[Role.OFFICER], obj=personas[Role.OFFICER])
    # The first request after signing in also saves the session's start (SessionLimitsMiddleware);
    # the pages are compared after it.
    director_client.get(reverse("home"))
    with CaptureQueriesContext(connection) as one:
        director_client.get(reverse("audit:log"))
    for user in personas.values():
        for _ in range(15):
            access_event_record(kind=Kind.SIGN_IN, user=user, obj=user)
    with CaptureQueriesContext(connection) as many:
        response = director_client.get(reverse("audit:log"))
    assert len(log_rows(response)) == 50  # paginated
    assert len(many) == len(one)


def test_a_username_search_finds_the_users_lines_whatever_the_case_typed_or_stored(director_client):
    access_event_record(kind=Kind.SIGN_IN_FAILED, outcome="denied", username="Officer")
    access_event_record(kind=Kind.SIGN_IN_FAILED, outcome="denied", username="officer")
    access_event_record(kind=Kind.SIGN_IN_FAILED, outcome="denied", username="officer2")
    response = director_client.get(reverse("audit:log"), {"username": "OFFICER"})
    assert sorted(e.username for e in log_rows(response)) == ["Officer", "officer"]


def test_a_day_in_the_search_is_the_whole_day_in_the_sites_time_zone(director_client):
    late = datetime.datetime(2026, 3, 10, 23, 30, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(late, tick=False):
        access_event_record(kind=Kind.SIGN_IN_FAILED, outcome="denied", username="nightowl")

    def found(**days):
        return [
            e.username
            for e in log_rows(director_client.get(reverse("audit:log"), {"kind": Kind.SIGN_IN_FAILED, **days}))
        ]

    assert found(since="2026-03-10", until="2026-03-10") == ["nightowl"]
    assert found(since="2026-03-11") == [] and found(until="2026-03-09") == []


def test_the_access_log_pages_older_events_without_counting_the_log(personas, director_client):
    for _ in range(60):
        access_event_record(kind=Kind.SIGN_IN, user=personas[Role.OFFICER])
    with CaptureQueriesContext(connection) as captured:
        first = director_client.get(reverse("audit:log"), {"username": "officer"})
    log_queries = [q["sql"].upper() for q in captured if "AUDIT_ACCESSEVENT" in q["sql"].upper()]
    assert log_queries and not [sql for sql in log_queries if "COUNT(" in sql]
    assert len(log_rows(first)) == 50 and b"Older" in first.content and b"Newer" not in first.content
    older = director_client.get(reverse("audit:log"), {"username": "officer", "page": "2"})
    assert len(log_rows(older)) == 10 and b"Newer" in older.content and b"Older" not in older.content
    assert b"Events 51 to 60 matching the search" in older.content


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan of PostgreSQL")
@pytest.mark.parametrize(
    "search, index",
    [
        ({"username": "Officer"}, "accessevent_username_at_idx"),
        ({"object_id": "ABC"}, "accessevent_object_at_idx"),
        ({"kind": Kind.DENIED}, "accessevent_kind_at_idx"),
        ({"outcome": "denied"}, "accessevent_outcome_at_idx"),
        ({"since": "2026-03-10"}, "accessevent_at_idx"),
    ],
)
def test_each_search_of_the_access_log_can_be_read_off_an_index(db, search, index):
    from lead.audit.filters import AccessEventFilter

    events = AccessEventFilter(search, queryset=AccessEvent.objects.all()).qs[:51]
    with connection.cursor() as cursor:
        # An empty table would be read in full whatever its indexes: ask for the plan with
        # sequential scans priced out, which only an index that serves the search can replace.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = events.explain()
    assert index in plan, plan


def test_a_denied_page_is_logged_with_who_and_where(personas):
    signed_in_client(personas[Role.OFFICER]).get(reverse("audit:log"), REMOTE_ADDR="192.0.2.7")
    event = AccessEvent.objects.get(kind=Kind.DENIED)
    assert (event.username, event.outcome, event.path, event.ip_address) == (
        "officer",
        "denied",
        "/access-log/",
        "192.0.2.7",
    )


def test_a_denied_record_is_logged_although_the_request_rolled_back(personas, outsider):
    agency = personas[Role.OFFICER].agency
    response = signed_in_client(outsider).get(reverse("agencies:detail", args=[agency.public_id]))
    assert response.status_code == 404
    event = AccessEvent.objects.get(kind=Kind.DENIED, username="outsider")
    assert event.object_id == str(agency.public_id)


def test_a_role_change_is_logged_as_a_permission_change(personas):
    officer = personas[Role.OFFICER]
    officer.groups.add(Group.objects.get(name=Role.PROSECUTOR.label))
    event = AccessEvent.objects.get(
        kind=Kind.PERMISSION_CHANGE, object_id=str(officer.public_id), detail__contains="Prosecutor"
    )
    assert event.detail == "roles added for officer: Prosecutor"


def test_role_changes_made_in_administration_record_the_administrator(personas):
    officer = personas[Role.OFFICER]
    admin = signed_in_client(personas[Role.SITE_ADMIN])
    data = {
        "username": "officer",
        "first_name": officer.first_name,
        "last_name": officer.last_name,
        "email": officer.email,
        "phone": "",
        "title": "",
        "agency": officer.agency_id,
        "is_active": "on",
        "groups": [Group.objects.get(name=Role.OFFICER.label).pk, Group.objects.get(name=Role.PCG.label).pk],
    }
    response = admin.post(reverse("admin:users_user_change", args=[officer.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    # The PCG sees aggregates only: no second person needed (roles that see case content: test_duties.py).
    event = AccessEvent.objects.get(
        kind=Kind.PERMISSION_CHANGE, object_id=str(officer.public_id), detail__contains="PCG member"
    )
    assert event.username == "site_admin"
    officer.refresh_from_db()
    assert officer.history.first().history_user == personas[Role.SITE_ADMIN]


def test_an_agency_change_in_administration_keeps_its_history_with_the_acting_user(personas):
    agency = personas[Role.OFFICER].agency
    admin = signed_in_client(personas[Role.SITE_ADMIN])
    data = {
        "name": agency.name,
        "kind": agency.kind,
        "jurisdiction": "Harbor City",
        "phone": "(555) 010-9999",
        "address": "",
        "is_active": "on",
    }
    assert admin.post(reverse("admin:agencies_agency_change", args=[agency.pk]), data).status_code == 302
    latest, previous = Agency.history.filter(id=agency.pk)[:2]
    assert (latest.phone, latest.history_user.username) == ("(555) 010-9999", "site_admin")
    assert previous.phone == ""


def test_user_history_never_holds_password_hashes():
    from lead.users.models import User

    assert "password" not in {f.name for f in User.history.model._meta.get_fields()}


def test_the_site_administrator_cannot_make_anyone_superuser(personas):
    response = signed_in_client(personas[Role.SITE_ADMIN]).get(
        reverse("admin:users_user_change", args=[personas[Role.OFFICER].pk])
    )
    assert b"is_superuser" not in response.content
    assert b"user_permissions" not in response.content


def test_the_access_log_cannot_be_edited_in_administration(personas):
    event = access_event_record(kind=Kind.SIGN_IN, user=personas[Role.OFFICER])
    admin = signed_in_client(personas[Role.SITE_ADMIN])
    admin.post(reverse("admin:audit_accessevent_delete", args=[event.pk]), {"post": "yes"})
    assert AccessEvent.objects.filter(pk=event.pk).exists()


def test_signing_out_of_administration_is_logged(personas):
    admin = signed_in_client(personas[Role.SITE_ADMIN])
    assert admin.post(reverse("admin:logout"))["Location"] == reverse("accounts:sign-in")
    assert AccessEvent.objects.filter(kind=Kind.SIGN_OUT, username="site_admin").exists()


def test_the_site_administrator_sets_the_programs_capacity(personas):
    from lead.system.models import SiteConfiguration

    client = signed_in_client(personas[Role.SITE_ADMIN])
    changelist = client.get(reverse("admin:system_siteconfiguration_changelist"))
    assert changelist.status_code == 302
    response = client.post(
        changelist["Location"],
        {
            "program_capacity": "80",
            "caseload_limit": "20",
            "in_the_wind_days": "10",
            "cost_per_booking": "350.00",
            "cost_per_jail_day": "150.00",
            "jail_days_per_booking": "3.0",
            "cost_per_prosecution": "1200.00",
        },
    )
    assert response.status_code == 302
    config = SiteConfiguration.current()
    assert (config.program_capacity, config.caseload_limit, config.in_the_wind_days) == (80, 20, 10)
    assert config.history.first().history_user == personas[Role.SITE_ADMIN]


def test_the_user_form_offers_roles_and_no_other_group(personas):
    Group.objects.create(name="Imported from the old system")
    client = signed_in_client(personas[Role.SITE_ADMIN])
    page = client.get(reverse("admin:users_user_change", args=[personas[Role.OFFICER].pk])).content.decode()
    assert "Police officer" in page and "Imported from the old system" not in page
    assert client.get(reverse("admin:users_user_changelist"), {"role": "officer"}).status_code == 200
    assert client.get(reverse("admin:users_user_changelist"), {"role": "nonsense"}).status_code == 200


# The access log is append-only, for the administrator too, and down to the database.


@pytest.fixture
def logged_event(personas):
    return access_event_record(kind=Kind.SIGN_IN, user=personas[Role.OFFICER])


def test_the_administrator_reads_the_access_log_but_its_change_and_delete_pages_refuse(personas, logged_event):
    admin = signed_in_client(personas[Role.SITE_ADMIN])
    assert admin.get(reverse("admin:audit_accessevent_changelist")).status_code == 200
    assert admin.get(reverse("admin:audit_accessevent_change", args=[logged_event.pk])).status_code == 200  # view only
    assert (
        admin.post(reverse("admin:audit_accessevent_change", args=[logged_event.pk]), {"detail": "x"}).status_code
        == 403
    )
    assert admin.get(reverse("admin:audit_accessevent_delete", args=[logged_event.pk])).status_code == 403
    assert (
        admin.post(reverse("admin:audit_accessevent_delete", args=[logged_event.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert admin.get(reverse("admin:audit_accessevent_add")).status_code == 403
    logged_event.refresh_from_db()
    assert logged_event.detail == ""


def test_the_access_log_list_offers_no_delete_action_and_a_posted_one_deletes_nothing(personas, logged_event):
    admin = signed_in_client(personas[Role.SITE_ADMIN])
    changelist = admin.get(reverse("admin:audit_accessevent_changelist"))
    assert "delete_selected" not in changelist.content.decode()
    admin.post(
        reverse("admin:audit_accessevent_changelist"),
        {"action": "delete_selected", "_selected_action": [logged_event.pk], "post": "yes"},
    )
    assert AccessEvent.objects.filter(pk=logged_event.pk).exists()


def whole_log_counts(queries) -> list[str]:
    """Counts over the whole access log: no WHERE to narrow it, no LIMIT to stop it."""
    return [
        q["sql"]
        for q in queries
        if "COUNT(" in q["sql"].upper() and "audit_accessevent" in q["sql"]
        if " WHERE " not in q["sql"].upper() and " LIMIT " not in q["sql"].upper()
    ]


def test_the_admin_lists_the_access_log_without_counting_it_whole(personas, monkeypatch):
    from lead.audit.admin import AccessLogPaginator

    monkeypatch.setattr(AccessLogPaginator, "CAP", 5)
    for n in range(8):
        access_event_record(kind=Kind.SIGN_IN, user=personas[Role.OFFICER if n % 2 else Role.PROSECUTOR])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE audit_accessevent")
    lines = AccessEvent.objects.count()  # with the role changes of the personas' accounts
    officers = AccessEvent.objects.filter(username="officer").count()
    assert lines > 5 >= officers
    admin = signed_in_client(personas[Role.SITE_ADMIN])
    url = reverse("admin:audit_accessevent_changelist")

    with CaptureQueriesContext(connection) as everything:
        page = admin.get(url).content.decode()
    with CaptureQueriesContext(connection) as searched:
        found = admin.get(url, {"q": "OFFICER"}).content.decode()

    assert whole_log_counts(everything.captured_queries + searched.captured_queries) == []
    # Past the cap: the planner's estimate of the whole log on PostgreSQL, a bound otherwise.
    estimate = f"about {lines} access events" if connection.vendor == "postgresql" else "more than 5 access events"
    assert estimate in " ".join(page.split())
    assert f"{officers} access events" in " ".join(found.split())


def test_the_model_and_its_queryset_refuse_to_change_or_delete_a_line(logged_event):
    from lead.audit.models import AppendOnlyError

    logged_event.detail = "changed"
    for attempt in (
        logged_event.save,
        logged_event.delete,
        AccessEvent.objects.all().delete,
        lambda: AccessEvent.objects.filter(pk=logged_event.pk).update(detail="changed"),
    ):
        with pytest.raises(AppendOnlyError):
            attempt()
    assert AccessEvent.objects.get(pk=logged_event.pk).detail == ""


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_accessevent SET detail = 'changed'",
        "UPDATE audit_accessevent SET user_id = NULL, username = 'someone else'",
        "DELETE FROM audit_accessevent",
    ],
)
def test_the_database_refuses_to_change_or_delete_a_line_even_bypassing_the_orm(logged_event, sql):
    from django.db import DatabaseError, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AccessEvent.objects.get(pk=logged_event.pk).detail == ""


def test_deleting_an_account_keeps_its_lines_with_the_name(personas, logged_event):
    personas[Role.OFFICER].delete()
    logged_event = AccessEvent.objects.get(pk=logged_event.pk)
    assert (logged_event.user_id, logged_event.username) == (None, "officer")


def test_an_administrators_refusal_inside_the_admin_is_in_the_access_log(personas):
    group = Group.objects.get(name=Role.CASE_MANAGER.label)
    admin = signed_in_client(personas[Role.SITE_ADMIN])
    assert admin.post(reverse("admin:auth_group_change", args=[group.pk]), {"name": "x"}).status_code == 403
    event = AccessEvent.objects.get(kind=Kind.DENIED, username="site_admin")
    assert event.path == reverse("admin:auth_group_change", args=[group.pk])
    assert "administration refused POST" in event.detail


def test_anyone_else_opening_the_admin_is_refused_and_logged(personas):
    assert signed_in_client(personas[Role.DIRECTOR]).get(reverse("admin:users_user_changelist")).status_code == 403
    assert AccessEvent.objects.filter(kind=Kind.DENIED, username="director", path="/admin/users/user/").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/otp_totp/totpdevice/1/config/",  # the unregistered device pages: someone looking for keys
        "/admin/otp_static/staticdevice/",
        "/admin/users/user/999999/password/",
        "/admin/users/user/999999/history/",
        "/admin/users/user/abc/history/1/",
    ],
)
def test_a_404_inside_the_admin_is_in_the_access_log_once(personas, path):
    admin = signed_in_client(personas[Role.SITE_ADMIN])
    assert admin.get(path).status_code == 404
    assert list(AccessEvent.objects.filter(kind=Kind.DENIED).values_list("username", "path")) == [("site_admin", path)]


def test_an_address_that_matches_no_page_is_in_the_access_log_once(personas):
    assert signed_in_client(personas[Role.OFFICER]).get("/cases/nothing-here/").status_code == 404
    assert list(AccessEvent.objects.filter(kind=Kind.DENIED).values_list("username", "path")) == [
        ("officer", "/cases/nothing-here/")
    ]


def test_a_denial_the_view_logged_itself_is_not_logged_twice(personas):
    from tests.factories import UserFactory, open_case

    case = open_case(case_manager=personas[Role.CASE_MANAGER])
    other_provider = UserFactory(roles=[Role.CASE_MANAGER])
    response = signed_in_client(other_provider).get(reverse("cases:case-detail", args=[case.public_id]))
    assert response.status_code == 404
    assert AccessEvent.objects.filter(kind=Kind.DENIED).count() == 1
