"""The case states (open, waiting for the assessment, overdue, due soon, in the wind, quiet) are
defined once on Case: on one set of cases built around the boundaries, the deadline sweep, the
querysets, the per-case methods, the case page, the caseload, the home panel, outreach's list,
the OWG agenda and the reports all say the same."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from cases import deadlines
from cases.models import Case, DeadlineNotice, Determination, end_of_day
from cases.selectors import caseload
from home.panels import LOADERS
from lead.roles import Role
from outreach.selectors import to_reach
from owg import agenda
from owg.models import Decision
from reports import metrics, records
from tests.conftest import signed_in_client
from tests.factories import arrest_referral, meeting, open_case, outreach_assignment

DUE_DAY = datetime.date(2026, 12, 28)
SECOND = datetime.timedelta(seconds=1)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def now(personas):
    """The end of DUE_DAY in the site's time zone: the instant a case due that day is overdue."""
    at = end_of_day(DUE_DAY)
    with time_machine.travel(at, tick=False):
        yield at


@pytest.fixture
def cases(personas, now) -> dict[str, Case]:
    """One case per boundary, all of the same case manager, each assigned to the outreach
    specialist. In-the-wind threshold: the site's default, 14 days; quiet: 7 days."""
    manager, specialist = personas[Role.CASE_MANAGER], personas[Role.OUTREACH]
    opened = now - 20 * DAY
    wind = datetime.timedelta(days=14)
    quiet = datetime.timedelta(days=Case.QUIET_DAYS)
    states = {
        # name: (status, due date, last reached)
        "due_now": ("referred", DUE_DAY, now - DAY),
        "due_tomorrow": ("scheduled", DUE_DAY + DAY, now - DAY),
        "assessed_late": ("assessed", DUE_DAY - 8 * DAY, now - DAY),
        "closed": ("closed", DUE_DAY - 8 * DAY, now - 30 * DAY),
        "wind_exactly": ("isp_active", DUE_DAY + 5 * DAY, now - wind),
        "wind_over": ("isp_active", DUE_DAY + 5 * DAY, now - wind - SECOND),
        "never_reached": ("isp_active", DUE_DAY + 5 * DAY, None),
        "quiet_exactly": ("isp_active", DUE_DAY + 5 * DAY, now - quiet),
        "quiet_almost": ("isp_active", DUE_DAY + 5 * DAY, now - quiet + SECOND),
    }
    built = {}
    for name, (status, due_on, reached) in states.items():
        referral = arrest_referral(first_name=name.replace("_", ""), last_name="Boundary", now=opened)
        case = open_case(referral, case_manager=manager, now=opened)
        outreach_assignment(case, specialist=specialist)
        Case.objects.filter(pk=case.pk).update(
            status=status,
            assessment_due_on=due_on,
            assessment_due_at=end_of_day(due_on),
            last_reached_at=reached,
            closed_at=now - 2 * DAY if status == "closed" else None,
            closed_reason="withdrawn" if status == "closed" else "",
        )
        built[name] = Case.objects.get(pk=case.pk)
    return built


EXPECTED = {
    "open": {
        "due_now",
        "due_tomorrow",
        "assessed_late",
        "wind_exactly",
        "wind_over",
        "never_reached",
        "quiet_exactly",
        "quiet_almost",
    },
    "waiting": {"due_now", "due_tomorrow"},
    "overdue": {"due_now"},
    "overdue a second before": set(),
    "due soon": {"due_now", "due_tomorrow"},
    "in the wind": {"wind_over", "never_reached"},
    "quiet": {"wind_exactly", "wind_over", "never_reached", "quiet_exactly"},
}


def names(cases: dict[str, Case], pks) -> set[str]:
    by_pk = {c.pk: name for name, c in cases.items()}
    return {by_pk[pk] for pk in pks}


def row(tables, label):
    return next(r for t in tables for r in t.rows if r.label == label)


def test_the_querysets_and_the_per_case_methods_agree(cases, now):
    before = now - SECOND
    questions = {
        "open": (Case.objects.open(), lambda c: c.is_open),
        "waiting": (Case.objects.waiting_for_assessment(), lambda c: c.is_waiting_for_assessment),
        "overdue": (Case.objects.overdue(now), lambda c: c.is_overdue(now)),
        "overdue a second before": (Case.objects.overdue(before), lambda c: c.is_overdue(before)),
        "due soon": (Case.objects.due_within(now), lambda c: c.is_due_within(now)),
        "in the wind": (Case.objects.in_the_wind(now), lambda c: c.is_in_the_wind(now)),
        "quiet": (Case.objects.quiet(now), lambda c: c.is_quiet(now)),
    }
    for state, (queryset, method) in questions.items():
        assert names(cases, queryset.values_list("pk", flat=True)) == EXPECTED[state], state
        assert {name for name, case in cases.items() if method(case)} == EXPECTED[state], state


