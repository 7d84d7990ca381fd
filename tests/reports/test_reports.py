"""Report figures against hand-counted fixtures, small-cell suppression, the equity rates, and
who may read and export what (docs/access-policy.md: reports and exports)."""

import datetime
import html

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from cases.services import referrals as case_services
from cases.services.casefile import case_close
from eligibility.models import Screening
from lead.audit.models import AccessEvent
from lead.roles import Role
from lead.system.models import SiteConfiguration
from reports import metrics
from reports.suppression import SMALL, SUPPRESSED, SUPPRESSION_NOTE, rate_cell, suppress_table
from reports.tables import Row, Table
from tests.conftest import signed_in_client
from tests.factories import (
    AgencyFactory,
    ScreeningFactory,
    UserFactory,
    arrest_referral,
    completed_assessment,
    open_case,
)
from tests.helpers import clock_at, queries_to_get

NOW = datetime.datetime(2026, 11, 20, 20, 0, tzinfo=datetime.UTC)
PERIOD = metrics.Filters(start=datetime.date(2026, 11, 1), end=datetime.date(2026, 11, 30))
IN_PERIOD = datetime.datetime(2026, 11, 10, 18, 0, tzinfo=datetime.UTC)
BEFORE = datetime.datetime(2026, 10, 15, 18, 0, tzinfo=datetime.UTC)
QUERY = "start=2026-11-01&end=2026-11-30"


clock = clock_at(NOW)


def screened(agency, outcome, status, race=(), at=IN_PERIOD, **kw):
    return ScreeningFactory(agency=agency, outcome=outcome, status=status, race=list(race), screened_at=at, **kw)


@pytest.fixture
def screenings(db):
    """Seven screenings this period and one before, counted by hand in the tests."""
    police = AgencyFactory(name="Harbor City Police Department")
    eligible, ineligible = Screening.Outcome.ELIGIBLE, Screening.Outcome.INELIGIBLE
    for race in (["black"], ["black"], ["white"]):
        screened(police, eligible, Screening.Status.REFERRED, race)
    screened(police, eligible, Screening.Status.DECLINED, ["black"])
    screened(police, ineligible, Screening.Status.ARRESTED, ["black"], reasons=["outstanding_warrant"])
    screened(
        police,
        ineligible,
        Screening.Status.ARRESTED,
        ["white", "asian"],
        reasons=["outstanding_warrant", "on_supervision"],
    )
    screened(
        police, Screening.Outcome.COORDINATE, Screening.Status.AWAITING_COORDINATION, [], reasons=["on_supervision"]
    )
    screened(police, eligible, Screening.Status.REFERRED, ["white"], at=BEFORE)
    return police


def table(sections, key):
    return next(t for _, tables in sections for t in tables if t.key == key)


def values(t, label):
    return next(r.values for r in t.rows if r.label == label)


def test_screenings_are_counted_by_outcome_and_offer_answer_for_both_periods(screenings):
    report = metrics.director_report(PERIOD, NOW)
    outcomes = table(report, "screenings")
    assert values(outcomes, "Eligible") == [4, 1]
    assert values(outcomes, "Not eligible") == [2, 0]
    assert values(outcomes, "Coordinate first") == [1, 0]
    assert values(outcomes, "All screenings") == [7, 1]
    offers = table(report, "offers")
    assert [values(offers, label) for label in ("Accepted: diverted", "Declined: arrested", "All offers")] == [
        [3, 1],
        [1, 0],
        [4, 1],
    ]


def test_the_equity_table_counts_each_group_at_every_step_and_compares_rates(screenings):
    counts = table(metrics.director_report(PERIOD, NOW), "equity-race-counts")
    # Screened, eligible, offered, diverted, declined, arrested after ineligible.
    assert values(counts, "Black or African American") == [4, 3, 3, 2, 1, 1]
    assert values(counts, "White") == [1, 1, 1, 1, 0, 0]
    assert values(counts, "Two or more races") == [1, 0, 0, 0, 0, 1]
    assert values(counts, "Not stated") == [1, 0, 0, 0, 0, 0]
    assert values(counts, "All") == [7, 4, 4, 3, 1, 2]
    rates = table(metrics.director_report(PERIOD, NOW), "equity-race-rates")
    assert values(rates, "All") == [round(4 / 7, 3), 1.0, 0.75, 0.25, round(2 / 7, 3)]
    assert values(rates, "Black or African American")[0] == 0.75  # groups under 10 are not flagged


