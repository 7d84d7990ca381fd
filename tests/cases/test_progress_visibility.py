"""Who sees the OWG progress summaries (access-policy.md, "progress summary for the OWG"): the
case's clinical readers always; everyone else only under a release of information that is valid
today and covers their agency. One lookup (cases.selectors.progress_summaries_visible_to) answers
it for the case page, the referral page and the OWG agenda."""

import datetime

import pytest
from django.urls import reverse

from cases.models import ProgressSummary
from cases.selectors import progress_summaries_visible_to
from lead.roles import Role
from tests.cases.test_casefile import NOW, release
from tests.conftest import signed_in_client
from tests.factories import UserFactory, persona_case
from tests.helpers import clock_at

NOTE = "Comes to every appointment."


clock = clock_at(NOW)


@pytest.fixture
def case(personas):
    return persona_case(personas, now=NOW - datetime.timedelta(days=3))


def write_summary(personas, case):
    response = signed_in_client(personas[Role.CASE_MANAGER]).post(
        reverse("cases:case-summary", args=[case.public_id]), {"engagement": "engaged", "note": NOTE}
    )
    assert response.status_code == 302 and ProgressSummary.objects.filter(case=case).exists()


def case_page(user, case) -> str:
    return signed_in_client(user).get(reverse("cases:case-detail", args=[case.public_id])).content.decode()


def test_a_summary_on_a_case_whose_release_was_revoked_is_hidden_from_the_director_and_colleagues(personas, case):
    roi = release(case)
    roi.revoked_at = NOW
    roi.save()
    write_summary(personas, case)
    colleague = UserFactory(username="casemanager2", agency=case.provider, roles=[Role.CASE_MANAGER])
    assert NOTE not in case_page(personas[Role.DIRECTOR], case)
    assert NOTE not in case_page(colleague, case)
    assert NOTE in case_page(personas[Role.CASE_MANAGER], case)


def test_a_summary_with_no_release_at_all_is_hidden_from_the_director(personas, case):
    write_summary(personas, case)
    assert NOTE not in case_page(personas[Role.DIRECTOR], case)


def test_a_valid_release_to_the_owg_shows_the_summary_to_the_director_and_colleagues(personas, case):
    release(case)
    write_summary(personas, case)
    colleague = UserFactory(agency=case.provider, roles=[Role.CASE_MANAGER])
    assert NOTE in case_page(personas[Role.DIRECTOR], case)
    assert NOTE in case_page(colleague, case)


def test_the_lookup_shows_the_assigned_case_manager_and_supervisor_every_summary(personas, case):
    write_summary(personas, case)
    supervisor = UserFactory(agency=case.provider, roles=[Role.CASE_MANAGER], is_supervisor=True)
    assert progress_summaries_visible_to(personas[Role.CASE_MANAGER], now=NOW).count() == 1
    assert progress_summaries_visible_to(supervisor, now=NOW).count() == 1
    assert progress_summaries_visible_to(personas[Role.DIRECTOR], now=NOW).count() == 0


def test_the_lookup_follows_the_release_from_signing_to_expiry(personas, case, clock):
    write_summary(personas, case)
    release(case, signed_on=datetime.date(2026, 11, 28), expires_on=datetime.date(2026, 12, 31))
    officer = personas[Role.OFFICER]
    assert not progress_summaries_visible_to(officer, now=NOW).exists()  # signed tomorrow
    assert progress_summaries_visible_to(officer, now=NOW + datetime.timedelta(days=1)).exists()
    assert not progress_summaries_visible_to(
        officer, now=datetime.datetime(2027, 1, 1, 20, tzinfo=datetime.UTC)
    ).exists()


def test_the_lookup_shows_a_named_agency_release_only_to_the_agencies_it_names(personas, case):
    write_summary(personas, case)
    roi = release(case, recipients="named_agencies")
    roi.named_agencies.set([personas[Role.PROSECUTOR].agency])
    assert progress_summaries_visible_to(personas[Role.PROSECUTOR], now=NOW).exists()
    assert not progress_summaries_visible_to(personas[Role.OFFICER], now=NOW).exists()
    assert not progress_summaries_visible_to(personas[Role.DIRECTOR], now=NOW).exists()


def test_an_expired_by_event_release_shares_nothing(personas, case):
    write_summary(personas, case)
    release(case, expires_on=None, expiry_event="When I leave LEAD", expired_at=NOW)
    assert not progress_summaries_visible_to(personas[Role.OFFICER], now=NOW).exists()


def test_the_lookup_is_one_query_with_exists_not_a_list_of_ids(personas, case):
    write_summary(personas, case)
    sql = str(progress_summaries_visible_to(personas[Role.DIRECTOR], now=NOW).query)
    assert "EXISTS" in sql
