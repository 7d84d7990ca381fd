"""Criteria sets as approved data: the director drafts a version (a copy of the one in force),
a PCG member approves it with an effective date, and officers screen with it from that day."""

import datetime

import pytest
from django.urls import reverse

from eligibility.models import CriteriaSet, CriteriaVersion, Screening
from lead.roles import Role
from tests.conftest import signed_in_client
from tests.eligibility.test_screening import answers
from tests.helpers import clock_at, queries_to_get

TODAY = datetime.datetime(2026, 11, 27, 18, 0, tzinfo=datetime.UTC)


def draft_fields(**overrides) -> dict:
    return {
        "revision": "1",
        "offense_rule": "need_related_minor_offense",
        "drug_limit_grams": "7.00",
        "lookback_years": "10",
        "convictions_any_time": ["murder_1", "murder_2", "arson_1", "arson_2", "robbery_1", "assault_1", "sex_crime"],
        "convictions_lookback": ["robbery_2", "assault_2", "weapon_possession_1", "burglary_1", "burglary_2"],
        "change_summary": "Line officers asked for a shorter look-back; the OWG agreed.",
        **overrides,
    }


# Every test runs on TODAY; sessions would expire if the clock jumped under them.
today = clock_at(TODAY)


@pytest.fixture
def director(personas):
    return signed_in_client(personas[Role.DIRECTOR])


@pytest.fixture
def pcg(personas):
    return signed_in_client(personas[Role.PCG])


@pytest.fixture
def draft(director):
    response = director.post(reverse("eligibility:criteria-draft", args=["example-1"]))
    assert response.status_code == 302
    return CriteriaVersion.objects.get(criteria_set__slug="example-1", status="draft")


def test_a_new_draft_is_a_copy_of_the_version_in_force(draft, personas):
    current = CriteriaVersion.objects.get(criteria_set__slug="example-1", number=1)
    assert draft.number == 2 and draft.drafted_by == personas[Role.DIRECTOR]
    copied = ("offense_rule", "drug_limit_grams", "lookback_years", "convictions_any_time", "convictions_lookback")
    assert [getattr(draft, f) for f in copied] == [getattr(current, f) for f in copied]


def test_drafting_again_opens_the_same_draft(draft, director):
    response = director.post(reverse("eligibility:criteria-draft", args=["example-1"]))
    assert response["Location"] == reverse("eligibility:criteria-edit", args=["example-1", draft.number])
    assert CriteriaVersion.objects.filter(status="draft").count() == 1


def test_the_director_edits_the_draft_and_a_pcg_member_approves_it(draft, director, pcg, personas):
    director.post(reverse("eligibility:criteria-edit", args=["example-1", 2]), draft_fields(lookback_years="8"))
    draft.refresh_from_db()
    assert draft.lookback_years == 8 and draft.status == "draft"
    approve = reverse("eligibility:criteria-approve", args=["example-1", 2])
    page = pcg.get(approve).content.decode()
    assert "Line officers asked for a shorter look-back" in page
    assert '<td data-label="Proposed">8 years</td>' in page
    pcg.post(approve, {"revision": "2", "effective_from": "2026-12-01"})
    draft.refresh_from_db()
    assert (draft.status, draft.effective_from, draft.approved_by) == (
        "approved",
        datetime.date(2026, 12, 1),
        personas[Role.PCG],
    )


def test_an_officer_does_not_see_a_draft(draft, personas):
    client = signed_in_client(personas[Role.OFFICER])
    assert client.get(reverse("eligibility:criteria-version", args=["example-1", 2])).status_code == 404
    assert "Version 2" not in client.get(reverse("eligibility:criteria-list")).content.decode()