def test_the_sweep_escalates_exactly_the_overdue_cases(cases, now):
    with time_machine.travel(now - SECOND, tick=False):
        deadlines.sweep(now=now - SECOND)
    assert not DeadlineNotice.objects.filter(kind=DeadlineNotice.Kind.OVERDUE).exists()
    assert not Determination.objects.exists()
    deadlines.sweep(now=now)
    escalated = Determination.objects.filter(kind=Determination.Kind.ASSESSMENT_OVERDUE).values_list(
        "case_id", flat=True
    )
    assert names(cases, escalated) == EXPECTED["overdue"]


def test_the_case_page_the_caseload_and_the_home_panel_agree(cases, now, personas):
    manager = personas[Role.CASE_MANAGER]
    client = signed_in_client(manager)
    flagged = {"overdue": set(), "in the wind": set()}
    for name, case in cases.items():
        page = client.get(reverse("cases:case-detail", args=[case.public_id])).content.decode()
        if "Overdue</span>" in page:
            flagged["overdue"].add(name)
        if "In the wind</span>" in page:
            flagged["in the wind"].add(name)
    assert flagged == {"overdue": EXPECTED["overdue"], "in the wind": EXPECTED["in the wind"]}

    day = caseload(manager, now)
    assert names(cases, [c.pk for c in day["cases"]]) == EXPECTED["open"]
    assert names(cases, [c.pk for c in day["cases"] if c.overdue]) == EXPECTED["overdue"]
    assert names(cases, [c.pk for c in day["in_the_wind"]]) == EXPECTED["in the wind"]

    panel = LOADERS["deadlines"](manager)
    assert names(cases, [c.pk for c in panel["cases"]]) == EXPECTED["due soon"]
    assert names(cases, [c.pk for c in panel["cases"] if c.overdue]) == EXPECTED["overdue"]


def test_outreach_ranks_by_the_same_states(cases, now, personas):
    listed = to_reach(personas[Role.OUTREACH], now)
    assert names(cases, [c.pk for c in listed]) == EXPECTED["open"]
    assert names(cases, [c.pk for c in listed if c.in_the_wind]) == EXPECTED["in the wind"]
    assert names(cases, [c.pk for c in listed if c.due_soon]) == EXPECTED["due soon"]
    assert names(cases, [c.pk for c in listed if c.quiet]) == EXPECTED["quiet"]


def test_the_owg_agenda_lists_the_open_cases_with_the_same_flags(cases, now, personas):
    deadlines.sweep(now=now)
    director = personas[Role.DIRECTOR]
    # The printed agenda: every open case in full (the page shows those without news as rows).
    built = agenda.build(meeting(members=[director], now=now), director, now, everyone=True)
    on_agenda = [e for e in built.entries() if e.case is not None]
    assert sorted(names(cases, [e.case.pk for e in on_agenda])) == sorted(EXPECTED["open"])  # each once
    assert names(cases, [e.case.pk for e in on_agenda if e.overdue]) == EXPECTED["overdue"]
    assert names(cases, [e.case.pk for e in on_agenda if e.in_the_wind]) == EXPECTED["in the wind"]
    assert names(cases, [e.case.pk for e in on_agenda if e.awaiting_assessment]) == EXPECTED["waiting"]
    deadline = {s: es for s, _, es in built.sections}[Decision.Section.DEADLINE]
    assert names(cases, [e.case.pk for e in deadline]) == EXPECTED["overdue"]


def test_the_reports_count_the_same_cases(cases, now, personas):
    f = metrics.default_filters(DUE_DAY)
    assert row(metrics.timeliness(f, now), "Assessments overdue today").values[0] == len(EXPECTED["overdue"])
    assert row(metrics.flow(f, now), "In the wind today").values[0] == len(EXPECTED["in the wind"])
    assert row(metrics.capacity_tables(), "Open cases").values == [len(EXPECTED["open"])]
    assert names(cases, records.listing("overdue", f, now).queryset.values_list("pk", flat=True)) == EXPECTED["overdue"]
    assert (
        names(cases, records.listing("in-the-wind", f, now).queryset.values_list("pk", flat=True))
        == EXPECTED["in the wind"]
    )
    assert names(cases, records.listing("cases-open", f, now).queryset.values_list("pk", flat=True)) == EXPECTED["open"]
    own = metrics.caseload_report(personas[Role.CASE_MANAGER], f, now)[0][1]
    assert row(own, "Assessments overdue").values == [len(EXPECTED["overdue"])]
    assert row(own, "In the wind").values == [len(EXPECTED["in the wind"])]
    assert row(own, "Open cases").values == [len(EXPECTED["open"])]


def test_the_sweeps_index_covers_the_waiting_statuses():
    """The partial index's condition spells the statuses out (Meta cannot name Case's
    constants): it must stay the set the sweep selects."""
    index = next(i for i in Case._meta.indexes if i.name == "case_assessment_due_idx")
    assert set(dict(index.condition.children)["status__in"]) == set(Case.WAITING_STATUSES)


@pytest.mark.parametrize("name", ["case_open_due_idx", "case_open_reached_idx"])
def test_the_case_lists_indexes_cover_the_open_statuses(name):
    index = next(i for i in Case._meta.indexes if i.name == name)
    assert set(dict(index.condition.children)["status__in"]) == set(Case.OPEN_STATUSES)
