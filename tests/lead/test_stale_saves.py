"""A save made from a page opened before someone else's save is refused, the typed values stay
in the form, and saving again (having seen the other save) goes through: the edit pages of the
OWG schedule and meetings, CLT members, activities, feedback responses, training attendance."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lead.roles import Role
from lead.services import STALE
from outreach.models import Activity
from tests.conftest import signed_in_client
from tests.factories import activity, meeting, training_session

pytestmark = pytest.mark.django_db


def revision_in(page) -> str:
    return re.search(r'name="revision" value="(\d+)"', page.content.decode()).group(1)


def test_an_activity_saved_meanwhile_is_not_overwritten(personas):
    coordinator = personas[Role.COORDINATOR]
    record = activity(by=coordinator)
    client = signed_in_client(coordinator)
    url = reverse("outreach:activity", args=[record.public_id])
    opened = revision_in(client.get(url))
    from outreach import community_services

    community_services.activity_update(activity=record, by=coordinator, revision=record.revision, title="Renamed by a colleague")
    data = {"kind": "forum", "held_on": record.held_on.isoformat(), "title": "My title", "place": "Library", "people": "30", "revision": opened}
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
    from owg import services

    services.meeting_update(meeting=m, by=director, revision=m.revision, starts_at=m.starts_at + datetime.timedelta(hours=1), place="Room 9", recorder=None)
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
    from outreach import training_services

    training_services.attendance_record(session=session, by=director, revision=session.revision, officers=[officer])
    page = client.post(url, {"revision": opened})  # this page ticked nobody
    assert STALE in page.content.decode()
    assert list(session.attendance.values_list("officer", flat=True)) == [officer.pk]
