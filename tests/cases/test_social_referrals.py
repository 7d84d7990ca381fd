"""Social contact referrals (policy VIII), program capacity, the on-call roster, and the lists'
fixed query counts."""

import datetime

import pytest
from django.urls import reverse

from cases.models import Case, OnCallShift, Participant, Referral
from cases.selectors import on_call_now
from lead.notifications.models import Notification
from lead.roles import Role
from lead.system.models import SiteConfiguration
from owg.models import Decision, Meeting
from tests.conftest import signed_in_client
from tests.factories import UserFactory, bulk_reference, meeting, open_case, social_referral
from tests.helpers import clock_at, queries_to_get

NOW = datetime.datetime(2026, 11, 27, 18, 0, tzinfo=datetime.UTC)


clock = clock_at(NOW)


def refer(client, **fields):
    data = {
        "first_name": "Sam",
        "last_name": "Carter",
        "aliases": "",
        "date_of_birth": "",
        "reason": "Sleeps in the park; no new offense.",
        "known_needs": "Shelter; ID documents.",
    }
    return client.post(reverse("cases:social-new"), data | fields)


@pytest.mark.parametrize("role", [Role.OFFICER, Role.PROSECUTOR, Role.DEFENDER, Role.CASE_MANAGER, Role.DIRECTOR])
def test_any_owg_member_makes_a_social_contact_referral_that_waits_for_the_owg(personas, role):
    response = refer(signed_in_client(personas[role]))
    referral = Referral.objects.get()
    assert response["Location"] == reverse("cases:referral-detail", args=[referral.public_id])
    assert (referral.kind, referral.status, referral.referred_by) == ("social_contact", "pending", personas[role])
    assert signed_in_client(personas[role]).get(response["Location"]).status_code == 200


def test_the_referral_form_shows_the_programs_capacity(personas):
    config = SiteConfiguration.current()
    config.program_capacity = 3
    config.save()
    open_case()
    page = signed_in_client(personas[Role.OFFICER]).get(reverse("cases:social-new")).content.decode()
    assert "1 open case of 3: room for 2 more participants." in page


def test_a_referral_without_a_reason_is_refused_and_nothing_is_created(personas):
    page = refer(signed_in_client(personas[Role.DEFENDER]), reason="").content.decode()
    assert "Say why you refer the person." in page and "Shelter; ID documents." in page
    assert Participant.objects.count() == Referral.objects.count() == 0


def owg_decides(personas, referral, **data):
    """The director records the OWG's decision on the referral's item of the next meeting."""
    director = personas[Role.DIRECTOR]
    next_meeting = Meeting.objects.filter(status="scheduled").first() or meeting(members=[director])
    url = reverse("owg:decide", args=[next_meeting.public_id, Decision.Section.SOCIAL, referral.public_id])
    return signed_in_client(director).post(
        url, {"proposed_by": director.pk, "rationale": "Discussed.", "confirmed": "yes"} | data
    )


def test_the_director_records_the_owgs_approval_and_a_case_opens_with_the_outreach_plan(personas):
    referral = social_referral(by=personas[Role.DEFENDER])
    case_manager = personas[Role.CASE_MANAGER]
    owg_decides(
        personas,
        referral,
        outcome="approve",
        case_manager=case_manager.pk,
        action="Priya and Dana visit the park Monday morning.",
    )
    referral.refresh_from_db()
    case = Case.objects.get()
    assert (referral.status, referral.decided_by) == ("approved", personas[Role.DIRECTOR])
    assert (case.case_manager, case.assessment_due_on) == (case_manager, None)
    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        case_manager.username,
        personas[Role.DEFENDER].username,
    }


def test_approval_needs_a_case_manager_and_a_plan(personas):
    referral = social_referral(by=personas[Role.DEFENDER])
    page = owg_decides(personas, referral, outcome="approve").content.decode()
    assert (
        "Choose the case manager who takes the case." in page
        and "Write the follow-up action: the plan to engage or to reach the person." in page
    )
    assert Case.objects.count() == 0


def test_a_full_program_keeps_the_referral_pending(personas):
    config = SiteConfiguration.current()
    config.program_capacity = 1
    config.save()
    open_case()
    referral = social_referral(by=personas[Role.OFFICER])
    page = owg_decides(
        personas, referral, outcome="approve", case_manager=personas[Role.CASE_MANAGER].pk, action="Visit."
    ).content.decode()
    assert "The program is at capacity (1 open cases)" in page
    referral.refresh_from_db()
    assert referral.status == "pending" and Case.objects.count() == 1


def test_a_case_manager_at_the_caseload_limit_cannot_take_another_case(personas):
    config = SiteConfiguration.current()
    config.caseload_limit = 1
    config.save()
    open_case(case_manager=personas[Role.CASE_MANAGER])
    referral = social_referral(by=personas[Role.OFFICER])
    page = owg_decides(
        personas, referral, outcome="approve", case_manager=personas[Role.CASE_MANAGER].pk, action="Visit."
    ).content.decode()
    assert "already carries 1 open cases: choose another case manager." in page
    assert Case.objects.count() == 1


