"""Every referral, and the case that follows it, has a reference a person can read over the phone:
"L-<year>-<number>", numbered per year in the site's time zone (cases.services.referrals.reference_next)."""

import datetime
import importlib
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import connection
from django.urls import reverse

from cases.models import ReferenceCounter, Referral
from cases.services.referrals import reference_next
from lead.roles import Role
from tests.conftest import signed_in_client
from tests.factories import arrest_referral, open_case, social_referral

SITE = ZoneInfo("America/Los_Angeles")
NEW_YEARS_EVE = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=SITE)

migration = importlib.import_module("cases.migrations.0012_case_references")


def test_referrals_are_numbered_in_order_within_their_year(personas):
    first = arrest_referral(officer=personas[Role.OFFICER], now=NEW_YEARS_EVE)
    second = social_referral(by=personas[Role.OFFICER], now=NEW_YEARS_EVE)

    assert (first.reference, second.reference) == ("L-2026-0001", "L-2026-0002")


def test_the_year_is_the_sites_so_half_past_eleven_on_new_years_eve_is_still_the_old_year(personas):
    old_year = arrest_referral(officer=personas[Role.OFFICER], now=NEW_YEARS_EVE)
    # Already 2027 in UTC: the site's clock says 23:30 on Dec 31.
    assert NEW_YEARS_EVE.astimezone(datetime.UTC).year == 2027
    new_year = arrest_referral(officer=personas[Role.OFFICER], now=NEW_YEARS_EVE + datetime.timedelta(hours=1))

    assert old_year.reference == "L-2026-0001"
    assert new_year.reference == "L-2027-0001"


def test_a_case_is_known_by_its_referrals_reference(personas):
    case = open_case()

    assert case.reference == case.referral.reference
    assert case.reference.startswith("L-")


def test_numbers_run_past_four_digits_without_repeating(db):
    ReferenceCounter.objects.create(year=2026, last=9999)

    assert reference_next(NEW_YEARS_EVE) == "L-2026-10000"


def test_the_referral_and_case_pages_show_the_reference(personas):
    case = open_case()
    client = signed_in_client(personas[Role.DIRECTOR])

    for url in (
        reverse("cases:referral-detail", args=[case.referral.public_id]),
        reverse("cases:case-detail", args=[case.public_id]),
    ):
        assert case.reference in client.get(url).content.decode()


def test_the_migration_numbers_existing_referrals_by_when_they_were_made(personas):
    officer = personas[Role.OFFICER]
    later = arrest_referral(officer=officer, now=datetime.datetime(2025, 6, 1, 12, tzinfo=SITE))
    earlier = arrest_referral(officer=officer, now=datetime.datetime(2025, 2, 1, 12, tzinfo=SITE))
    other_year = social_referral(by=officer, now=datetime.datetime(2024, 3, 1, 12, tzinfo=SITE))
    # As before the migration: no numbers (a unique placeholder each, as the column is unique now).
    for referral in Referral.objects.all():
        Referral.objects.filter(pk=referral.pk).update(reference=f"none-{referral.pk}")
    ReferenceCounter.objects.all().delete()

    with connection.schema_editor() as schema_editor:
        migration.number_existing(apps, schema_editor)

    references = dict(Referral.objects.values_list("pk", "reference"))
    assert references[earlier.pk] == "L-2025-0001"
    assert references[later.pk] == "L-2025-0002"
    assert references[other_year.pk] == "L-2024-0001"
    # The next referral of 2025 takes the number after the last one given.
    assert reference_next(datetime.datetime(2025, 9, 1, tzinfo=SITE)) == "L-2025-0003"
