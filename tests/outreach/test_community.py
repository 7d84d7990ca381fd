"""Community engagement (policy: Public Outreach and Education): the coordinator's Community
Leadership Team, activities and feedback, the monthly report the app drafts from them and the PCG
reads once submitted; police and prosecutors see none of it."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from lead.agencies.models import Agency
from lead.audit.models import AccessEvent
from lead.notifications.models import Notification
from lead.roles import Role
from lead.services import Conflict
from outreach.models import Activity, CLTMember, Feedback, MonthlyReport
from outreach.services import community as services
from tests.conftest import signed_in_client
from tests.factories import (
    AgencyFactory,
    UserFactory,
    activity,
    clt_member,
    feedback,
    monthly_report,
)
from tests.helpers import clock_at, queries_to_get

pytestmark = pytest.mark.django_db

# 10:00 on Tuesday, March 10, 2026 in Harbor County (America/Los_Angeles).
NOW = datetime.datetime(2026, 3, 10, 17, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 3, 10)
MARCH = datetime.date(2026, 3, 1)
FEBRUARY = datetime.date(2026, 2, 1)  # ended by NOW: its report may be submitted


clock = clock_at(NOW)


def member_fields(**fields) -> dict:
    return {
        "name": "Rosa Jimenez",
        "email": "",
        "phone": "",
        "listed": "yes",
        "consent_on": "2026-03-02",
        "term_starts": "2026-01-01",
        "term_ends": "",
    } | fields


def activity_fields(**fields) -> dict:
    return {
        "kind": "forum",
        "held_on": "2026-03-04",
        "title": "LEAD at the library",
        "place": "Central Library",
        "audience": "Neighborhood council",
        "people": "30",
        "copies": "",
        "agency": "",
        "notes": "",
    } | fields


def section(html: str, heading: str, until: str) -> str:
    return html.split(heading, 1)[1].split(until, 1)[0]


# The Community Leadership Team ----------------------------------------------------------------


def test_the_coordinator_records_only_the_experience_a_member_discloses(coordinator):
    client = signed_in_client(coordinator)
    response = client.post(reverse("outreach:clt-new"), member_fields(experience=["justice", "drug_use"]))
    member = CLTMember.objects.get(name="Rosa Jimenez")
    assert response.status_code == 302
    assert member.experience == ["justice", "drug_use"]
    page = client.get(reverse("outreach:clt-member", args=[member.public_id])).content.decode()
    assert "Justice involvement; Former or current drug use" in page
    assert "Affected by poverty" not in page.split("The member", 1)[1].split("Update the member", 1)[0]


def test_a_member_may_disclose_nothing(coordinator):
    client = signed_in_client(coordinator)
    client.post(reverse("outreach:clt-new"), member_fields(name="Sam Ortiz"))
    member = CLTMember.objects.get(name="Sam Ortiz")
    assert member.experience == []
    assert "None disclosed" in client.get(reverse("outreach:clt-member", args=[member.public_id])).content.decode()


def test_a_member_who_does_not_consent_is_not_in_the_listed_list(coordinator):
    client = signed_in_client(coordinator)
    client.post(reverse("outreach:clt-new"), member_fields(name="Listed Person"))
    client.post(reverse("outreach:clt-new"), member_fields(name="Private Person", listed="no"))
    private = CLTMember.objects.get(name="Private Person")
    assert (private.listed, private.consent_on) == (False, None)
    page = client.get(reverse("outreach:community")).content.decode()
    listed = section(page, ">Listed publicly<", ">Not listed<")
    unlisted = section(page, ">Not listed<", "</table>")
    assert "Listed Person" in listed and "Private Person" not in listed
    assert "Private Person" in unlisted


def test_consenting_to_be_listed_needs_the_date_and_keeps_what_was_typed(coordinator):
    response = signed_in_client(coordinator).post(
        reverse("outreach:clt-new"), member_fields(name="Dee Park", consent_on="")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the date the member consented to be listed." in page
    assert 'value="Dee Park"' in page
    assert not CLTMember.objects.exists()


def test_the_director_reads_a_member_but_cannot_change_it(director):
    member = clt_member()
    client = signed_in_client(director)
    page = client.get(reverse("outreach:clt-member", args=[member.public_id])).content.decode()
    assert member.name in page and "Save the member" not in page
    assert (
        client.post(reverse("outreach:clt-member", args=[member.public_id]), member_fields(name="Changed")).status_code
        == 403
    )


# Activities and feedback ----------------------------------------------------------------------


def test_the_coordinator_records_an_activity_then_feedback_on_it_with_a_response(coordinator):
    client = signed_in_client(coordinator)
    response = client.post(reverse("outreach:activity-new"), activity_fields())
    forum = Activity.objects.get()
    assert response["Location"] == reverse("outreach:activity", args=[forum.public_id])
    assert (forum.kind, forum.place, forum.people, forum.recorded_by) == ("forum", "Central Library", 30, coordinator)

    response = client.post(
        reverse("outreach:feedback-new"),
        {
            "received_on": "2026-03-04",
            "place": "The forum",
            "topic": "fairness",
            "said": "Who decides who is diverted?",
            "activity": forum.pk,
        },
    )
    item = Feedback.objects.get()
    assert response["Location"] == reverse("outreach:feedback", args=[item.public_id])
    assert (item.activity, item.response) == (forum, "")

    response = client.post(
        reverse("outreach:feedback", args=[item.public_id]),
        {
            "response": "Explained the criteria at the next forum.",
            "responded_on": "2026-03-09",
            "revision": item.revision,
        },
    )
    item.refresh_from_db()
    assert response.status_code == 302
    assert (item.response, item.responded_on) == (
        "Explained the criteria at the next forum.",
        datetime.date(2026, 3, 9),
    )
    assert item.history.first().history_user == coordinator


def test_the_activity_page_offers_feedback_from_it(coordinator):
    forum = activity(by=coordinator, held_on=TODAY)
    page = signed_in_client(coordinator).get(reverse("outreach:activity", args=[forum.public_id])).content.decode()
    assert f"{reverse('outreach:feedback-new')}?activity={forum.public_id}" in page


def test_a_mangled_activity_link_opens_an_empty_feedback_form(coordinator):
    response = signed_in_client(coordinator).get(reverse("outreach:feedback-new"), {"activity": "not-an-id"})
    assert response.status_code == 200


def test_a_literature_distribution_needs_the_number_of_copies(coordinator):
    response = signed_in_client(coordinator).post(
        reverse("outreach:activity-new"), activity_fields(kind="literature", people="")
    )
    assert "Enter how many copies were handed out." in response.content.decode()
    assert not Activity.objects.exists()


def test_an_agency_presentation_names_a_pcg_member_agency(coordinator, personas):
    police = personas[Role.OFFICER].agency
    provider = AgencyFactory(name="Bridgeway Housing", kind=Agency.Kind.SERVICE_PROVIDER)
    client = signed_in_client(coordinator)
    page = client.get(reverse("outreach:activity-new")).content.decode()
    assert police.name in page and provider.name not in page
    response = client.post(reverse("outreach:activity-new"), activity_fields(kind="agency"))
    assert "Choose the agency that gave the presentation." in response.content.decode()
    client.post(
        reverse("outreach:activity-new"), activity_fields(kind="agency", agency=police.pk, audience="Patrol staff")
    )
    assert Activity.objects.get().agency == police


def test_the_director_records_a_media_inquiry(director):
    client = signed_in_client(director)
    assert re.search(r'value="media"[^>]* checked', client.get(reverse("outreach:activity-new")).content.decode())
    response = client.post(
        reverse("outreach:activity-new"),
        activity_fields(kind="media", title="Harbor Herald: how LEAD works", place="", people=""),
    )
    assert response.status_code == 302
    assert Activity.objects.get().recorded_by == director


def test_the_director_reads_feedback_but_cannot_respond(director, coordinator):
    item = feedback(by=coordinator)
    client = signed_in_client(director)
    page = client.get(reverse("outreach:feedback", args=[item.public_id])).content.decode()
    assert item.said in page and "Save the response" not in page
    assert (
        client.post(
            reverse("outreach:feedback", args=[item.public_id]), {"response": "x", "responded_on": "2026-03-10"}
        ).status_code
        == 403
    )


def test_feedback_links_only_to_an_activity_of_the_last_90_days(coordinator):
    old = activity(by=coordinator, held_on=TODAY - datetime.timedelta(days=91), title="Old forum")
    recent = activity(by=coordinator, held_on=TODAY - datetime.timedelta(days=89), title="Recent forum")
    client = signed_in_client(coordinator)
    page = client.get(reverse("outreach:feedback-new")).content.decode()
    assert "Recent forum" in page and "Old forum" not in page
    response = client.post(
        reverse("outreach:feedback-new"),
        {
            "received_on": "2026-03-09",
            "place": "Call",
            "topic": "other",
            "said": "Thanks.",
            "activity": old.pk,
        },
    )
    assert "Choose an activity of the last 90 days." in response.content.decode()
    assert recent.pk  # offered above


def test_reading_a_feedback_record_or_a_member_is_in_the_access_log(coordinator, director):
    item, member = feedback(by=coordinator), clt_member()
    client = signed_in_client(director)
    client.get(reverse("outreach:feedback", args=[item.public_id]))
    client.get(reverse("outreach:clt-member", args=[member.public_id]))
    reads = AccessEvent.objects.filter(kind=AccessEvent.Kind.READ, user=director)
    assert set(reads.values_list("object_type", "object_id")) == {
        ("outreach.feedback", str(item.public_id)),
        ("outreach.cltmember", str(member.public_id)),
    }


# The monthly report ---------------------------------------------------------------------------


@pytest.fixture
def march(coordinator, personas):
    """March's forum with answered feedback, a literature run, unanswered feedback; February's forum."""
    forum = activity(
        by=coordinator,
        held_on=datetime.date(2026, 3, 4),
        title="LEAD at the library",
        place="Central Library",
        people=30,
    )
    activity(
        by=coordinator,
        kind="literature",
        held_on=datetime.date(2026, 3, 6),
        title="LEAD brochures",
        place="Harbor shelter",
        people=None,
        copies=200,
    )
    activity(by=coordinator, held_on=datetime.date(2026, 2, 20), title="February forum", place="City Hall")
    feedback(
        by=coordinator,
        received_on=datetime.date(2026, 3, 4),
        place="The forum",
        topic="fairness",
        activity=forum,
        said="Who decides who is diverted?",
        response="Explained the criteria at the next forum.",
        responded_on=datetime.date(2026, 3, 9),
    )
    feedback(
        by=coordinator, received_on=datetime.date(2026, 3, 8), place="Email", topic="housing", said="Beds are scarce."
    )
    return forum


def test_the_draft_holds_the_months_activities_and_feedback_with_the_response(coordinator, march):
    report = services.report_draft(month=MARCH, by=coordinator, now=NOW)
    body = report.body
    assert (report.status, report.revision, report.month) == (MonthlyReport.Status.DRAFT, 1, MARCH)
    assert "Educational forum (1)" in body
    assert "- Mar 4: LEAD at the library, at Central Library (30 people)" in body
    assert "Literature distribution (1)" in body and "200 copies handed out" in body
    assert "Fairness and equity (1)" in body
    assert "What was said: Who decides who is diverted?" in body
    assert "Response (Mar 9): Explained the criteria at the next forum." in body
    assert "What was said: Beds are scarce.\n  Response: no response yet" in body
    assert "February forum" not in body


def test_the_draft_tells_the_pcg_of_responses_to_earlier_feedback(coordinator):
    feedback(
        by=coordinator,
        received_on=datetime.date(2026, 2, 26),
        said="Why no forum on the Eastside?",
        response="One is planned for April.",
        responded_on=datetime.date(2026, 3, 3),
    )
    body = services.report_draft(month=MARCH, by=coordinator, now=NOW).body
    assert "No feedback was recorded this month." in body
    assert "Responses this month to earlier feedback\n- Received Feb 26, Community forum" in body
    assert "Response (Mar 3): One is planned for April." in body


def test_drafting_again_refreshes_the_draft(coordinator, march):
    report = services.report_draft(month=MARCH, by=coordinator, now=NOW)
    activity(by=coordinator, held_on=datetime.date(2026, 3, 9), title="Talk at the rotary club", place="Rotary")
    again = services.report_draft(month=MARCH, by=coordinator, now=NOW)
    assert again.pk == report.pk and again.revision == 2
    assert "Talk at the rotary club" in again.body


def test_a_submitted_report_is_not_redrafted(coordinator):
    monthly_report(by=coordinator, submitted=True, month=MARCH)
    with pytest.raises(Conflict, match="already submitted"):
        services.report_draft(month=MARCH, by=coordinator, now=NOW)


def test_a_month_not_yet_begun_cannot_be_drafted(coordinator):
    response = signed_in_client(coordinator).post(reverse("outreach:report-draft"), {"month": "2026-04"})
    assert "April 2026 has not begun" in response.content.decode()
    assert not MonthlyReport.objects.exists()


def test_drafting_from_the_page_opens_the_draft(coordinator, march):
    response = signed_in_client(coordinator).post(reverse("outreach:report-draft"), {"month": "2026-03"})
    report = MonthlyReport.objects.get()
    assert response["Location"] == reverse("outreach:report", args=[report.public_id])
    assert "LEAD at the library" in report.body


def test_a_month_that_is_not_a_month_is_explained(coordinator):
    response = signed_in_client(coordinator).post(reverse("outreach:report-draft"), {"month": "March"})
    assert response.status_code == 200
    assert "Enter the month as year and month, for example 2026-03." in response.content.decode()


def test_the_coordinator_edits_the_draft(coordinator):
    report = monthly_report(by=coordinator, month=MARCH)
    signed_in_client(coordinator).post(
        reverse("outreach:report", args=[report.public_id]), {"body": "Edited text.", "revision": 1, "action": "save"}
    )
    report.refresh_from_db()
    assert (report.body, report.revision, report.status) == ("Edited text.", 2, MonthlyReport.Status.DRAFT)


def test_editing_with_a_stale_revision_is_refused_keeping_the_typed_text(coordinator):
    report = monthly_report(by=coordinator, month=FEBRUARY)
    services.report_update(report=report, body="Saved meanwhile in another tab.", revision=1, by=coordinator)
    response = signed_in_client(coordinator).post(
        reverse("outreach:report", args=[report.public_id]),
        {"body": "My careful edit.", "revision": 1, "action": "submit", "confirmed": "yes"},
    )
    page = response.content.decode()
    report.refresh_from_db()
    assert response.status_code == 200
    assert "The draft changed after you opened it" in page
    assert "My careful edit.</textarea>" in page
    assert "Saved meanwhile in another tab." in page
    assert 'name="revision" value="2"' in page
    assert (report.body, report.status) == ("Saved meanwhile in another tab.", MonthlyReport.Status.DRAFT)


def test_submitting_notifies_every_active_pcg_member_without_the_content(coordinator, pcg):
    other_member = UserFactory(roles=[Role.PCG])
    UserFactory(roles=[Role.PCG], is_active=False)
    report = monthly_report(by=coordinator, month=FEBRUARY)
    response = signed_in_client(coordinator).post(
        reverse("outreach:report", args=[report.public_id]),
        {"body": "Two forums; feedback on fairness.", "revision": 1, "action": "submit", "confirmed": "yes"},
    )
    report.refresh_from_db()
    assert response.status_code == 302
    assert (report.status, report.submitted_by, report.submitted_at) == (
        MonthlyReport.Status.SUBMITTED,
        coordinator,
        NOW,
    )
    notes = Notification.objects.all()
    assert {n.user for n in notes} == {pcg, other_member}
    for note in notes:
        assert note.url == reverse("outreach:report", args=[report.public_id])
        assert "forum" not in note.subject + note.body and "fairness" not in note.subject + note.body


def test_a_second_submit_is_refused(coordinator):
    report = monthly_report(by=coordinator, month=FEBRUARY)
    services.report_submit(report=report, by=coordinator, now=NOW)
    with pytest.raises(Conflict, match="already submitted"):
        services.report_submit(report=report, by=coordinator, now=NOW)
    client = signed_in_client(coordinator)
    response = client.post(
        reverse("outreach:report", args=[report.public_id]),
        {"body": "Late edit.", "revision": 2, "action": "submit", "confirmed": "yes"},
    )
    assert response.status_code == 302
    assert "already submitted" in client.get(response["Location"]).content.decode()


def test_the_pcg_reads_the_submitted_report_and_gets_404_on_a_draft(coordinator, pcg):
    submitted = monthly_report(by=coordinator, submitted=True, month=datetime.date(2026, 2, 1))
    draft = monthly_report(by=coordinator, month=MARCH)
    client = signed_in_client(pcg)
    page = client.get(reverse("outreach:report", args=[submitted.public_id])).content.decode()
    assert submitted.body in page and "Submit to the PCG" not in page
    assert client.get(reverse("outreach:report", args=[draft.public_id])).status_code == 404
    listing = client.get(reverse("outreach:reports")).content.decode()
    assert "February 2026" in listing and "March 2026" not in listing


def test_the_coordinator_lists_every_month(coordinator):
    monthly_report(by=coordinator, submitted=True, month=datetime.date(2026, 2, 1))
    monthly_report(by=coordinator, month=MARCH)
    listing = signed_in_client(coordinator).get(reverse("outreach:reports")).content.decode()
    assert "February 2026" in listing and "March 2026" in listing


# Independence from enforcement and prosecution --------------------------------------------------


@pytest.mark.parametrize("role", [Role.OFFICER, Role.PROSECUTOR])
def test_police_and_prosecutors_get_403_on_every_community_page(personas, coordinator, role):
    item, member = feedback(by=coordinator), clt_member()
    forum, report = activity(by=coordinator), monthly_report(by=coordinator, submitted=True, month=MARCH)
    client = signed_in_client(personas[role])
    for url in (
        reverse("outreach:community"),
        reverse("outreach:reports"),
        reverse("outreach:feedback-new"),
        reverse("outreach:feedback", args=[item.public_id]),
        reverse("outreach:clt-member", args=[member.public_id]),
        reverse("outreach:activity", args=[forum.public_id]),
        reverse("outreach:report", args=[report.public_id]),
    ):
        assert client.get(url).status_code == 403, url


# The overview and the home panel ----------------------------------------------------------------


def test_the_director_sees_everything_and_may_only_record_activities(director, coordinator):
    feedback(by=coordinator, said="Open question")
    page = signed_in_client(director).get(reverse("outreach:community")).content.decode()
    assert "Record an activity" in page
    assert "Add a CLT member" not in page and "Record feedback" not in page and "Draft the report" not in page
    assert "Fairness and equity" in page


def records(coordinator, number: int, start: int = 0):
    for n in range(start, start + number):
        clt_member(name=f"Listed {n}")
        clt_member(name=f"Private {n}", listed=False)
        forum = activity(by=coordinator, title=f"Forum {n}", agency=None)
        feedback(by=coordinator, activity=forum)
        monthly_report(by=coordinator, month=datetime.date(2024, 1, 1) + datetime.timedelta(days=31 * n))


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.DIRECTOR])
def test_the_overview_runs_the_same_queries_for_one_or_twenty_records(personas, coordinator, role):
    def queries():
        return queries_to_get(signed_in_client(personas[role]), reverse("outreach:community"))

    records(coordinator, 1)
    one = queries()
    records(coordinator, 19, start=1)
    assert queries() == one


def test_the_overview_pages_each_list_by_itself(coordinator):
    for n in range(30):
        activity(by=coordinator, title=f"Forum {n:02}")
    page = (
        signed_in_client(coordinator)
        .get(reverse("outreach:community"), {"activities": 2, "listed": 1})
        .content.decode()
    )
    assert "Page 2 of 2" in page
    assert "?activities=1&amp;listed=1" in page


def test_the_home_panel_shows_what_is_coming_what_waits_and_the_months_report(coordinator):
    activity(by=coordinator, held_on=TODAY + datetime.timedelta(days=5), title="Spring forum")
    activity(by=coordinator, held_on=TODAY - datetime.timedelta(days=2), title="Library talk")
    feedback(by=coordinator, said="Unanswered")
    feedback(by=coordinator, said="Answered", response="Done.", responded_on=TODAY)
    data = services.overview_for_home(coordinator)
    assert [a.title for a in data["upcoming"]] == ["Spring forum"]
    assert [a.title for a in data["recent"]] == ["Library talk"]
    assert [f.said for f in data["waiting"]] == ["Unanswered"] and data["waiting_count"] == 1
    assert (data["month"], data["report"], data["may_draft"]) == (MARCH, None, True)


def test_the_home_panel_takes_the_same_queries_for_one_or_twenty_records(coordinator):
    def queries():
        user = type(coordinator).objects.get(pk=coordinator.pk)  # its roles not yet read, as in a request
        with CaptureQueriesContext(connection) as captured:
            services.overview_for_home(user)
        return len(captured)

    records(coordinator, 1)
    one = queries()
    records(coordinator, 19, start=1)
    assert queries() == one


def test_the_home_panel_renders(coordinator):
    from django.template.loader import render_to_string

    from home.panels import OUTREACH

    activity(by=coordinator, held_on=TODAY + datetime.timedelta(days=5), title="Spring forum")
    html = render_to_string("home/outreach.html", {"data": services.overview_for_home(coordinator), "panel": OUTREACH})
    assert "Spring forum" in html and "Draft the March report" in html
    empty = render_to_string(
        "home/outreach.html", {"data": services.overview_for_home(coordinator) | {"upcoming": []}, "panel": OUTREACH}
    )
    assert OUTREACH.empty in empty


# Guards and the confirmation step of submitting ------------------------------------------------


def test_a_month_that_has_not_ended_is_not_submitted(coordinator, pcg):
    report = monthly_report(by=coordinator, month=MARCH)
    with pytest.raises(
        Conflict, match=re.escape("March 2026 has not ended: its report can be submitted from April 1, 2026.")
    ):
        services.report_submit(report=report, by=coordinator, now=NOW)
    response = signed_in_client(coordinator).post(
        reverse("outreach:report", args=[report.public_id]),
        {"body": "My March text.", "revision": 1, "action": "submit", "confirmed": "yes"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "March 2026 has not ended" in page
    assert "My March text.</textarea>" in page
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.DRAFT and not Notification.objects.exists()


def test_the_last_day_of_the_month_is_still_in_it_in_the_sites_time_zone(coordinator):
    report = monthly_report(by=coordinator, month=datetime.date(2026, 11, 1))
    # 03:00 UTC on December 1 is still November 30 in the site's zone (America/*)
    late = datetime.datetime(2026, 12, 1, 3, 0, tzinfo=datetime.UTC)
    assert timezone.localdate(late) == datetime.date(2026, 11, 30)
    assert services.submit_refusal(report, late) is not None
    assert services.submit_refusal(report, datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)) is None


def test_a_report_counting_an_implausible_reach_is_not_submitted(coordinator):
    record = activity(by=coordinator, held_on=datetime.date(2026, 2, 12), title="Radio spot")
    Activity.objects.filter(pk=record.pk).update(people=250_000)  # saved before the bound existed
    report = monthly_report(by=coordinator, month=FEBRUARY)
    with pytest.raises(Conflict, match="“Radio spot”, counts more than 100,000"):
        services.report_submit(report=report, by=coordinator, now=NOW)


def test_submitting_first_says_who_is_notified_and_then_submits_once(coordinator, pcg):
    report = monthly_report(by=coordinator, month=FEBRUARY)
    client = signed_in_client(coordinator)
    url = reverse("outreach:report", args=[report.public_id])
    data = {"body": "Two forums in February.", "revision": 1, "action": "submit"}
    asked = client.post(url, data)
    page = asked.content.decode()
    assert asked.status_code == 200 and "Yes, submit the report to the PCG" in page
    assert "1 member of the PCG is notified" in page and escape(pcg.get_full_name()) in page
    assert 'value="Two forums in February."' in page
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.DRAFT and report.body != "Two forums in February."
    assert not Notification.objects.exists()
    client.post(url, data | {"confirmed": "yes"})
    client.post(url, data | {"confirmed": "yes"})
    report.refresh_from_db()
    assert (report.status, report.body) == (MonthlyReport.Status.SUBMITTED, "Two forums in February.")
    assert Notification.objects.filter(user=pcg).count() == 1


def test_a_reach_above_100000_is_refused_on_the_form(coordinator):
    response = signed_in_client(coordinator).post(
        reverse("outreach:activity-new"),
        {"kind": "forum", "held_on": "2026-03-04", "title": "Forum", "place": "Library", "people": "999999999999"},
    )
    assert "Enter at most 100,000 for one activity" in response.content.decode()
    assert not Activity.objects.exists()


def test_an_activity_ahead_has_no_count_yet(coordinator):
    with pytest.raises(Conflict, match="count the people reached once the activity has taken place") as refused:
        services.activity_record(
            by=coordinator,
            now=NOW,
            kind="forum",
            held_on=datetime.date(2026, 3, 20),
            title="Forum ahead",
            place="Library",
            people=40,
        )
    assert refused.value.field == "people"
    planned = services.activity_record(
        by=coordinator,
        now=NOW,
        kind="literature",
        held_on=datetime.date(2026, 3, 20),
        title="Brochures",
        place="Shelter",
    )
    assert planned.copies is None
