"""The demo data `make run` loads: it shows every feature to a visitor, and loading it twice
changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import override_settings

from eligibility.models import CriteriaVersion, Screening

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    with override_settings(DEBUG=True, LEAD_DEMO=True):
        call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_has_screenings_of_every_outcome_and_status(seeded):
    assert set(Screening.objects.values_list("outcome", flat=True)) == set(Screening.Outcome.values)
    assert set(Screening.objects.values_list("status", flat=True)) == set(Screening.Status.values)


def test_the_demo_has_a_criteria_draft_waiting_for_the_pcg(seeded):
    draft = CriteriaVersion.objects.get(status="draft")
    assert (draft.criteria_set.slug, draft.lookback_years, draft.drafted_by.username) == ("example-1", 8, "director")


def test_demo_screenings_name_the_people_who_acted_in_their_history(seeded):
    screening = Screening.objects.get(report_number="26-004344")
    assert [h.history_user.username for h in screening.history.order_by("history_date")] == ["officer", "prosecutor"]


def test_loading_the_demo_twice_changes_nothing(seeded):
    from cases.models import Referral

    counts = (Screening.objects.count(), CriteriaVersion.objects.count(), Referral.objects.count())
    with override_settings(DEBUG=True, LEAD_DEMO=True):
        call_command("seed_demo", stdout=io.StringIO())
    assert (Screening.objects.count(), CriteriaVersion.objects.count(), Referral.objects.count()) == counts


def test_the_demo_has_referrals_in_every_state_from_pre_arrest_and_pre_booking_agencies(seeded):
    from cases.models import ChargingHold, OnCallShift, Referral
    from lead.agencies.models import Agency

    assert set(Referral.objects.values_list("status", flat=True)) == set(Referral.Status.values)
    assert set(Referral.objects.exclude(stage="").values_list("stage", flat=True)) == {"pre_arrest", "pre_booking"}
    assert set(Agency.objects.exclude(diversion_stage="").values_list("diversion_stage", flat=True)) == {
        "pre_arrest",
        "pre_booking",
    }
    assert set(ChargingHold.objects.values_list("status", flat=True)) == {"held", "declined"}
    assert OnCallShift.objects.count() == 2


def test_the_demo_has_cases_in_every_status_with_and_without_a_valid_release(seeded):
    from django.utils import timezone

    from cases.models import Case, Determination, ReleaseOfInformation

    assert set(Case.objects.values_list("status", flat=True)) == set(Case.Status.values)
    today = timezone.localdate()
    validity = {roi.is_valid_on(today) for roi in ReleaseOfInformation.objects.all()}
    assert validity == {True, False}
    assert any(case.is_overdue(timezone.now()) for case in Case.objects.all())
    assert Determination.objects.filter(kind="isp_not_completed", status="pending").exists()


def test_the_demo_has_run_a_deadline_sweep_with_an_escalation(seeded):
    from cases.models import Determination, SweepRun

    assert SweepRun.objects.filter(finished_at__isnull=False).exists()
    assert Determination.objects.filter(kind="assessment_overdue", status="pending").exists()


def test_the_demo_has_past_meetings_with_minutes_and_a_next_one_with_a_full_agenda(seeded):
    from django.utils import timezone

    from lead.users.models import User
    from owg import agenda
    from owg.models import Meeting

    held = Meeting.objects.filter(status="held")
    assert held.count() == 2 and all(m.decisions.exists() and m.attendance.exists() for m in held)
    built = agenda.build(agenda.next_meeting(), User.objects.get(username="officer"), timezone.now())
    assert [len(entries) > 0 for _, _, entries in built.sections] == [True] * 7
    assert any(e.progress for e in built.entries()) and any(not e.has_release for e in built.entries() if e.case)
    # The update section's two halves: a participant a member flagged, in full, and the compact table.
    assert [e.flag.flagged_by.username for e in built.entries() if e.flag] == ["prosecutor"]
    assert built.unchanged


def test_the_demo_reports_show_every_section_and_an_equity_flag(seeded):
    import datetime

    from django.utils import timezone

    from reports import metrics

    report = metrics.director_report(
        metrics.Filters(start=timezone.localdate() - datetime.timedelta(days=89), end=timezone.localdate()),
        timezone.now(),
    )
    assert [title for title, _ in report] == list(metrics.SECTIONS)
    rates = next(t for _, tables in report for t in tables if t.key == "equity-race-rates")
    assert any("differs markedly" in str(value) for row in rates.rows for value in row.values)


def test_the_demo_has_outreach_community_and_training(seeded):
    from django.utils import timezone

    from lead.users.models import User
    from outreach.models import (
        Activity,
        CLTMember,
        Feedback,
        MonthlyReport,
        TrainingAttendance,
    )
    from outreach.selectors import to_reach

    assert any(case.in_the_wind for case in to_reach(User.objects.get(username="outreach"), timezone.now()))
    assert CLTMember.objects.filter(listed=True).count() == 3 and CLTMember.objects.filter(listed=False).exists()
    assert set(Activity.objects.values_list("kind", flat=True)) == set(Activity.Kind.values) - {"presentation"}
    assert Feedback.objects.exclude(response="").exists() and Feedback.objects.filter(response="").exists()
    assert MonthlyReport.objects.filter(status="submitted").exists()
    assert TrainingAttendance.objects.filter(officer__username="officer", session__topic="lead").exists()
    assert not TrainingAttendance.objects.filter(officer__username="deputy", session__topic="lead").exists()


def test_the_demo_s_supervisor_watches_the_providers_caseloads(seeded):
    from django.utils import timezone

    from cases.selectors import caseloads
    from lead.users.models import User

    supervisor = User.objects.get(username="supervisor")
    lines = {line.case_manager.username: line for line in caseloads(supervisor, now=timezone.now())["lines"]}
    assert supervisor.is_supervisor and {"casemanager", "casemanager2", "supervisor"} <= set(lines)
    assert lines["casemanager"].open_cases > 0 and lines["casemanager"].overdue > 0


def test_the_demo_has_a_coverage_of_dana_s_caseload_during_her_leave(seeded):
    from cases.models import Coverage

    leave = Coverage.objects.get()
    assert (leave.covering.username, leave.covered.username, leave.granted_by.username) == (
        "casemanager2",
        "casemanager",
        "director",
    )


def test_the_demo_e_mails_its_notifications_through_the_outbox_and_shows_one_given_up(settings):
    """`make run` turns notification e-mail on: the demo's sweep writes e-mails for the mailer,
    and one refused e-mail shows the director's System panel a failure; twice changes nothing."""
    from lead.outbox.models import OutboxMessage

    settings.LEAD_EMAIL_NOTIFICATIONS = True
    with override_settings(DEBUG=True, LEAD_DEMO=True):
        call_command("seed_demo", stdout=io.StringIO())
        counts = dict(OutboxMessage.objects.values_list("status").annotate(n=Count("pk")))
        call_command("seed_demo", stdout=io.StringIO())
    assert counts["pending"] > 0 and counts["failed"] == 1
    assert dict(OutboxMessage.objects.values_list("status").annotate(n=Count("pk"))) == counts
