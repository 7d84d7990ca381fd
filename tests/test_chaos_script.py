"""The checks of the fault run (scripts/chaos) agree with the code they check: on a site it seeded,
one sweep leaves nothing missing or duplicated, no sweep leaves every effect missing, and an e-mail
counts as delivered only under its outbox message's Message-ID. So a count the run prints is the
site's, not the script's. The run itself takes minutes and is not part of the suite."""

import datetime
import importlib.machinery
import importlib.util
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from cases import deadlines
from lead.outbox.models import OutboxMessage

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "chaos"
# A morning in the site's time zone: no due date moves during the test.
NOW = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC)


def load_chaos():
    loader = importlib.machinery.SourceFileLoader("chaos", str(SCRIPT))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("chaos", loader))
    loader.exec_module(module)
    return module


@pytest.fixture
def chaos():
    return load_chaos()


@pytest.fixture
def seeded(chaos, db, settings):
    settings.LEAD_EMAIL_NOTIFICATIONS = False  # as the run seeds: no e-mail for the seeding
    with time_machine.travel(NOW, tick=False):
        yield chaos.seed(cases=10, handoffs=0)


def test_one_sweep_leaves_no_expected_effect_missing_or_duplicated(chaos, seeded):
    deadlines.sweep(now=timezone.now())
    effects = chaos.check_effects()
    # A case of each due date: 3 overdue (2 notifications and a determination each), 7 reminders.
    assert {name: row["expected"] for name, row in effects.items()} == {
        "deadline notices": 10,
        "their notifications": 13,
        "OWG determinations": 3,
    }
    assert all(
        row["done"] == row["expected"] and not row["missing"] and not row["duplicated"] for row in effects.values()
    )


def test_without_a_sweep_every_expected_effect_is_missing(chaos, seeded):
    effects = chaos.check_effects()
    assert all(row["missing"] == row["expected"] > 0 for row in effects.values())


def test_an_email_is_delivered_under_its_outbox_message_id_and_a_resend_is_a_duplicate(chaos, seeded, settings):
    settings.LEAD_EMAIL_NOTIFICATIONS = True
    deadlines.sweep(now=timezone.now())
    ids = [m.message_id for m in OutboxMessage.objects.all()]
    emails = chaos.check_emails([*ids[1:], ids[1], "<stranger@example.invalid>"], seeded["last_seeded_notification"])
    assert (emails["expected"], emails["written"], emails["delivered"]) == (13, 13, 12)
    assert (emails["duplicated"], emails["unknown"], chaos.emails_missing(emails)) == (1, 1, 1)
