"""Coverage of a colleague's caseload and the director's break-glass access (access-policy.md):
both are periods that end by themselves, are granted with a reason, and are in the access log."""

import datetime

import pytest
from django.urls import reverse

from cases.clinical import _own_scope, _owns, break_glass_cases, clinical_cases, clinical_reach
from cases.models import BreakGlass, Case, Coverage
from lead.audit.models import AccessEvent
from lead.notifications.models import Notification
from lead.roles import Role
from tests.cases.test_casefile import NOW
from tests.conftest import signed_in_client
from tests.factories import UserFactory, arrest_referral, break_glass, coverage, open_case
from tests.helpers import clock_at

DAY = datetime.timedelta(days=1)


clock = clock_at(NOW)


@pytest.fixture
def case(personas):
    return open_case(arrest_referral(agency=personas[Role.OFFICER].agency), case_manager=personas[Role.CASE_MANAGER])


@pytest.fixture
def colleague(case):
    return UserFactory(username="casemanager2", agency=case.provider, roles=[Role.CASE_MANAGER])


@pytest.fixture
def supervisor(case):
    return UserFactory(username="supervisor", agency=case.provider, roles=[Role.CASE_MANAGER], is_supervisor=True)


def grant(client, provider, **fields):
    data = {"starts_on": "2026-11-27", "ends_on": "2026-12-10", "reason": "Annual leave"} | fields
    return client.post(reverse("cases:coverage-grant", args=[provider.public_id]), data)


# Coverage -------------------------------------------------------------------------------------


def test_a_covering_case_manager_reads_and_writes_the_colleagues_cases_only_during_the_period(
    personas, case, colleague, clock
):
    coverage(covering=colleague, covered=personas[Role.CASE_MANAGER], now=NOW + DAY, days=3)
    assert not clinical_cases(colleague, now=NOW).filter(pk=case.pk).exists()
    assert clinical_cases(colleague, now=NOW + DAY).filter(pk=case.pk).exists()
    assert not clinical_cases(colleague, now=NOW + 4 * DAY).filter(pk=case.pk).exists()
    clock.move_to(NOW + DAY)
    client = signed_in_client(colleague)
    assert client.get(reverse("cases:case-contacts", args=[case.public_id])).status_code == 200
    response = client.post(
        reverse("cases:case-summary", args=[case.public_id]), {"engagement": "engaged", "note": "Seen by cover."}
    )
    assert response.status_code == 302 and case.summaries.get().written_by == colleague
    clock.move_to(NOW + 4 * DAY)
    assert signed_in_client(colleague).get(reverse("cases:case-contacts", args=[case.public_id])).status_code == 404


def test_how_a_case_manager_reaches_a_record_agrees_with_the_scopes(personas, case, colleague, supervisor):
    from lead.agencies.models import Agency
    from tests.factories import AgencyFactory

    other_provider = AgencyFactory(kind=Agency.Kind.SERVICE_PROVIDER)
    elsewhere = UserFactory(agency=other_provider, roles=[Role.CASE_MANAGER], is_supervisor=True)
    officer = personas[Role.OFFICER]
    coverage(covering=colleague, covered=case.case_manager, provider=case.provider)
    expected = {case.case_manager: "own", supervisor: "own", colleague: "coverage", elsewhere: None, officer: None}
    assert {user: clinical_reach(user, case) for user in expected} == expected
    moved = case.case_manager
    moved.agency = other_provider
    moved.save()
    assert clinical_reach(moved, case) is None  # the agency decides, not the assignment
    for user in [*expected, moved]:
        assert _owns(user, case) == Case.objects.filter(_own_scope(user), pk=case.pk).exists(), user


def test_reads_through_coverage_say_so_in_the_access_log(personas, case, colleague):
    coverage(covering=colleague, covered=personas[Role.CASE_MANAGER])
    signed_in_client(colleague).get(reverse("cases:case-contacts", args=[case.public_id]))
    event = AccessEvent.objects.filter(username="casemanager2", kind="read", object_id=str(case.public_id)).get()
    assert event.detail == f"clinical: contacts (via coverage of {personas[Role.CASE_MANAGER].username})"
    signed_in_client(personas[Role.CASE_MANAGER]).get(reverse("cases:case-contacts", args=[case.public_id]))
    assert (
        AccessEvent.objects.filter(username=personas[Role.CASE_MANAGER].username, kind="read").last().detail
        == "clinical: contacts"
    )


