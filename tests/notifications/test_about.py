"""Notifications that say what happened and to whom: described to each recipient within what
they may see of the record when they look, grouped when an event repeats, and e-mailed with no
more than the case reference."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lead.agencies.models import Agency
from lead.notifications.models import Notification
from lead.notifications.services import notify
from lead.outbox.models import OutboxMessage
from lead.roles import Role
from tests.conftest import signed_in_client
from tests.factories import (
    AgencyFactory,
    NotificationFactory,
    ScreeningFactory,
    UserFactory,
    arrest_referral,
    persona_case,
)

LIST = reverse("notifications:list")


@pytest.fixture
def case(personas):
    """Jordan Reyes's case: diverted by the officer persona, handed off to the case manager persona."""
    return persona_case(personas)


def made_at(notification, at):
    """created_at is set on insert (auto_now_add): move it afterwards."""
    Notification.objects.filter(pk=notification.pk).update(created_at=at)


def listed(user) -> str:
    return signed_in_client(user).get(LIST).content.decode()


def test_a_case_manager_reads_the_participants_name_and_the_case_reference(case, case_manager):
    notify(user=case_manager, subject="The OWG decided on a case", body="Continue", url="/", about=case)
    page = listed(case_manager)
    assert f"About Jordan Reyes, {case.referral.reference}" in page


def test_an_officer_reads_the_report_number_and_the_reference_not_the_name(case):
    officer = case.referral.referred_by
    # handoff_accept told the officer "… accepted the hand-off", about the referral.
    told = Notification.objects.get(user=officer)
    assert (told.about_kind, told.about_id) == ("referral", case.referral.public_id)
    page = listed(officer)
    report = case.referral.screening.report_number
    assert f"About report {report}, {case.referral.reference}" in page
    assert "Jordan" not in page and "Reyes" not in page


def test_the_director_reads_the_name_too(case, director):
    notify(user=director, subject="Emergency access to a case's clinical record", about=case)
    assert f"About Jordan Reyes, {case.referral.reference}" in listed(director)


def test_once_the_record_is_out_of_scope_only_the_generic_text_shows(case, case_manager):
    Notification.objects.filter(user=case_manager).delete()  # the hand-off request, about the referral
    notify(user=case_manager, subject="The OWG decided on a case", url="/", about=case)
    assert "Jordan Reyes" in listed(case_manager)
    # The case manager moves to another provider: the case is no longer theirs to see.
    case_manager.agency = AgencyFactory(kind=Agency.Kind.SERVICE_PROVIDER)
    case_manager.save()
    page = listed(case_manager)
    assert "The OWG decided on a case" in page
    assert "Jordan" not in page and case.referral.reference not in page


def test_another_agencys_officer_never_reads_what_a_notification_is_about(case):
    stranger = UserFactory(roles=[Role.OFFICER])
    notify(user=stranger, subject="Something about a referral", about=case.referral)
    page = listed(stranger)
    assert "Something about a referral" in page
    assert "About " not in page and case.referral.screening.report_number not in page


def test_a_page_runs_one_query_per_kind_of_record_however_many_notifications(case, director):
    # The director, who may see records of all three kinds: each kind's lookup runs its query.
    referral, screening = case.referral, ScreeningFactory()
    kinds = [("case", case.public_id), ("referral", referral.public_id), ("screening", screening.public_id)]
    client = signed_in_client(director)

    def queries():
        client.get(LIST)  # sessions and caches warmed
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    NotificationFactory(user=director, about_kind="case", about_id=case.public_id)
    one = queries()
    for kind, public_id in kinds[1:]:
        NotificationFactory(user=director, about_kind=kind, about_id=public_id)
    one_of_each = queries()
    for i in range(40):
        kind, public_id = kinds[i % 3]
        NotificationFactory(user=director, about_kind=kind, about_id=public_id)
    page_of_25 = queries()
    assert one_of_each == one + 2  # a query for each kind more on the page
    assert page_of_25 == one_of_each


def test_the_same_event_repeated_is_one_row_with_a_count_and_each_still_opens(case, officer):
    Notification.objects.filter(user=officer).delete()
    at = timezone.now()
    others = [arrest_referral(officer=officer) for _ in range(2)]
    for i, referral in enumerate([case.referral, *others]):
        made_at(
            NotificationFactory(
                user=officer,
                subject="Dana Whitfield accepted the hand-off",
                about_kind="referral",
                about_id=referral.public_id,
                read_at=at if i == 2 else None,
            ),
            at - datetime.timedelta(minutes=i),
        )
    made_at(NotificationFactory(user=officer, subject="Something else"), at - datetime.timedelta(minutes=10))
    page = signed_in_client(officer).get(LIST)
    groups = page.context["groups"]
    assert [(g.first.subject, len(g.items), g.unread) for g in groups] == [
        ("Dana Whitfield accepted the hand-off", 3, 2),
        ("Something else", 1, 1),
    ]
    html = page.content.decode()
    assert 'Dana Whitfield accepted the hand-off <span class="lead-count">(3 times)</span>' in html
    assert f"report {case.referral.screening.report_number}" in html
    assert html.count("<summary>Each of the 3</summary>") == 1
    for item in groups[0].items:
        assert reverse("notifications:open", args=[item.public_id]) in html
    assert ">2 new<" in html


def test_mark_all_read_sits_on_top_and_says_how_many_it_marked(officer):
    NotificationFactory.create_batch(3, user=officer)
    NotificationFactory(user=officer, read_at=timezone.now())
    client = signed_in_client(officer)
    html = client.get(LIST).content.decode()
    assert html.index("Mark all 3 as read") < html.index("<table")
    response = client.post(reverse("notifications:read-all"), follow=True)
    assert "3 notifications marked as read." in response.content.decode()
    assert "Mark all" not in response.content.decode()


def test_the_email_names_the_case_reference_and_nobody(case, officer, case_manager, settings):
    settings.LEAD_EMAIL_NOTIFICATIONS = True
    notify(user=case_manager, subject="The OWG decided on a case", body="Continue", url="/", about=case)
    notify(user=officer, subject="An assessment is overdue", url="/", about=case.referral)
    for user in (case_manager, officer):
        email = OutboxMessage.objects.get(user=user)
        assert email.subject.endswith(f"({case.referral.reference})")
        text = email.subject + email.body
        assert "Jordan" not in text and "Reyes" not in text
        assert case.referral.screening.report_number not in text


def test_a_notification_about_nothing_registered_is_listed_as_it_is(officer):
    NotificationFactory(user=officer, subject="Your password was reset", about_kind="no-such-kind")
    page = listed(officer)
    assert "Your password was reset" in page and "About " not in page


def test_prosecutors_read_the_report_number_of_a_screening(personas):
    prosecutor = personas[Role.PROSECUTOR]
    screening = ScreeningFactory(agency=AgencyFactory(prosecuting_office=prosecutor.agency))
    notify(user=prosecutor, subject="A screening waits for your review", about=screening)
    assert f"About report {screening.report_number}" in listed(prosecutor)
