"""The officer's screening page while it waits for the prosecutor asks every few seconds whether
they decided (lead/live.py): the answer is empty while nothing changed, and once the prosecutor
decided it is the page's status section with the decision and the officer's next step."""

import pytest
from django.urls import reverse
from django.utils import timezone

from eligibility import services
from eligibility.models import CriteriaSet, Screening
from lead.agencies.models import Agency
from lead.audit.models import AccessEvent
from lead.live import POLL_HEADER
from lead.roles import Role
from tests.conftest import signed_in_client
from tests.factories import ScreeningFactory

POLL = {"headers": {POLL_HEADER: "1", "HX-Request": "true"}}


@pytest.fixture
def officer(personas):
    """The officer's department diverts pre-booking: its prosecuting office confirms eligibility."""
    agency = personas[Role.OFFICER].agency
    agency.criteria_set = CriteriaSet.objects.get(slug="example-1")
    agency.prosecuting_office = personas[Role.PROSECUTOR].agency
    agency.diversion_stage = Agency.DiversionStage.PRE_BOOKING
    agency.save()
    return personas[Role.OFFICER]


@pytest.fixture
def waiting(officer):
    return ScreeningFactory(agency=officer.agency, officer=officer, status=Screening.Status.AWAITING_PROSECUTOR)


def status_url(screening, shown="awaiting_prosecutor") -> str:
    return f"{reverse('eligibility:screening-status', args=[screening.public_id])}?shown={shown}"


def decide(screening, prosecutor, decision="confirmed"):
    services.screening_prosecutor_decide(
        screening=screening, prosecutor=prosecutor, decision=decision, reason="Meets the criteria.", now=timezone.now()
    )


def reads_of(screening):
    return AccessEvent.objects.filter(kind=AccessEvent.Kind.READ, object_id=str(screening.public_id))


def test_the_officers_waiting_page_asks_for_the_decision_and_keeps_a_check_again_link(officer, waiting):
    page = signed_in_client(officer).get(reverse("eligibility:screening-detail", args=[waiting.public_id]))
    html = page.content.decode()
    assert f'hx-get="{status_url(waiting)}"' in html
    assert 'hx-trigger="every 5s, lead:visible from:document"' in html
    assert 'role="status"' in html
    assert "Check again" in html  # without JavaScript
    assert "js/live.js" in html


def test_the_poll_interval_is_a_setting(officer, waiting, settings):
    settings.LEAD_POLL_SECONDS = 1
    page = signed_in_client(officer).get(reverse("eligibility:screening-detail", args=[waiting.public_id]))
    assert 'hx-trigger="every 1s, lead:visible from:document"' in page.content.decode()


def test_while_the_prosecutor_has_not_decided_the_answer_is_empty_and_not_logged(officer, waiting):
    client = signed_in_client(officer)
    reads = reads_of(waiting).count()
    response = client.get(status_url(waiting), **POLL)
    assert response.status_code == 204
    assert response.content == b""
    assert reads_of(waiting).count() == reads


def test_once_the_prosecutor_confirmed_the_answer_shows_it_and_the_offer_and_stops_polling(officer, waiting, personas):
    decide(waiting, personas[Role.PROSECUTOR])
    response = signed_in_client(officer).get(status_url(waiting), **POLL)
    assert response.status_code == 286  # htmx stops asking
    html = response.content.decode()
    assert "Status: Eligible: offer diversion" in html
    assert "The prosecutor confirmed the screening while you waited." in html
    assert reverse("cases:offer", args=[waiting.public_id]) in html
    assert "hx-trigger" not in html
    assert reads_of(waiting).filter(detail__contains="changed while the page waited").count() == 1


def test_once_the_prosecutor_overruled_the_answer_offers_to_record_the_arrest(officer, waiting, personas):
    decide(waiting, personas[Role.PROSECUTOR], decision="overruled")
    html = signed_in_client(officer).get(status_url(waiting), **POLL).content.decode()
    assert "The prosecutor overruled the screening while you waited." in html
    assert "Record: arrested and processed" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_the_page_of_a_decided_screening_does_not_poll(officer, waiting, personas):
    decide(waiting, personas[Role.PROSECUTOR])
    html = signed_in_client(officer).get(reverse("eligibility:screening-detail", args=[waiting.public_id])).content
    assert b"hx-trigger" not in html
    assert b"data-lead-poll" not in html


@pytest.mark.parametrize("role", [Role.PROSECUTOR, Role.DIRECTOR])
def test_only_the_officers_page_waits_for_the_decision(personas, waiting, role):
    html = signed_in_client(personas[role]).get(reverse("eligibility:screening-detail", args=[waiting.public_id]))
    assert b"hx-trigger" not in html.content


def test_an_officer_of_another_agency_gets_404(waiting, outsider):
    assert signed_in_client(outsider).get(status_url(waiting), **POLL).status_code == 404


def test_a_bad_shown_value_answers_the_current_status(officer, waiting):
    response = signed_in_client(officer).get(status_url(waiting, shown="\x00\u202e" + "x" * 5000), **POLL)
    assert response.status_code == 286
    assert "Status: Waiting for the prosecutor" in response.content.decode()


def test_a_poll_runs_the_same_few_queries_whatever_the_agency_has(officer, waiting, django_assert_num_queries):
    client = signed_in_client(officer)
    client.get(status_url(waiting), **POLL)  # the session's first request records its start
    # The session, the user, their two-factor device, their roles, the screening: no transaction.
    with django_assert_num_queries(5):
        assert client.get(status_url(waiting), **POLL).status_code == 204
    ScreeningFactory.create_batch(
        5, agency=officer.agency, officer=officer, status=Screening.Status.AWAITING_PROSECUTOR
    )
    with django_assert_num_queries(5):
        assert client.get(status_url(waiting), **POLL).status_code == 204
