from datetime import timedelta

import pytest
import time_machine
from axes.utils import reset as axes_reset
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lead.audit.models import AccessEvent
from tests.conftest import signed_in_client
from tests.factories import PASSWORD

Kind = AccessEvent.Kind
START = timezone.datetime(2026, 11, 27, 9, 0, tzinfo=timezone.get_fixed_timezone(-480))
SIGN_IN = reverse("accounts:sign-in")


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def post_password(client, username, password=PASSWORD):
    return client.post(SIGN_IN, {"username": username, "password": password})


def events(kind):
    return AccessEvent.objects.filter(kind=kind)


def test_first_sign_in_asks_to_set_up_an_authenticator_app(officer):
    client = Client()
    response = post_password(client, "officer")
    assert response["Location"] == reverse("accounts:enroll")
    page = client.get(reverse("accounts:enroll"))
    assert b"data:image/svg+xml;base64," in page.content
    assert client.get(reverse("home")).status_code == 302  # nothing else opens before the second factor


def test_a_code_from_the_new_app_finishes_enrolment_and_opens_home(officer):
    client = Client()
    post_password(client, "officer")
    client.get(reverse("accounts:enroll"))
    device = TOTPDevice.objects.get(user=officer)
    response = client.post(reverse("accounts:enroll"), {"token": code_for(device)})
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert TOTPDevice.objects.get(user=officer).confirmed
    assert events(Kind.SIGN_IN).filter(username="officer").exists()
    assert events(Kind.TWO_FACTOR_ENROLLED).filter(username="officer").exists()


def test_an_enrolled_user_is_asked_for_a_code_and_a_wrong_one_is_refused(officer):
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        assert post_password(client, "officer")["Location"] == reverse("accounts:verify")
        wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
        response = client.post(reverse("accounts:verify"), {"token": wrong})
        assert response.status_code == 200
        assert b"That code did not match" in response.content
        assert events(Kind.TWO_FACTOR_FAILED).filter(username="officer").exists()
        response = client.post(reverse("accounts:verify"), {"token": code_for(device)})
        assert b"Too many wrong codes" in response.content  # a right code, but too soon after a wrong one
        clock.shift(timedelta(seconds=5))
        response = client.post(reverse("accounts:verify"), {"token": code_for(device)})
    assert response["Location"] == reverse("home")


def test_the_page_asked_for_before_sign_in_opens_after_it(officer):
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    client = Client()
    wanted = reverse("accounts:account")
    client.post(f"{SIGN_IN}?next={wanted}", {"username": "officer", "password": PASSWORD})
    assert client.post(reverse("accounts:verify"), {"token": code_for(device)})["Location"] == wanted


def test_a_wrong_password_keeps_the_username_and_is_logged(officer):
    response = post_password(Client(), "officer", "not the password")
    assert response.status_code == 200
    assert b'value="officer"' in response.content
    assert b"There is a problem" in response.content
    assert events(Kind.SIGN_IN_FAILED).filter(username="officer", outcome="denied").count() == 1


def test_signing_in_starts_a_new_session(officer):
    client = Client()
    client.get(SIGN_IN)
    client.cookies["sessionid"] = "attacker-chosen-session-key"
    post_password(client, "officer")
    assert client.cookies["sessionid"].value != "attacker-chosen-session-key"


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(officer):
    client = Client()
    for _ in range(5):
        post_password(client, "officer", "wrong password")
    response = post_password(client, "officer")
    assert response.status_code == 429
    assert b"This account is locked" in response.content
    assert "_auth_user_id" not in client.session
    assert events(Kind.LOCKED_OUT).filter(username="officer").exists()


def test_the_lock_holds_from_another_address(officer):
    for _ in range(5):
        Client(REMOTE_ADDR="10.0.0.1").post(SIGN_IN, {"username": "officer", "password": "wrong"})
    response = Client(REMOTE_ADDR="10.0.0.2").post(SIGN_IN, {"username": "officer", "password": PASSWORD})
    assert response.status_code == 429


def test_the_lock_ends_after_the_cool_off(officer):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(5):
            post_password(Client(), "officer", "wrong password")
        clock.shift(timedelta(minutes=16))
        assert post_password(Client(), "officer")["Location"] == reverse("accounts:enroll")


def test_failures_more_than_15_minutes_apart_do_not_add_up(officer):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(6):
            post_password(Client(), "officer", "wrong password")
            clock.shift(timedelta(minutes=16))
        assert post_password(Client(), "officer")["Location"] == reverse("accounts:enroll")


def test_an_administrator_can_unlock_the_account(officer):
    for _ in range(5):
        post_password(Client(), "officer", "wrong password")
    axes_reset(username="officer")  # what deleting the lock in Administration does
    assert post_password(Client(), "officer")["Location"] == reverse("accounts:enroll")


def test_the_public_demo_password_is_refused_outside_demo_mode(officer):
    officer.set_password("lead-demo")
    officer.save()
    response = post_password(Client(), "officer", "lead-demo")
    assert response.status_code == 200
    assert "_auth_user_id" not in Client().session


def test_thirty_idle_minutes_end_the_session(officer):
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in_client(officer)
        assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(minutes=29))
        assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)
    assert events(Kind.SESSION_EXPIRED).filter(username="officer", detail__contains="30 minutes").exists()
    assert client.get(reverse("home")).status_code == 302


def test_a_session_ends_twelve_hours_after_sign_in_however_active(officer):
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in_client(officer)
        for _ in range(12 * 4):
            assert client.get(reverse("home")).status_code == 200
            clock.shift(timedelta(minutes=15))
        clock.shift(timedelta(minutes=1))  # 12 hours and a minute after sign-in
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert events(Kind.SESSION_EXPIRED).filter(detail__contains="12 hours").exists()


def test_signing_out_ends_the_session_and_is_logged(officer):
    client = signed_in_client(officer)
    assert client.post(reverse("accounts:sign-out"))["Location"] == SIGN_IN
    assert client.get(reverse("home")).status_code == 302
    assert events(Kind.SIGN_OUT).filter(username="officer").exists()


@pytest.mark.parametrize(
    ("new_password", "error"),
    [
        ("short pass1", b"too short"),
        ("x" * 60 + "long!", b"too long"),
        ("password1234", b"too common"),
    ],
)
def test_a_new_password_must_follow_the_rules(officer, new_password, error):
    response = signed_in_client(officer).post(
        reverse("accounts:password"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 200
    assert error in response.content


def test_a_long_passphrase_of_64_characters_is_accepted(officer):
    passphrase = "quiet harbor lantern " * 3 + "m"
    assert len(passphrase) == 64
    client = signed_in_client(officer)
    response = client.post(
        reverse("accounts:password"),
        {"old_password": PASSWORD, "new_password1": passphrase, "new_password2": passphrase},
    )
    assert response["Location"] == reverse("accounts:account")
    assert events(Kind.PASSWORD_CHANGED).filter(username="officer").exists()