def test_a_race_declined_is_not_a_race_stated(db):
    police = AgencyFactory()
    eligible, referred = Screening.Outcome.ELIGIBLE, Screening.Status.REFERRED
    screened(police, eligible, referred, ["declined"])
    screened(police, eligible, referred, ["declined", "black"])
    screened(police, eligible, referred, ["asian", "declined", "white"])
    counts = table(metrics.director_report(PERIOD, NOW), "equity-race-counts")
    assert [values(counts, label)[0] for label in ("Not stated", "Black or African American", "Two or more races")] == [
        1,
        1,
        1,
    ]


def test_a_group_whose_rate_differs_markedly_is_flagged_in_words(db):
    police = AgencyFactory()
    for n in range(20):
        screened(
            police,
            Screening.Outcome.ELIGIBLE if n < 18 else Screening.Outcome.INELIGIBLE,
            Screening.Status.ELIGIBLE if n < 18 else Screening.Status.ARRESTED,
            ["white"],
        )
    for n in range(10):
        screened(
            police,
            Screening.Outcome.ELIGIBLE if n < 4 else Screening.Outcome.INELIGIBLE,
            Screening.Status.ELIGIBLE if n < 4 else Screening.Status.ARRESTED,
            ["black"],
        )
    rates = table(metrics.director_report(PERIOD, NOW), "equity-race-rates")
    # Overall 22/30 found eligible; Black people 4/10: 55% of the overall rate.
    assert values(rates, "Black or African American")[0] == "0.400 (differs markedly)"
    assert values(rates, "White")[0] == 0.9


def test_exclusion_reasons_count_each_reason_of_each_screening(screenings):
    reasons = table(metrics.director_report(PERIOD, NOW), "reasons")
    counts = {r.label: r.values for r in reasons.rows}
    assert sorted(v for v in counts.values()) == [[2, 0], [2, 0]]


def test_people_diverted_twice_are_counted_once(db):
    officer = UserFactory(roles=[Role.OFFICER])
    with time_machine.travel(IN_PERIOD, tick=False):
        first = arrest_referral(officer=officer)
        again = ScreeningFactory(agency=officer.agency, officer=officer)
        case_services.diversion_accept(
            screening=again, officer=officer, participant=first.participant, identity={}, now=IN_PERIOD
        )
        arrest_referral(officer=officer, first_name="Sam", last_name="Other")
    diversions = table(metrics.director_report(PERIOD, NOW), "diversions")
    assert values(diversions, "Referrals") == [3, 0] and values(diversions, "People (each once)") == [2, 0]


def test_cases_opened_active_and_closed_by_reason(db):
    with time_machine.travel(BEFORE, tick=False):
        old = open_case()
    with time_machine.travel(IN_PERIOD, tick=False):
        new = open_case()
        case_close(case=old, by=old.case_manager, reason="moved", note="", now=IN_PERIOD)
    report = metrics.director_report(PERIOD, NOW)
    cases = table(report, "cases")
    assert values(cases, "Opened") == [1, 1]
    assert values(cases, "Active at some time in the period") == [2, 1]
    assert values(table(report, "closed"), "Moved away") == [1, 0]
    assert new.pk


def test_two_cases_with_identical_dates_each_count_once_in_the_timeliness_figures(db):
    """Two cases of the same department referred, opened, consented and assessed at the same
    instants (the same due date) are two cases: the count says 2 and the median weighs both."""
    officer = UserFactory(agency=AgencyFactory(), roles=[Role.OFFICER])
    assessed = IN_PERIOD + datetime.timedelta(days=2)
    for n in range(2):
        with time_machine.travel(IN_PERIOD, tick=False):
            case = open_case(arrest_referral(officer=officer, first_name=f"Twin{n}"))
        completed_assessment(case, now=assessed)
    with time_machine.travel(IN_PERIOD, tick=False):
        later = open_case(arrest_referral(officer=officer, first_name="Later"))
    completed_assessment(later, now=IN_PERIOD + datetime.timedelta(days=8))
    timeliness = table(metrics.director_report(PERIOD, NOW), "timeliness")
    assert values(timeliness, "Assessments due (or done) of cases opened") == [3, 0]
    # Days to the assessment: 2, 2 and 8, so the median is 2 (5 if the twins were one).
    assert values(timeliness, "Days from referral to the completed assessment, median") == [2.0, None]


def test_the_savings_estimate_multiplies_diversions_by_the_unit_costs(db):
    config = SiteConfiguration.current()
    config.cost_per_booking, config.cost_per_jail_day, config.jail_days_per_booking, config.cost_per_prosecution = (
        100,
        50,
        2,
        1000,
    )
    config.save()
    with time_machine.travel(IN_PERIOD, tick=False):
        arrest_referral()
        arrest_referral(first_name="Ann", last_name="Lee")
    savings = table(metrics.director_report(PERIOD, NOW), "savings")
    assert values(savings, "Bookings avoided") == [2, 0]
    assert values(savings, "Jail days avoided") == [4.0, 0.0]
    assert values(savings, "Estimated savings, dollars") == [2 * 100 + 4 * 50 + 2 * 1000, 0.0]


