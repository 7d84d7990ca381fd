import pytest
from django.test import Client
from django.urls import reverse

from lead.audit.models import AccessEvent
from lead.notifications.models import Notification
from lead.roles import Role
from lead.users import services
from tests.conftest import signed_in_client, two_factor_device
from tests.factories import PASSWORD

Kind = AccessEvent.Kind


@pytest.fixture
def officer(personas, settings):
    settings.LEAD_TWO_FACTOR = True
    two_factor_device(personas[Role.OFFICER])
    return personas[Role.OFFICER]


def password_signed_in(user) -> Client:
    client = Client()
    client.post(reverse("accounts:sign-in"), {"username": user.username, "password": PASSWORD})
    return client


def test_my_account_makes_ten_recovery_codes_shown_once_and_logged(officer):
    client = signed_in_client(officer)
    response = client.post(reverse("accounts:recovery-codes"))
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in response.content.decode() for code in codes)
    assert response["Cache-Control"] == "no-store"
    assert "10 left" in client.get(reverse("accounts:account")).content.decode()
    assert AccessEvent.objects.filter(kind=Kind.RECOVERY_CODES, username="officer").exists()


def test_making_new_codes_makes_the_old_ones_useless(officer):
    old = services.recovery_codes_generate(user=officer)
    services.recovery_codes_generate(user=officer)
    response = password_signed_in(officer).post(reverse("accounts:verify"), {"recovery_code": old[0]})
    assert "not right" in response.content.decode()


def test_a_recovery_code_signs_in_once_instead_of_the_app_and_is_logged(officer):
    codes = services.recovery_codes_generate(user=officer)
    client = password_signed_in(officer)
    response = client.post(reverse("accounts:verify"), {"recovery_code": f" {codes[3].upper()} "})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    event = AccessEvent.objects.filter(kind=Kind.TWO_FACTOR_PASSED, username="officer").get()
    assert event.detail == "recovery code used; 9 left"
    assert Notification.objects.filter(user=officer, subject__contains="recovery code").exists()
    again = password_signed_in(officer).post(reverse("accounts:verify"), {"recovery_code": codes[3]})
    assert again.status_code == 200 and "used before" in again.content.decode()
    assert AccessEvent.objects.filter(kind=Kind.TWO_FACTOR_FAILED, detail="recovery code").exists()


def test_a_mistyped_recovery_code_is_refused_with_what_was_typed_kept(officer):
    services.recovery_codes_generate(user=officer)
    client = password_signed_in(officer)
    response = client.post(reverse("accounts:verify"), {"recovery_code": "abc-def!"})
    assert response.status_code == 200
    assert "eight letters and digits" in response.content.decode() and 'value="abc-def!"' in response.content.decode()
    response = client.post(reverse("accounts:verify"), {"recovery_code": "abc\x00def"})
    assert response.status_code == 200 and "control character (such as NUL)" in response.content.decode()


def test_a_user_without_codes_is_told_to_ask_the_administrator(officer):
    response = password_signed_in(officer).post(reverse("accounts:verify"), {"recovery_code": "abcdefgh"})
    assert "You have no recovery codes" in response.content.decode()


def test_after_a_lost_phone_the_user_sets_up_a_new_app_themselves(officer):
    from tests.browser.helpers import code_for_device

    old = officer.totpdevice_set.get()
    client = signed_in_client(officer)
    assert client.get(reverse("accounts:authenticator")).status_code == 200
    new = officer.totpdevice_set.get(confirmed=False)
    response = client.post(reverse("accounts:authenticator"), {"token": code_for_device(new)})
    assert response.status_code == 302
    assert list(officer.totpdevice_set.values_list("pk", flat=True)) == [new.pk]
    assert old.pk != new.pk