def test_officers_screen_with_a_new_version_from_its_effective_date_and_old_screenings_keep_theirs(
    draft, director, pcg, personas, today
):
    director.post(reverse("eligibility:criteria-edit", args=["example-1", 2]), draft_fields(drug_limit_grams="3"))
    pcg.post(
        reverse("eligibility:criteria-approve", args=["example-1", 2]),
        {"revision": "2", "effective_from": "2026-12-01"},
    )
    officer = personas[Role.OFFICER]
    officer.agency.criteria_set = CriteriaSet.objects.get(slug="example-1")
    officer.agency.save()
    v1, v2 = CriteriaVersion.objects.filter(criteria_set__slug="example-1").order_by("number")
    url = reverse("eligibility:screening-new")
    signed_in_client(officer).post(url, answers(v1, drug_grams="5", report_number="before"))
    today.move_to("2026-12-01T07:59:00Z")  # Nov 30, 23:59 in Harbor County: still version 1
    signed_in_client(officer).post(url, answers(v1, drug_grams="5", report_number="eve"))
    today.move_to("2026-12-01T08:00:00Z")  # Dec 1, 00:00 in Harbor County
    signed_in_client(officer).post(url, answers(v2, drug_grams="5", report_number="after"))
    results = {s.report_number: (s.criteria_version.number, s.outcome) for s in Screening.objects.all()}
    assert results == {"before": (1, "eligible"), "eve": (1, "eligible"), "after": (2, "ineligible")}


def test_an_edit_made_from_an_old_page_is_refused_not_merged(draft, director):
    url = reverse("eligibility:criteria-edit", args=["example-1", 2])
    director.post(url, draft_fields(lookback_years="8"))  # revision 1 -> 2
    response = director.post(url, draft_fields(lookback_years="12"), follow=True)  # still says revision 1
    draft.refresh_from_db()
    assert draft.lookback_years == 8
    assert "Someone saved this draft after you opened it." in response.content.decode()


def test_a_pcg_member_cannot_approve_a_draft_changed_after_they_opened_it(draft, director, pcg):
    director.post(reverse("eligibility:criteria-edit", args=["example-1", 2]), draft_fields(lookback_years="8"))
    response = pcg.post(
        reverse("eligibility:criteria-approve", args=["example-1", 2]),
        {"revision": "1", "effective_from": "2026-12-01"},
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert "The director changed this draft after you opened it." in response.content.decode()


def test_a_version_cannot_take_effect_in_the_past(draft, pcg):
    response = pcg.post(
        reverse("eligibility:criteria-approve", args=["example-1", 2]),
        {"revision": "1", "effective_from": "2026-11-26"},
    )
    assert "The date cannot be in the past." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_an_offense_cannot_be_in_both_conviction_lists(draft, director):
    response = director.post(
        reverse("eligibility:criteria-edit", args=["example-1", 2]),
        draft_fields(convictions_lookback=["robbery_1", "robbery_2"]),
    )
    assert "Already excluded without time limit: Robbery 1st." in response.content.decode()


def test_an_approved_version_cannot_be_edited(director):
    assert director.get(reverse("eligibility:criteria-edit", args=["example-1", 1])).status_code == 404


def test_the_change_history_says_who_changed_what(draft, director, personas):
    director.post(reverse("eligibility:criteria-edit", args=["example-1", 2]), draft_fields(lookback_years="8"))
    page = director.get(reverse("eligibility:criteria-version", args=["example-1", 2])).content.decode()
    name = personas[Role.DIRECTOR].get_full_name()
    assert "Created" in page and f"{name}</td>" in page
    assert "Changed: look-back period (years), change summary" in page


@pytest.mark.parametrize("role", [Role.OFFICER, Role.DIRECTOR])
def test_the_criteria_list_runs_the_same_queries_for_two_sets_or_many(personas, role):
    from tests.factories import CriteriaSetFactory, draft_version

    def queries():
        return queries_to_get(signed_in_client(personas[role]), reverse("eligibility:criteria-list"))

    one = queries()
    for _ in range(5):
        CriteriaSetFactory()
        draft_version()
    assert queries() == one