def test_the_owg_may_decline_with_a_reason(personas):
    referral = social_referral(by=personas[Role.OFFICER])
    assert "Give the rationale." in owg_decides(personas, referral, outcome="decline", rationale="").content.decode()
    owg_decides(personas, referral, outcome="decline", rationale="Already served by the county outreach team.")
    referral.refresh_from_db()
    assert (referral.status, referral.decision_reason) == ("declined", "Already served by the county outreach team.")


def test_withdrawing_a_referral_first_asks_and_then_withdraws_once(personas):
    referral = social_referral(by=personas[Role.OFFICER])
    client = signed_in_client(personas[Role.OFFICER])
    url = reverse("cases:withdraw", args=[referral.public_id])
    page = client.post(url).content.decode()
    assert "Yes, withdraw the referral" in page and "leaves the Operations Workgroup" in page
    referral.refresh_from_db()
    assert referral.status == "pending"
    client.post(url, {"confirmed": "yes"})
    again = client.post(url, {"confirmed": "yes"}, follow=True)
    assert "no longer waiting for approval" in again.content.decode()
    referral.refresh_from_db()
    assert referral.status == "withdrawn" and referral.history.filter(status="withdrawn").count() == 1


def test_the_referring_member_may_withdraw_a_pending_referral_and_no_one_else(personas):
    referral = social_referral(by=personas[Role.OFFICER])
    colleague = UserFactory(agency=personas[Role.OFFICER].agency, roles=[Role.OFFICER])
    signed_in_client(colleague).post(reverse("cases:withdraw", args=[referral.public_id]), {"confirmed": "yes"})
    referral.refresh_from_db()
    assert referral.status == "pending"
    signed_in_client(personas[Role.OFFICER]).post(
        reverse("cases:withdraw", args=[referral.public_id]), {"confirmed": "yes"}
    )
    referral.refresh_from_db()
    assert referral.status == "withdrawn"


def test_the_director_keeps_the_on_call_roster(personas):
    client = signed_in_client(personas[Role.DIRECTOR])
    case_manager = personas[Role.CASE_MANAGER]
    bad = client.post(
        reverse("cases:roster"),
        {
            "case_manager": case_manager.pk,
            "starts_at": "2026-11-27T17:00",
            "ends_at": "2026-11-27T09:00",
            "phone": "(555) 010-7777",
        },
    )
    assert "The shift must end after it starts." in bad.content.decode()
    client.post(
        reverse("cases:roster"),
        {
            "case_manager": case_manager.pk,
            "starts_at": "2026-11-27T09:00",
            "ends_at": "2026-11-27T17:00",
            "phone": "(555) 010-7777",
        },
    )
    assert on_call_now(NOW).case_manager == case_manager
    assert "On call now: <strong>" in client.get(reverse("cases:roster")).content.decode()
    shift = OnCallShift.objects.get()
    client.post(reverse("cases:roster-remove", args=[shift.pk]))
    assert on_call_now(NOW) is None


def test_a_shift_takes_the_case_managers_phone_unless_told_otherwise(personas):
    case_manager = personas[Role.CASE_MANAGER]
    case_manager.phone = "(555) 010-5151"
    case_manager.save()
    signed_in_client(personas[Role.DIRECTOR]).post(
        reverse("cases:roster"),
        {
            "case_manager": case_manager.pk,
            "starts_at": "2026-11-27T09:00",
            "ends_at": "2026-11-27T17:00",
            "phone": "",
        },
    )
    assert OnCallShift.objects.get().phone == "(555) 010-5151"


def many_referrals(count: int, *, by, agency) -> None:
    """`count` social contact referrals of `agency`, made in bulk (the agency sees them by their field)."""
    people = Participant.objects.bulk_create(
        Participant(first_name=f"Person{n}", last_name="Test", created_by=by) for n in range(count)
    )
    Referral.objects.bulk_create(
        Referral(
            reference=bulk_reference(),
            kind="social_contact",
            status="pending",
            participant=person,
            agency=agency,
            referred_by=by,
            reason="r",
            known_needs="n",
        )
        for person in people
    )


@pytest.mark.parametrize("role", [Role.OFFICER, Role.DIRECTOR])
@pytest.mark.parametrize("view_name", ["cases:referral-list", "home"])
def test_pages_run_the_same_queries_for_one_referral_or_500(personas, role, view_name):
    officer = personas[Role.OFFICER]
    SiteConfiguration.current()  # created on first use: not part of what is measured

    def queries():
        return queries_to_get(signed_in_client(personas[role]), reverse(view_name))

    many_referrals(1, by=officer, agency=officer.agency)
    one = queries()
    many_referrals(499, by=officer, agency=officer.agency)
    assert queries() == one


def test_the_roster_runs_the_same_queries_for_one_shift_or_many(personas):
    from tests.factories import on_call

    def queries():
        return queries_to_get(signed_in_client(personas[Role.DIRECTOR]), reverse("cases:roster"))

    SiteConfiguration.current()
    on_call(personas[Role.CASE_MANAGER])
    one = queries()
    for _ in range(10):
        on_call(UserFactory(agency=personas[Role.CASE_MANAGER].agency, roles=[Role.CASE_MANAGER]))
    assert queries() == one