def test_coverage_at_another_provider_opens_nothing(personas, case):
    elsewhere = UserFactory(roles=[Role.CASE_MANAGER])
    coverage(
        provider=elsewhere.agency,
        covering=elsewhere,
        covered=UserFactory(agency=elsewhere.agency, roles=[Role.CASE_MANAGER]),
    )
    Coverage.objects.create(
        provider=elsewhere.agency,
        covering=elsewhere,
        covered=personas[Role.CASE_MANAGER],
        starts_at=NOW,
        ends_at=NOW + DAY,
        reason="x",
        granted_at=NOW,
        granted_by=elsewhere,
    )
    assert not clinical_cases(elsewhere, now=NOW).filter(pk=case.pk).exists()


def test_a_covering_case_manager_moved_to_another_provider_reads_nothing_of_the_old_one(personas, case, colleague):
    coverage(covering=colleague, covered=personas[Role.CASE_MANAGER])
    colleague.agency = UserFactory().agency  # an approved move (lead/users/duties.py)
    colleague.save()
    assert not clinical_cases(colleague, now=NOW).filter(pk=case.pk).exists()
    assert signed_in_client(colleague).get(reverse("cases:case-contacts", args=[case.public_id])).status_code == 404


def test_a_case_manager_moved_to_another_provider_reads_nothing_of_the_cases_left_behind(personas, case):
    from cases.selectors import cases_visible_to

    mover = personas[Role.CASE_MANAGER]
    mover.agency = UserFactory().agency
    mover.save()
    assert not clinical_cases(mover, now=NOW).exists() and not cases_visible_to(mover).exists()
    client = signed_in_client(mover)
    for name in ["cases:case-contacts", "cases:case-detail"]:
        assert client.get(reverse(name, args=[case.public_id])).status_code == 404


def test_the_supervisor_grants_coverage_and_it_is_logged_told_and_kept_in_history(
    personas, case, colleague, supervisor
):
    response = grant(
        signed_in_client(supervisor), case.provider, covered=personas[Role.CASE_MANAGER].pk, covering=colleague.pk
    )
    assert response.status_code == 302
    granted = Coverage.objects.get()
    assert (granted.covering, granted.covered, granted.granted_by, granted.starts_at) == (
        colleague,
        personas[Role.CASE_MANAGER],
        supervisor,
        NOW,
    )
    assert granted.history.get().history_user == supervisor
    assert (
        "coverage granted: casemanager2 covers"
        in AccessEvent.objects.get(kind="permission_change", object_type="cases.coverage").detail
    )
    told = Notification.objects.filter(subject__contains="caseload")
    assert set(told.values_list("user__username", flat=True)) == {"casemanager2", personas[Role.CASE_MANAGER].username}


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"starts_on": "2026-11-20"}, "The coverage cannot start in the past."),
        ({"ends_on": "2026-11-26"}, "The last day must be on or after the first day."),
        ({"ends_on": "2027-03-01"}, "Coverage lasts at most 90 days"),
        ({"starts_on": "2028-01-01", "ends_on": "2028-01-05"}, "The coverage must start within a year."),
        ({"ends_on": "not a date"}, "Enter a real date."),
        ({"reason": ""}, "Say why the caseload is covered."),
    ],
)
def test_a_period_out_of_bounds_is_refused_with_a_clear_error_and_the_typed_values_kept(
    personas, case, colleague, supervisor, fields, error
):
    response = grant(
        signed_in_client(supervisor),
        case.provider,
        covered=personas[Role.CASE_MANAGER].pk,
        covering=colleague.pk,
        **fields,
    )
    page = response.content.decode()
    assert response.status_code == 200 and error in page
    assert 'value="Annual leave"' in page or fields.get("reason") == ""
    assert not Coverage.objects.exists()


def test_nobody_covers_their_own_caseload(personas, case, supervisor):
    me = personas[Role.CASE_MANAGER].pk
    page = grant(signed_in_client(supervisor), case.provider, covered=me, covering=me).content.decode()
    assert "cannot cover their own caseload" in page and not Coverage.objects.exists()


def test_a_case_manager_who_does_not_supervise_may_not_grant_coverage(personas, case, colleague):
    response = grant(
        signed_in_client(colleague), case.provider, covered=personas[Role.CASE_MANAGER].pk, covering=colleague.pk
    )
    assert response.status_code == 403 and not Coverage.objects.exists()
    assert AccessEvent.objects.filter(kind="denied", username="casemanager2").exists()


def test_ending_coverage_early_closes_access_and_is_logged(personas, case, colleague, supervisor, clock):
    granted = coverage(covering=colleague, covered=personas[Role.CASE_MANAGER], by=supervisor)
    clock.move_to(NOW + DAY)
    client = signed_in_client(supervisor)
    asked = client.post(reverse("cases:coverage-end", args=[granted.public_id]))
    assert "Yes, end the coverage" in asked.content.decode() and "is notified" in asked.content.decode()
    granted.refresh_from_db()
    assert granted.ended_at is None
    response = client.post(reverse("cases:coverage-end", args=[granted.public_id]), {"confirmed": "yes"})
    assert response.status_code == 302
    granted.refresh_from_db()
    assert (granted.ended_at, granted.ended_by) == (NOW + DAY, supervisor)
    assert not clinical_cases(colleague, now=NOW + DAY).filter(pk=case.pk).exists()
    assert AccessEvent.objects.filter(kind="permission_change", detail__startswith="coverage ended early").exists()
    assert granted.history.count() == 2


