"""Outreach specialists: assignments from the case page, the day's list by urgency, logging
attempts and contacts, and what they may see (identity, contact details, engagement; never
clinical content)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Contact, end_of_day
from lead.notifications.models import Notification
from lead.roles import Role
from outreach.models import Assignment
from outreach.selectors import to_reach
from tests.conftest import signed_in_client
from tests.factories import open_case, outreach_assignment
from tests.helpers import queries_to_get


@pytest.fixture
def case(personas):
    return open_case(case_manager=personas[Role.CASE_MANAGER])


def log(client, case, **data):
    values = {
        "reached": "no",
        "place": "Fifth Street shelter",
        "at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "outcome": "Not there this morning.",
    } | data
    return client.post(reverse("outreach:participant", args=[case.public_id]), values)


def test_a_case_manager_asks_an_outreach_specialist_to_find_the_participant(personas, case):
    specialist = personas[Role.OUTREACH]
    signed_in_client(personas[Role.CASE_MANAGER]).post(
        reverse("outreach:assign", args=[case.public_id]),
        {"specialist": specialist.pk, "reason": "Usually at the library in the morning."},
    )
    assignment = Assignment.objects.get()
    assert (assignment.case, assignment.specialist, assignment.ended_at) == (case, specialist, None)
    assert Notification.objects.filter(user=specialist, subject="A participant to find").exists()
    client = signed_in_client(specialist)
    assert case.participant.full_name in client.get(reverse("outreach:participants")).content.decode()
    page = client.get(reverse("outreach:participant", args=[case.public_id])).content.decode()
    assert "Usually at the library in the morning." in page


def test_a_specialist_sees_only_the_participants_assigned_to_them(personas, case):
    outreach_assignment(case)  # another specialist's
    client = signed_in_client(personas[Role.OUTREACH])
    assert client.get(reverse("outreach:participant", args=[case.public_id])).status_code == 404
    assert case.participant.full_name not in client.get(reverse("outreach:participants")).content.decode()


def test_the_participant_page_shows_no_clinical_content(personas, case):
    from tests.cases.test_casefile import plant_clinical_text

    plant_clinical_text(case)
    Contact.objects.create(
        case=case,
        kind="visit",
        reached=True,
        at=timezone.now(),
        outcome="CLINICAL-contact-outcome",
        by=case.case_manager,
    )
    outreach_assignment(case, specialist=personas[Role.OUTREACH])
    page = (
        signed_in_client(personas[Role.OUTREACH])
        .get(reverse("outreach:participant", args=[case.public_id]))
        .content.decode()
    )
    assert case.participant.full_name in page and "CLINICAL-" not in page


def test_an_attempt_keeps_the_person_in_the_wind_and_a_contact_clears_it(personas, case):
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - datetime.timedelta(days=20))
    outreach_assignment(case, specialist=personas[Role.OUTREACH])
    client = signed_in_client(personas[Role.OUTREACH])
    log(client, case)
    assert to_reach(personas[Role.OUTREACH], timezone.now())[0].in_the_wind
    assert not Notification.objects.filter(subject="Outreach reached a participant").exists()
    log(client, case, reached="yes", place="Library steps", outcome="Talked; will call Dana today.")
    reached = to_reach(personas[Role.OUTREACH], timezone.now())[0]
    assert not reached.in_the_wind and reached.seen_place == "Library steps"
    assert Notification.objects.filter(user=case.case_manager, subject="Outreach reached a participant").exists()
    assert Contact.objects.filter(case=case, kind="outreach").count() == 2


def test_a_mistake_in_the_log_form_keeps_what_was_typed(personas, case):
    outreach_assignment(case, specialist=personas[Role.OUTREACH])
    page = log(
        signed_in_client(personas[Role.OUTREACH]), case, place="", outcome="Left a note at the desk."
    ).content.decode()
    assert "Say where you looked." in page and "Left a note at the desk." in page
    assert not Contact.objects.exists()


def test_the_most_urgent_come_first(personas):
    specialist = personas[Role.OUTREACH]
    now = timezone.now()
    calm, quiet, due, gone = (open_case() for _ in range(4))
    Case.objects.filter(pk=calm.pk).update(last_reached_at=now)
    Case.objects.filter(pk=quiet.pk).update(last_reached_at=now - datetime.timedelta(days=9))
    due_on = timezone.localdate(now) + datetime.timedelta(days=3)
    Case.objects.filter(pk=due.pk).update(
        last_reached_at=now, assessment_due_on=due_on, assessment_due_at=end_of_day(due_on)
    )
    Case.objects.filter(pk=gone.pk).update(last_reached_at=now - datetime.timedelta(days=30))
    for case in (calm, quiet, due, gone):
        outreach_assignment(case, specialist=specialist)
    assert [c.pk for c in to_reach(specialist, now)] == [gone.pk, due.pk, quiet.pk, calm.pk]


def test_ending_the_assignment_ends_the_access(personas, case):
    assignment = outreach_assignment(case, specialist=personas[Role.OUTREACH])
    signed_in_client(personas[Role.CASE_MANAGER]).post(
        reverse("outreach:assign", args=[case.public_id]), {"end": assignment.pk}
    )
    assert (
        signed_in_client(personas[Role.OUTREACH])
        .get(reverse("outreach:participant", args=[case.public_id]))
        .status_code
        == 404
    )


@pytest.mark.parametrize("end", ["abc", "1\x00", "99999999999999999999", "", "1.0"])
def test_a_tampered_end_button_ends_nothing_and_is_no_server_error(personas, case, end):
    assignment = outreach_assignment(case, specialist=personas[Role.OUTREACH])
    response = signed_in_client(personas[Role.CASE_MANAGER]).post(
        reverse("outreach:assign", args=[case.public_id]), {"end": end}
    )
    assert response.status_code == 302
    assert Assignment.objects.get(pk=assignment.pk).ended_at is None


def test_only_outreach_specialists_can_be_assigned(personas, case):
    page = (
        signed_in_client(personas[Role.CASE_MANAGER])
        .post(reverse("outreach:assign", args=[case.public_id]), {"specialist": personas[Role.OFFICER].pk}, follow=True)
        .content.decode()
    )
    assert "Choose the outreach specialist." in page and not Assignment.objects.exists()


def test_the_list_runs_the_same_queries_for_one_and_many_participants(personas):
    specialist = personas[Role.OUTREACH]
    client = signed_in_client(specialist)
    outreach_assignment(open_case(), specialist=specialist)
    client.get(reverse("outreach:participants"))

    def queries():
        return queries_to_get(client, reverse("outreach:participants"))

    one = queries()
    for _ in range(8):
        outreach_assignment(open_case(), specialist=specialist)
    assert queries() == one


def test_the_list_says_where_the_person_was_last_seen_not_where_they_were_looked_for(personas, case):
    outreach_assignment(case, specialist=personas[Role.OUTREACH])
    client = signed_in_client(personas[Role.OUTREACH])
    earlier = timezone.localtime() - datetime.timedelta(days=2)
    log(client, case, reached="yes", place="Library steps", at=earlier.strftime("%Y-%m-%dT%H:%M"), outcome="Talked.")
    log(client, case, place="Fifth Street shelter")
    page = client.get(reverse("outreach:participants")).content.decode()
    assert f"Last seen: Library steps, {earlier:%b} {earlier.day}" in page
    assert "Looked for since: Fifth Street shelter" in page
    log(client, case, reached="yes", place="Bus depot", outcome="Found at the depot.")
    page = client.get(reverse("outreach:participants")).content.decode()
    assert "Last seen: Bus depot" in page and "Looked for since" not in page
