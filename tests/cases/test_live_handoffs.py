"""The case manager's pages that wait update themselves (lead/live.py): the home page's list of
hand-offs asks every few seconds for new ones while new ones may be asked of this case manager,
and the hand-off form says, without touching what was typed, when another case manager took it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.services import referrals as case_services
from lead.audit.models import AccessEvent
from lead.live import POLL_HEADER
from lead.roles import Role
from tests.conftest import signed_in_client
from tests.factories import UserFactory, arrest_referral, on_call

POLL = {"headers": {POLL_HEADER: "1", "HX-Request": "true"}}
LIVE = reverse("home-handoffs")


def home(client) -> str:
    return client.get(reverse("home")).content.decode()


def shown_on(html: str) -> str:
    """The `shown` value the home page's list sends back with each poll."""
    return html.split(f"{LIVE}?shown=", 1)[1].split('"', 1)[0]


def other_case_manager():
    return UserFactory(roles=[Role.CASE_MANAGER])


def accept(referral, case_manager):
    return case_services.handoff_accept(
        referral=referral,
        case_manager=case_manager,
        meeting_place_kind="field",
        meeting_place="5th and Pine",
        now=timezone.now(),
    )


# The home page's hand-offs ---------------------------------------------------------------------


def test_the_on_call_case_managers_home_page_asks_for_new_hand_offs(case_manager):
    on_call(case_manager)
    html = home(signed_in_client(case_manager))
    assert f'hx-get="{LIVE}?shown=' in html
    assert 'id="handoffs-news" role="status"' in html


def test_nobody_on_call_every_case_managers_home_page_asks(case_manager):
    assert f'hx-get="{LIVE}?shown=' in home(signed_in_client(case_manager))


def test_while_another_case_manager_is_on_call_the_home_page_asks_nothing(case_manager):
    on_call(other_case_manager())
    html = home(signed_in_client(case_manager))
    assert "hx-trigger" not in html
    assert LIVE not in html


def test_while_nothing_changed_the_answer_is_empty_and_not_logged(case_manager):
    on_call(case_manager)
    arrest_referral()
    client = signed_in_client(case_manager)
    shown = shown_on(home(client))
    reads = AccessEvent.objects.filter(kind=AccessEvent.Kind.READ).count()
    response = client.get(f"{LIVE}?shown={shown}", **POLL)
    assert response.status_code == 204
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.READ).count() == reads


def test_a_new_hand_off_request_appears_on_the_home_page_and_is_announced(case_manager):
    on_call(case_manager)
    client = signed_in_client(case_manager)
    shown = shown_on(home(client))
    arrest_referral(first_name="Avery", last_name="Quinn")
    response = client.get(f"{LIVE}?shown={shown}", **POLL)
    assert response.status_code == 200  # and the list goes on asking
    html = response.content.decode()
    assert "Avery Quinn" in html
    assert 'hx-swap-oob="innerHTML"' in html and "1 waiting now" in html
    assert f'hx-get="{LIVE}?shown={shown_on(html)}"' in html and shown_on(html) != shown
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.READ, detail__contains="Hand-offs waiting").exists()


def test_a_hand_off_another_case_manager_took_leaves_the_list(case_manager):
    referral = arrest_referral(first_name="Avery", last_name="Quinn")
    client = signed_in_client(case_manager)
    shown = shown_on(home(client))
    accept(referral, other_case_manager())
    html = client.get(f"{LIVE}?shown={shown}", **POLL).content.decode()
    assert "Avery Quinn" not in html
    assert "No hand-offs are waiting." in html


def test_when_another_case_managers_shift_begins_the_list_stops_asking(case_manager):
    client = signed_in_client(case_manager)
    shown = shown_on(home(client))
    on_call(other_case_manager())
    response = client.get(f"{LIVE}?shown={shown}", **POLL)
    assert response.status_code == 286
    assert b"hx-trigger" not in response.content


@pytest.mark.parametrize("role", [Role.OFFICER, Role.DIRECTOR, Role.PROSECUTOR])
def test_only_case_managers_ask_for_hand_offs(personas, role):
    assert signed_in_client(personas[role]).get(LIVE, **POLL).status_code == 403


def test_a_poll_of_the_home_page_runs_the_same_few_queries_for_one_hand_off_or_many(
    case_manager, django_assert_num_queries
):
    on_call(case_manager)
    arrest_referral()
    client = signed_in_client(case_manager)
    shown = shown_on(home(client))
    # The session, the user, their two-factor device, their roles, the shift on call, the list.
    with django_assert_num_queries(6):
        assert client.get(f"{LIVE}?shown={shown}", **POLL).status_code == 204
    for n in range(4):
        arrest_referral(first_name=f"Person{n}")
    shown = shown_on(home(client))
    with django_assert_num_queries(6):
        assert client.get(f"{LIVE}?shown={shown}", **POLL).status_code == 204


def test_a_hostile_shown_value_answers_the_list(case_manager):
    response = signed_in_client(case_manager).get(LIVE, {"shown": "\x00\u202e" + "x" * 5000}, **POLL)
    assert response.status_code == 200


# The hand-off form -------------------------------------------------------------------------------


def test_the_hand_off_form_asks_whether_the_hand_off_still_waits(case_manager):
    referral = arrest_referral()
    html = signed_in_client(case_manager).get(reverse("cases:handoff-accept", args=[referral.public_id]))
    html = html.content.decode()
    status = reverse("cases:handoff-status", args=[referral.public_id])
    assert f'id="handoff-status" role="status" data-lead-poll hx-get="{status}"' in html
    # Only the note above the form is swapped, never the form.
    assert html.index('id="handoff-status"') < html.index('<form class="usa-form')


def test_while_the_hand_off_waits_the_answer_is_empty(case_manager):
    referral = arrest_referral()
    response = signed_in_client(case_manager).get(reverse("cases:handoff-status", args=[referral.public_id]), **POLL)
    assert response.status_code == 204


def test_once_another_case_manager_took_it_the_form_is_told_and_stops_asking(case_manager):
    referral = arrest_referral()
    other = other_case_manager()
    accept(referral, other)
    response = signed_in_client(case_manager).get(reverse("cases:handoff-status", args=[referral.public_id]), **POLL)
    assert response.status_code == 286
    html = response.content.decode()
    assert f"{other.get_full_name()} accepted this hand-off" in html
    assert "What you typed is still in the form" in html
    assert "<form" not in html
    assert AccessEvent.objects.filter(
        kind=AccessEvent.Kind.READ, object_id=str(referral.public_id), detail__contains="taken while the form was open"
    ).exists()


def test_a_case_manager_never_asked_gets_404(case_manager):
    referral = arrest_referral()  # asked of every case manager there was then
    joined_later = other_case_manager()
    url = reverse("cases:handoff-status", args=[referral.public_id])
    assert signed_in_client(joined_later).get(url, **POLL).status_code == 404


def test_a_poll_of_the_hand_off_form_runs_five_queries(case_manager, django_assert_num_queries):
    referral = arrest_referral()
    client = signed_in_client(case_manager)
    url = reverse("cases:handoff-status", args=[referral.public_id])
    client.get(url, **POLL)
    with django_assert_num_queries(5):
        assert client.get(url, **POLL).status_code == 204
