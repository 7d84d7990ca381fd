"""The benchmark's data (reports/management/commands/generate_large_site.py), at a tiny size on
the test database: PostgreSQL, as in CI, where the rows go in by COPY."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from cases.models import Case, Contact, Participant
from lead.users.models import User
from owg.models import Meeting
from reports import metrics


def test_a_tiny_large_site_is_generated_and_the_report_counts_it(db):
    call_command("generate_large_site", participants=40, years=1, contacts=200, yes=True, verbosity=0)
    assert Participant.objects.count() == 40
    assert Contact.objects.count() == 200
    # Columns the command does not write get their model's defaults, as in the application.
    generated = User.objects.filter(username__startswith="ls-")
    assert generated.exists() and not generated.filter(must_change_password=True).exists()
    assert Meeting.objects.exists() and not Meeting.objects.exclude(revision=1).exists()
    today = timezone.localdate()
    period = metrics.Filters(start=today - datetime.timedelta(days=180), end=today)
    lo, hi = period.bounds()
    opened = next(
        r.values
        for _, tables in metrics.director_report(period, timezone.now())
        for t in tables
        if t.key == "cases"
        for r in t.rows
        if r.label == "Opened"
    )
    assert opened[0] == Case.objects.filter(opened_at__gte=lo, opened_at__lt=hi).count() > 0