def test_the_drill_down_lists_the_records_behind_a_figure(screenings, personas):
    client = signed_in_client(personas[Role.DIRECTOR])
    page = client.get(reverse("reports:records", args=["screenings-eligible"]) + "?" + QUERY)
    assert page.context["page"].paginator.count == 4
    counts = table(metrics.director_report(PERIOD, NOW), "equity-race-counts")
    black = next(r for r in counts.rows if r.label == "Black or African American")
    assert (
        client.get(reverse("reports:records", args=[black.records]) + "?" + QUERY).context["page"].paginator.count == 4
    )
    assert AccessEvent.objects.filter(object_type="reports.records", object_id="screenings-eligible").exists()


# Suppression ------------------------------------------------------------------------------------


def test_small_counts_are_suppressed_and_a_lone_one_is_not_given_away_by_the_total():
    t = Table("t", "T", ["n"], [Row("a", [3]), Row("b", [12]), Row("c", [40]), Row("total", [55])], partition=True)
    suppressed = suppress_table(t)
    assert [r.values[0] for r in suppressed.rows] == [SMALL, SUPPRESSED, 40, 55]
    # With no other part to hide, the total goes.
    lone = suppress_table(Table("t", "T", ["n"], [Row("a", [2]), Row("b", [0]), Row("total", [2])], partition=True))
    assert [r.values[0] for r in lone.rows] == [SMALL, 0, SMALL]  # the total is 2 itself
    lone = suppress_table(
        Table("t", "T", ["n"], [Row("a", [2]), Row("b", [0]), Row("c", [5]), Row("total", [7])], partition=True)
    )
    assert [r.values[0] for r in lone.rows] == [SMALL, 0, SUPPRESSED, 7]
    assert suppress_table(Table("t", "T", ["n"], [Row("a", [0]), Row("b", [5])])).rows[0].values == [0]


def test_a_cell_hidden_to_protect_a_neighbour_says_suppressed_not_fewer_than_5():
    t = Table(
        "t",
        "T",
        ["n", "m"],
        [Row("a", [2, 7]), Row("b", [13, 9]), Row("c", [40, 1]), Row("total", [55, 17])],
        partition=True,
    )
    assert [r.values for r in suppress_table(t).rows] == [[SMALL, SUPPRESSED], [SUPPRESSED, 9], [40, SMALL], [55, 17]]


def test_the_suppression_note_explains_both_labels():
    assert '"fewer than 5" when it is a count from 1 to 4' in SUPPRESSION_NOTE
    assert '"suppressed" when it may be of any size' in SUPPRESSION_NOTE


def test_a_rate_that_would_reveal_a_small_count_is_suppressed():
    assert rate_cell(2, 40) == SUPPRESSED  # 2 people
    assert rate_cell(38, 40) == SUPPRESSED  # 40 - 38 = 2 people
    assert rate_cell(20, 40) == 0.5
    assert rate_cell(0, 0) is None


def test_the_pcg_report_suppresses_small_cells_and_shows_no_names(screenings, personas):
    # Names no generated staff member has (the signed-in user's name is in the header).
    open_case(arrest_referral(first_name="Xanthippa", last_name="Quillfeather"))
    page = signed_in_client(personas[Role.PCG]).get(reverse("reports:pcg") + "?" + QUERY).content.decode()
    assert "fewer than 5" in page
    assert html.unescape(SUPPRESSION_NOTE) in html.unescape(page)
    assert "Quillfeather" not in page and "Xanthippa" not in page
    report = metrics.aggregate_report(PERIOD, NOW)
    assert values(table(report, "screenings"), "Not eligible")[0] == SMALL
    assert values(table(report, "equity-race-counts"), "Black or African American") == [SMALL] * 6  # 4, 3, 3, 2, 1, 1
    # With Jordan's screening: 8 screened, 5 eligible and offered, 4 diverted, 1 declined, 2 arrested.
    assert values(table(report, "equity-race-counts"), "All") == [8, 5, 5, SMALL, SMALL, SMALL]
    assert "caseloads" not in [t.key for _, tables in report for t in tables]


def test_the_public_page_is_off_by_default_and_open_to_anyone_when_on(screenings, client):
    assert client.get(reverse("transparency")).status_code == 404
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.DENIED, detail="public reports are off").exists()
    config = SiteConfiguration.current()
    config.public_reports = True
    config.save()
    page = client.get(reverse("transparency") + "?" + QUERY)
    assert page.status_code == 200 and "fewer than 5" in page.content.decode()


