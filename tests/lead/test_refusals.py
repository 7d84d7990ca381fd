"""A service's refusal (`Conflict`) is shown to the person, next to the field it is about; any
other exception from a service is a programming error: a server error, never a message."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lead.roles import Role
from outreach.models import Feedback
from outreach.services import community as community_services
from tests.conftest import signed_in_client
from tests.factories import feedback

pytestmark = pytest.mark.django_db


def respond(client, item, when):
    return client.post(
        reverse("outreach:feedback", args=[item.public_id]),
        {"response": "Explained it at the forum.", "responded_on": when.isoformat(), "revision": item.revision},
    )


def test_a_services_refusal_is_shown_next_to_its_field_with_what_was_typed(personas):
    coordinator = personas[Role.COORDINATOR]
    item = feedback(by=coordinator)
    page = respond(signed_in_client(coordinator), item, item.received_on - datetime.timedelta(days=1))
    assert page.status_code == 200
    assert "The response cannot come before the feedback was received." in page.content.decode()
    assert 'href="#id_responded_on"' in page.content.decode() and "Explained it at the forum." in page.content.decode()
    assert Feedback.objects.get(pk=item.pk).response == ""


def test_an_unexpected_exception_in_a_service_is_a_server_error_not_a_message(personas, monkeypatch):
    coordinator = personas[Role.COORDINATOR]
    item = feedback(by=coordinator)

    def broken(**kwargs):
        raise ValueError("a caller's bug")

    monkeypatch.setattr(community_services, "feedback_respond", broken)
    client = signed_in_client(coordinator)
    client.raise_request_exception = False
    assert respond(client, item, timezone.localdate()).status_code == 500
    with pytest.raises(ValueError, match="a caller's bug"):
        respond(signed_in_client(coordinator), item, timezone.localdate())
