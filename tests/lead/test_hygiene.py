"""CJIS account hygiene: accounts unused for 90 days are disabled, warned at day 83 (lead/users/hygiene.py)."""

import datetime as dt

import pytest
import time_machine

from lead.audit.models import AccessEvent
from lead.notifications.models import Notification
from lead.roles import Role
from lead.users.hygiene import dormant_accounts_sweep
from lead.users.models import User
from tests.factories import UserFactory

JOINED = dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def accounts(db):
    with time_machine.travel(JOINED, tick=False):
        admin = UserFactory(username="admin", roles=[Role.SITE_ADMIN], last_login=JOINED + dt.timedelta(days=100))
        never = UserFactory(username="never", roles=[Role.OFFICER])
        used = UserFactory(username="used", roles=[Role.PROSECUTOR], last_login=JOINED + dt.timedelta(days=30))
    return {"admin": admin, "never": never, "used": used}


def at(days):
    return JOINED + dt.timedelta(days=days)


def test_an_account_is_warned_at_83_days_once_and_the_administrators_too(accounts):
    for _ in range(2):
        result = dormant_accounts_sweep(now=at(83))
    assert result.warned == 0  # the second sweep warned nobody again
    assert Notification.objects.filter(user=accounts["never"], subject__contains="will be disabled").count() == 1
    assert (
        Notification.objects.filter(
            user=accounts["admin"], subject__contains="never's account will be disabled"
        ).count()
        == 1
    )
    assert not Notification.objects.filter(user=accounts["used"]).exists()


def test_an_account_unused_for_90_days_is_disabled_logged_and_kept_in_history(accounts):
    result = dormant_accounts_sweep(now=at(90))
    assert result.disabled == 1
    never = User.objects.get(username="never")
    assert not never.is_active
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.ACCOUNT_DISABLED)
    assert (event.object_id, event.username) == (str(never.public_id), "system")
    assert never.history.first().history_change_reason == "unused for 90 days"
    assert Notification.objects.filter(user=accounts["admin"], subject__contains="was disabled").count() == 1
    assert dormant_accounts_sweep(now=at(91)).disabled == 0
    assert User.objects.get(username="used").is_active  # signed in on day 30


def test_the_last_sign_in_counts_as_use(accounts):
    dormant_accounts_sweep(now=at(119))
    assert User.objects.get(username="used").is_active
    dormant_accounts_sweep(now=at(120))
    assert not User.objects.get(username="used").is_active


def test_a_re_enabled_account_starts_a_new_period(accounts):
    dormant_accounts_sweep(now=at(83))
    dormant_accounts_sweep(now=at(90))
    never = User.objects.get(username="never")
    never.is_active, never.reactivated_at = True, at(95)
    never.save()
    dormant_accounts_sweep(now=at(96))
    assert User.objects.get(username="never").is_active
    dormant_accounts_sweep(now=at(95 + 83))
    assert Notification.objects.filter(user=never, subject__contains="will be disabled").count() == 2


def test_beat_runs_the_sweep(db, settings):
    from lead.users.tasks import dormant_accounts

    assert settings.CELERY_BEAT_SCHEDULE["dormant-accounts"]["task"] == dormant_accounts.name
    assert dormant_accounts.run() == "warned 0, disabled 0"