# Who may read and export what ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "report", "status"),
    [
        (Role.DIRECTOR, "director", 200),
        (Role.PCG, "director", 404),
        (Role.COORDINATOR, "director", 404),
        (Role.PCG, "pcg", 200),
        (Role.COORDINATOR, "pcg", 200),
        (Role.CASE_MANAGER, "pcg", 404),
        (Role.CASE_MANAGER, "caseload", 200),
        (Role.DIRECTOR, "caseload", 404),
    ],
)
def test_each_role_exports_only_the_report_it_may_read(personas, role, report, status):
    key = {"director": "screenings", "pcg": "screenings", "caseload": "today"}[report]
    response = signed_in_client(personas[role]).get(reverse("reports:export", args=[report, key]) + "?format=csv")
    assert response.status_code == status


def test_a_table_export_streams_csv_and_is_logged(screenings, personas):
    response = signed_in_client(personas[Role.DIRECTOR]).get(
        reverse("reports:export", args=["director", "screenings"]) + "?format=csv&" + QUERY
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Eligible,4,1" in body and "All screenings,7,1" in body
    assert AccessEvent.objects.filter(kind="export", object_id="director/screenings").exists()


def test_the_pcg_export_is_suppressed_like_its_page(screenings, personas):
    response = signed_in_client(personas[Role.PCG]).get(
        reverse("reports:export", args=["pcg", "screenings"]) + "?format=csv&" + QUERY
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Not eligible,fewer than 5,0" in body
    assert body.splitlines()[0] == f'"{SUPPRESSION_NOTE.replace(chr(34), chr(34) * 2)}"'


def test_the_pcg_xlsx_export_carries_the_note_and_both_labels(screenings, personas):
    import io

    from openpyxl import load_workbook

    url = reverse("reports:export", args=["pcg", "screenings"]) + "?format=xlsx&" + QUERY
    response = signed_in_client(personas[Role.PCG]).get(url)
    data, notice = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets
    rows = list(data.values)
    assert notice["A1"].value == SUPPRESSION_NOTE
    assert any(row[0] == "Not eligible" and row[1] == SMALL for row in rows)


def test_a_case_manager_sees_figures_of_their_own_caseload_only(personas):
    manager = personas[Role.CASE_MANAGER]
    with time_machine.travel(IN_PERIOD, tick=False):
        open_case(case_manager=manager)
        open_case()
    report = metrics.caseload_report(manager, PERIOD, NOW)
    assert values(table(report, "today"), "Open cases") == [1]
    assert values(table(report, "period"), "Cases opened") == [1, 0]
    page = signed_in_client(manager).get(reverse("reports:caseload") + "?start=2026-11-01&end=2026-11-30")
    assert page.status_code == 200


def test_a_wrong_period_shows_an_error_and_the_default_figures(personas):
    page = signed_in_client(personas[Role.DIRECTOR]).get(
        reverse("reports:director") + "?start=2026-11-30&end=2026-11-01"
    )
    assert escape("The last day must be on or after the first day.") in page.content.decode()


def test_the_directors_report_runs_the_same_queries_for_few_and_many_records(personas):
    client = signed_in_client(personas[Role.DIRECTOR])
    url = reverse("reports:director") + "?" + QUERY
    with time_machine.travel(IN_PERIOD, tick=False):
        open_case()
    client.get(url)

    def queries():
        return queries_to_get(client, url)

    few = queries()
    with time_machine.travel(IN_PERIOD, tick=False):
        for n in range(6):
            case = open_case(arrest_referral(first_name=f"P{n}", last_name=f"Q{n}"))
            case_close(case=case, by=case.case_manager, reason="completed", note="", now=IN_PERIOD)
        police = AgencyFactory()
        for _ in range(10):
            screened(police, Screening.Outcome.ELIGIBLE, Screening.Status.ELIGIBLE, ["black"])
    assert queries() == few


@pytest.mark.parametrize("key", ["screenings-all", "cases-opened", "decisions-all", "criminal-all"])
def test_a_drill_down_list_runs_the_same_queries_for_few_and_many_records(personas, key):
    from tests.factories import criminal_case, decision

    client = signed_in_client(personas[Role.DIRECTOR])
    url = reverse("reports:records", args=[key]) + "?" + QUERY

    def add(count):
        with time_machine.travel(IN_PERIOD, tick=False):
            for n in range(count):
                case = open_case(arrest_referral(first_name=f"P{n}", last_name=f"Q{count}"))
                decision(by=personas[Role.DIRECTOR], case=case)
                criminal_case(participant=case.participant)

    def queries():
        return queries_to_get(client, url)

    add(1)
    client.get(url)
    few = queries()
    add(5)
    assert queries() == few