def test_the_director_sees_every_coverage_and_a_case_manager_only_their_own(personas, case, colleague):
    coverage(covering=colleague, covered=personas[Role.CASE_MANAGER], reason="Parental leave")
    coverage(reason="Vacancy at another provider")
    director = signed_in_client(personas[Role.DIRECTOR]).get(reverse("cases:coverage-list")).content.decode()
    assert "Parental leave" in director and "Vacancy at another provider" in director
    mine = signed_in_client(colleague).get(reverse("cases:coverage-list")).content.decode()
    assert "Parental leave" in mine and "Vacancy at another provider" not in mine


# Break-glass ----------------------------------------------------------------------------------


def open_glass(client, case, reason="The participant is missing and the shelter called us tonight."):
    return client.post(reverse("cases:break-glass", args=[case.public_id]), {"reason": reason})


def test_the_director_never_sees_the_clinical_record_without_breaking_glass(personas, case):
    client = signed_in_client(personas[Role.DIRECTOR])
    assert client.get(reverse("cases:break-glass-record", args=[case.public_id])).status_code == 404
    assert client.get(reverse("cases:case-assessment", args=[case.public_id])).status_code == 403


def test_breaking_glass_needs_a_reason(personas, case):
    response = open_glass(signed_in_client(personas[Role.DIRECTOR]), case, reason="urgent")
    assert response.status_code == 200 and "at least 20 characters" in response.content.decode()
    assert not BreakGlass.objects.exists()


def test_breaking_glass_opens_the_record_for_an_hour_logs_every_read_and_tells_the_case_manager(
    personas, case, supervisor, clock
):
    from cases.models import CaseNote

    CaseNote.objects.create(case=case, written_at=NOW, written_by=personas[Role.CASE_MANAGER], text="NOTE-MARKER")
    director = personas[Role.DIRECTOR]
    client = signed_in_client(director)
    response = open_glass(client, case)
    assert response.status_code == 302 and response["Location"] == reverse(
        "cases:break-glass-record", args=[case.public_id]
    )
    opened = AccessEvent.objects.get(kind="break_glass", detail__startswith="break-glass opened")
    assert "The participant is missing" in opened.detail and opened.username == director.username
    assert "NOTE-MARKER" in client.get(response["Location"]).content.decode()
    assert (
        AccessEvent.objects.filter(kind="break_glass", detail="read during break-glass: clinical record").count() == 1
    )
    told = Notification.objects.filter(subject__startswith="Emergency access")
    assert set(told.values_list("user__username", flat=True)) == {personas[Role.CASE_MANAGER].username, "supervisor"}
    assert "NOTE-MARKER" not in told.first().body and "missing" not in told.first().body
    assert break_glass_cases(director, now=NOW + datetime.timedelta(minutes=59)).filter(pk=case.pk).exists()
    clock.move_to(NOW + datetime.timedelta(minutes=61))
    assert signed_in_client(director).get(response["Location"]).status_code == 404


def test_a_break_glass_opening_of_one_case_opens_no_other(personas, case):
    other = open_case(arrest_referral())
    break_glass(other, by=personas[Role.DIRECTOR])
    assert (
        signed_in_client(personas[Role.DIRECTOR])
        .get(reverse("cases:break-glass-record", args=[case.public_id]))
        .status_code
        == 404
    )


def test_the_audit_page_lists_break_glass_openings_with_their_reasons(personas, case):
    open_glass(signed_in_client(personas[Role.DIRECTOR]), case)
    page = signed_in_client(personas[Role.DIRECTOR]).get(reverse("audit:log")).content.decode()
    assert "Break-glass openings" in page and "The participant is missing" in page


def test_the_audit_page_lists_coverage_granted_and_ended_with_the_reason(personas, case, colleague, supervisor):
    client = signed_in_client(supervisor)
    assert (
        grant(
            client,
            case.provider,
            covered=personas[Role.CASE_MANAGER].pk,
            covering=colleague.pk,
            reason="Parental leave",
        ).status_code
        == 302
    )
    page = signed_in_client(personas[Role.DIRECTOR]).get(reverse("audit:log")).content.decode()
    section = page.split('id="coverage-heading"')[1].split("</section>")[0]
    assert "coverage granted: casemanager2 covers" in section and "Parental leave" in section
