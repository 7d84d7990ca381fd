"""A save made from a page opened before someone else's save is refused, the typed values stay
in the form, and saving again (having seen the other save) goes through: the edit pages of the
OWG schedule and meetings, CLT members, activities, feedback responses, training attendance
(the assessment, the ISP, criteria drafts, criminal cases and monthly reports: in their apps'
tests)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lead.roles import Role
from lead.services import STALE
from outreach.models import Activity, CLTMember, Feedback
from tests.conftest import signed_in_client
from tests.factories import activity, clt_member, feedback, meeting, training_session

pytestmark = pytest.mark.django_db


def revision_in(page) -> str:
    return re.search(r'name="revision" value="(\d+)"', page.content.decode()).group(1)


def test_an_activity_saved_meanwhile_is_not_overwritten(personas):
    coordinator = personas[Role.COORDINATOR]
    record = activity(by=coordinator)
    client = signed_in_client(coordinator)
    url = reverse("outreach:activity", args=[record.public_id])
    opened = revision_in(client.get(url))
    from outreach.services import community as community_services

    community_services.activity_update(
        activity=record, by=coordinator, revision=record.revision, now=timezone.now(), title="Renamed by a colleague"
    )
    data = {
        "kind": "forum",
        "held_on": record.held_on.isoformat(),
        "title": "My title",
        "place": "Library",
        "people": "30",
        "revision": opened,
    }
    page = client.post(url, data)
    assert STALE in page.content.decode() and 'value="My title"' in page.content.decode()
    assert Activity.objects.get(pk=record.pk).title == "Renamed by a colleague"
    client.post(url, data | {"revision": revision_in(page)})
    assert Activity.objects.get(pk=record.pk).title == "My title"


def test_a_meeting_moved_meanwhile_is_not_moved_back(personas):
    director = personas[Role.DIRECTOR]
    m = meeting(members=[director])
    client = signed_in_client(director)
    url = reverse("owg:meeting-edit", args=[m.public_id])
    opened = revision_in(client.get(url))
    from owg.services import meetings as services

    services.meeting_update(
        meeting=m,
        by=director,
        revision=m.revision,
        starts_at=m.starts_at + datetime.timedelta(hours=1),
        place="Room 9",
        recorder=None,
    )
    when = timezone.localtime(m.starts_at + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page = client.post(url, {"starts_at": when, "place": "Room 2", "revision": opened})
    assert STALE in page.content.decode()
    m.refresh_from_db()
    assert m.place == "Room 9"


def test_training_attendance_ticked_meanwhile_is_not_lost(personas):
    director, officer = personas[Role.DIRECTOR], personas[Role.OFFICER]
    session = training_session(by=director)
    client = signed_in_client(director)
    url = reverse("outreach:training", args=[session.public_id])
    opened = revision_in(client.get(url))
    from outreach.services import training as training_services

    training_services.attendance_record(session=session, by=director, revision=session.revision, officers=[officer])
    page = client.post(url, {"revision": opened})  # this page ticked nobody
    assert STALE in page.content.decode()
    assert list(session.attendance.values_list("officer", flat=True)) == [officer.pk]


def test_a_clt_member_saved_meanwhile_is_not_overwritten(personas):
    coordinator = personas[Role.COORDINATOR]
    member = clt_member()
    client = signed_in_client(coordinator)
    url = reverse("outreach:clt-member", args=[member.public_id])
    opened = revision_in(client.get(url))
    from outreach.services import community as community_services

    community_services.clt_member_update(member=member, by=coordinator, revision=member.revision, phone="206-555-0100")
    today = timezone.localdate().isoformat()
    data = {
        "name": "Rosa M. Jimenez",
        "email": "",
        "phone": "",
        "listed": "yes",
        "consent_on": today,
        "term_starts": today,
        "term_ends": "",
        "revision": opened,
    }
    page = client.post(url, data)
    assert STALE in page.content.decode() and 'value="Rosa M. Jimenez"' in page.content.decode()
    assert CLTMember.objects.get(pk=member.pk).name == "Rosa Jimenez"
    client.post(url, data | {"revision": revision_in(page)})
    assert CLTMember.objects.get(pk=member.pk).name == "Rosa M. Jimenez"


def test_a_feedback_response_recorded_meanwhile_is_not_overwritten(personas):
    coordinator = personas[Role.COORDINATOR]
    item = feedback(by=coordinator)
    client = signed_in_client(coordinator)
    url = reverse("outreach:feedback", args=[item.public_id])
    opened = revision_in(client.get(url))
    from outreach.services import community as community_services

    community_services.feedback_respond(
        feedback=item,
        by=coordinator,
        revision=item.revision,
        response="Called them back.",
        responded_on=timezone.localdate(),
    )
    page = client.post(
        url,
        {
            "response": "Explained it at the forum.",
            "responded_on": timezone.localdate().isoformat(),
            "revision": opened,
        },
    )
    assert STALE in page.content.decode() and "Explained it at the forum." in page.content.decode()
    assert Feedback.objects.get(pk=item.pk).response == "Called them back."


def test_a_schedule_saved_meanwhile_is_not_overwritten(personas):
    director = personas[Role.DIRECTOR]
    client = signed_in_client(director)
    url = reverse("owg:schedule")
    opened = revision_in(client.get(url))
    from owg.models import Workgroup
    from owg.services import meetings as services

    next_on = timezone.localdate() + datetime.timedelta(days=2)
    while next_on.weekday() > 4:
        next_on += datetime.timedelta(days=1)
    services.schedule_update(
        by=director,
        revision=Workgroup.current().revision,
        every_weeks=2,
        next_on=next_on,
        starts_at=datetime.time(10),
        place="Room 9",
        members=[director],
        now=timezone.now(),
    )
    page = client.post(
        url,
        {
            "next_on": next_on.isoformat(),
            "every_weeks": "3",
            "starts_at": "10:00",
            "place": "Room 4",
            "members": [director.pk],
            "revision": opened,
        },
    )
    assert STALE in page.content.decode() and 'value="Room 4"' in page.content.decode()
    assert (Workgroup.current().place, Workgroup.current().every_weeks) == ("Room 9", 2)
