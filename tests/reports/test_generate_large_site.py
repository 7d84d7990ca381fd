"""The benchmark's data (reports/management/commands/generate_large_site.py), at a tiny size on
the test database: PostgreSQL, as in CI, where the rows go in by COPY."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import resolve
from django.utils import timezone
from guardian.models import UserObjectPermission

from cases.deadlines import sweep
from cases.models import BreakGlass, Case, CaseNote, Contact, Coverage, Participant, ReleaseOfInformation, ServicePlan
from cases.selectors import cases_visible_to, referrals_visible_to
from cases.services.steps import release_state
from lead.audit.models import AccessEvent
from lead.notifications.models import Notification
from lead.users.models import User
from outreach.models import Assignment
from outreach.selectors import engaged_cases
from owg.models import Meeting
from reports import metrics
from reports.management.commands.generate_large_site import ACCESS_EVENTS_PER_PARTICIPANT, TYPICAL_USERS


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


@pytest.fixture
def site(db):
    call_command("generate_large_site", participants=60, years=2, contacts=300, yes=True, verbosity=0)
    return timezone.now()


def test_the_access_log_has_its_share_a_participant_in_the_order_it_was_written(site):
    lines = list(AccessEvent.objects.order_by("id").values_list("at", "kind", "outcome"))
    assert 0.9 * 60 * ACCESS_EVENTS_PER_PARTICIPANT <= len(lines) <= 60 * ACCESS_EVENTS_PER_PARTICIPANT
    assert [at for at, *_ in lines] == sorted(at for at, *_ in lines)
    kinds = {(kind, outcome) for _, kind, outcome in lines}
    assert {
        ("read", "allowed"),
        ("permission_change", "allowed"),
        ("denied", "denied"),
        ("sign_in", "allowed"),
    } <= kinds
    assert max(at for at, *_ in lines) < site


def test_each_case_manager_sees_the_referrals_of_their_cases_through_their_own_grant(site):
    cases = list(Case.objects.select_related("case_manager", "referral"))
    managers = {c.case_manager for c in cases}
    assert len(managers) >= 3
    for case in cases:
        assert referrals_visible_to(case.case_manager).filter(pk=case.referral_id).exists()
        # The grant's line in the access log, as cases.grants.grant writes it.
        assert AccessEvent.objects.filter(
            kind="permission_change", object_type="cases.referral", object_id=str(case.referral.public_id)
        ).exists()
        if case.referral.kind != "arrest_diversion":
            continue  # a social contact referral by a case manager is their provider's to see
        # A grant is per object: another case manager of the provider sees a police agency's
        # referral only when asked for its hand-off.
        other = next(m for m in managers if m != case.case_manager)
        holds = UserObjectPermission.objects.filter(user=other, object_pk=str(case.referral_id)).exists()
        assert referrals_visible_to(other).filter(pk=case.referral_id).exists() == holds


def test_an_outreach_specialist_sees_the_cases_assigned_to_them_while_the_assignment_runs(site):
    assignments = Assignment.objects.select_related("case", "specialist")
    assert assignments.filter(ended_at__isnull=False).exists()
    for specialist in User.objects.filter(username__startswith="ls-outreach-"):
        running = {a.case_id for a in assignments.filter(specialist=specialist, ended_at__isnull=True)}
        assert set(engaged_cases(specialist).values_list("pk", flat=True)) == running
    assert not assignments.filter(ended_at__isnull=True, case__closed_at__isnull=False).exists()


def test_notifications_link_what_their_user_may_open(site):
    """Each notification about a referral or a case links one its user reaches through the
    scoped lookups: the right case manager, officer of the referring agency, prosecutor."""
    notifications = Notification.objects.select_related("user")
    assert notifications.filter(read_at__isnull=True).exists() and notifications.filter(read_at__isnull=False).exists()
    assert not notifications.filter(read_at__gt=site).exists()
    checked = 0
    for notification in notifications:
        match = resolve(notification.url)
        public_id = match.kwargs.get("public_id")
        if match.view_name == "cases:referral-detail":
            assert referrals_visible_to(notification.user).filter(public_id=public_id).exists(), notification.key
        elif match.view_name == "cases:case-detail":
            assert cases_visible_to(notification.user).filter(public_id=public_id).exists(), notification.key
        else:
            continue
        checked += 1
    assert checked > 0.5 * notifications.count()
    handoffs = notifications.filter(key__startswith="handoff:")
    assert handoffs.exists() and not handoffs.exclude(user__agency__kind="service_provider").exists()


def test_releases_are_valid_by_their_own_dates_and_end_with_the_case(site):
    today = timezone.localdate(site)
    releases = list(ReleaseOfInformation.objects.select_related("case__consent"))
    assert releases
    valid = set(ReleaseOfInformation.objects.valid_on(today).values_list("pk", flat=True))
    assert valid and {r.pk for r in releases if r.is_valid_on(today)} == valid
    assert any(release_state(r, today) == "Revoked" for r in releases)
    assert any(release_state(r, today) == "Expired" for r in releases)
    for release in releases:
        assert release.case.consent.recorded_at <= release.recorded_at < (release.case.closed_at or site)
        if release.case.closed_at and release.expires_on is None and release.revoked_at is None:
            assert release.expired_at == release.case.closed_at


def test_an_active_isp_has_steps_and_clinical_cases_have_notes(site):
    active = ServicePlan.objects.filter(status="active")
    assert active.exists() and not active.exclude(goals__steps__isnull=False).exists()
    assert CaseNote.objects.exists() and not CaseNote.objects.exclude(case__consent__isnull=False).exists()


def test_the_deadline_sweep_tells_nobody_again_what_the_site_was_told(site):
    before = set(Notification.objects.values_list("user_id", "key"))
    assert any(key.startswith("deadline:") for _, key in before)
    sweep(now=site)
    assert before <= set(Notification.objects.values_list("user_id", "key"))


def test_the_typical_users_exist_with_work_to_show(site):
    users = {u.username: u for u in User.objects.filter(username__in=TYPICAL_USERS.values())}
    assert set(users) == set(TYPICAL_USERS.values())
    case_manager = users[TYPICAL_USERS["case_manager"]]
    assert not case_manager.is_supervisor and case_manager.cases.open().exists()
    assert users[TYPICAL_USERS["supervisor"]].is_supervisor
    assert Coverage.objects.exists() and BreakGlass.objects.exists()
