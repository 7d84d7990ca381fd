"""Cases moved from /referrals/cases/ to /cases/ (issue 15). The old addresses are in
notifications already sent and in bookmarks: they lead to the same page, for the same people."""

from django.urls import reverse

from lead.audit.models import AccessEvent
from lead.roles import Role
from tests.conftest import signed_in_client
from tests.factories import open_case


def test_an_old_case_address_leads_to_the_same_page_under_cases(personas):
    case = open_case(case_manager=personas[Role.CASE_MANAGER])
    client = signed_in_client(personas[Role.CASE_MANAGER])

    page = client.get(f"/referrals/cases/{case.public_id}/")
    step = client.get(f"/referrals/cases/{case.public_id}/contacts/?page=2")

    assert page.status_code == 301
    assert page["Location"] == f"/cases/{case.public_id}/"
    assert step["Location"] == f"/cases/{case.public_id}/contacts/?page=2"
    assert client.get(page["Location"]).status_code == 200


def test_an_old_address_of_a_case_the_user_may_not_see_is_a_logged_404(personas):
    case = open_case()  # another provider's
    client = signed_in_client(personas[Role.CASE_MANAGER])
    denials = AccessEvent.objects.filter(kind=AccessEvent.Kind.DENIED).count()

    response = client.get(f"/referrals/cases/{case.public_id}/")

    assert response.status_code == 404
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.DENIED).count() == denials + 1
    assert client.get("/referrals/cases/not-a-case-id-at-all-0000000000000000/").status_code == 404


def test_the_old_coverage_address_redirects(personas):
    client = signed_in_client(personas[Role.DIRECTOR])

    response = client.get("/referrals/coverage/")

    assert response.status_code == 301
    assert response["Location"] == reverse("cases:coverage-list") == "/cases/coverage/"
