"""The program's figures (policy III; field-notes: what LEAD evaluations measure), for a period
and the one before it, filtered by agency and referral door.

Each block is one query that counts both periods at once (conditional aggregation over the two
windows), so the director's report runs a fixed number of queries whatever the size of the
site. The database computes the figures, medians and groups included (the SQL that differs
between PostgreSQL and SQLite is in reports/sql.py); Python only lays them out in tables. A
closed period's figures are cached for a day (`_cached`).

Counting rules, written once here:
- A period is whole days in the site's time zone, start and end inclusive.
- "People" counts a participant once however many referrals they had.
- Screenings belong to the agency that screened; the door of a screening is its agency's
  diversion stage (social contact referrals have no screening).
- Assessments "within the deadline" are completed by the due date in force (an extension moves it).
- The case states (open, active in a period, overdue, in the wind) are `Case`'s expressions
  (`Case.open_q()`, `Case.active_q(start, end)`, `Case.overdue_q(now)`, `Case.in_the_wind_q(now)`),
  the ones the case page, the agenda and the sweep use; figures "today" pass `now`.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import TruncDate
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from cases.models import (
    Assessment,
    Case,
    Contact,
    Domain,
    Goal,
    Participant,
    ProgressSummary,
    Referral,
)
from cases.selectors import capacity
from eligibility.engine import REASONS
from eligibility.models import Screening
from lead.system.models import SiteConfiguration
from owg.models import ChargeFiling, CriminalCase, Decision
from reports.sql import Median, Seconds, json_elements
from reports.sql import race_group as race_group_sql
from reports.suppression import (
    HIDDEN,
    SMALL,
    SUPPRESSED,
    is_small,
    rate_cell,
    suppress_table,
)
from reports.tables import Row, Table

DOORS = [
    ("", "All doors"),
    ("pre_arrest", "Arrest diversion, pre-arrest"),
    ("pre_booking", "Arrest diversion, pre-booking"),
    ("social", "Social contact referral"),
]
PERIODS = ("now", "before")
HANDOFF_TARGET_MINUTES = 30
# The "four-fifths rule" of disparate-impact analysis: a group's rate below 80% of the overall
# rate (or above 125%) differs markedly. Groups smaller than this are not flagged: too few to say.
FLAG_LOW, FLAG_HIGH, FLAG_MIN_GROUP = 0.8, 1.25, 10


@dataclass(frozen=True)
class Filters:
    start: date
    end: date  # inclusive
    agency_id: int | None = None
    door: str = ""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Filters":
        return replace(self, start=self.start - timedelta(days=self.days), end=self.start - timedelta(days=1))

    def bounds(self) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=tz),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz),
        )

    def windows(self) -> dict[str, tuple[datetime, datetime]]:
        return {"now": self.bounds(), "before": self.previous().bounds()}

    def span(self) -> tuple[datetime, datetime]:
        return self.previous().bounds()[0], self.bounds()[1]


def default_filters(today: date) -> Filters:
    """The last 30 days, today included."""
    return Filters(start=today - timedelta(days=29), end=today)


def _in(field: str, window) -> Q:
    return Q(**{f"{field}__gte": window[0], f"{field}__lt": window[1]})


def _counts(queryset, field: str, f: Filters, **conditions: Q) -> dict[str, dict[str, int]]:
    """{condition: {"now": n, "before": n}} in one query."""
    windows = f.windows()
    aggregates = {
        f"{name}__{period}": Count("pk", filter=_in(field, windows[period]) & condition)
        for name, condition in conditions.items()
        for period in PERIODS
    }
    lo, hi = f.span()
    result = queryset.filter(**{f"{field}__gte": lo, f"{field}__lt": hi}).aggregate(**aggregates)
    return {name: {p: result[f"{name}__{p}"] for p in PERIODS} for name in conditions}


def _is_now(field: str, f: Filters) -> ExpressionWrapper:
    """True for a row of this period, false for one of the previous (a row of `f.span()`)."""
    return ExpressionWrapper(Q(**{f"{field}__gte": f.bounds()[0]}), output_field=BooleanField())


def _select(sql: str, scoped) -> list[tuple]:
    """Rows of `sql`, a statement over `{scoped}`: the queryset `scoped` as a subquery named s
    (for what Django's expressions do not write: set-returning functions over JSON arrays)."""
    try:
        inner, params = scoped.query.sql_with_params()
    except EmptyResultSet:  # a filter that matches nothing (screenings of the social door)
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql.format(scoped=f"({inner}) s"), params)
        return cursor.fetchall()


# Scoped querysets ---------------------------------------------------------------------------------


def screenings(f: Filters):
    qs = Screening.objects.all()
    if f.agency_id:
        qs = qs.filter(agency_id=f.agency_id)
    if f.door == "social":
        return qs.none()
    if f.door:
        qs = qs.filter(agency__diversion_stage=f.door)
    return qs


def referrals(f: Filters):
    return _by_referral(Referral.objects.all(), f)


def cases(f: Filters):
    return _by_referral(Case.objects.all(), f, via="referral__")


def _by_referral(qs, f: Filters, via: str = ""):
    """The agency and door filters, on referrals (`via` "") or on what a referral opened."""
    if f.agency_id:
        qs = qs.filter(**{f"{via}agency_id": f.agency_id})
    if f.door == "social":
        return qs.filter(**{f"{via}kind": Referral.Kind.SOCIAL_CONTACT})
    if f.door:
        return qs.filter(**{f"{via}kind": Referral.Kind.ARREST_DIVERSION, f"{via}stage": f.door})
    return qs


def _among(f: Filters, field: str = "case", scoped=None) -> Q:
    """Rows whose `field` is one of `scoped(f)` (`cases` unless said); with no agency or door
    filter, any row with one, asked without the subquery of every case (or referral)."""
    if not f.agency_id and not f.door:
        return Q(**{f"{field}__isnull": False})
    return Q(**{f"{field}__in": (scoped or cases)(f)})


def _of_cases(qs, f: Filters):
    return qs.filter(_among(f))


def _pair(values: dict, name: str) -> list:
    return [values[name]["now"], values[name]["before"]]


def _rate(n, d):
    return round(n / d, 3) if d else None


COLUMNS = ["This period", "Previous period"]
# The rows counted today, not in a period (figures of a cached report are counted again: `_cached`).
WIND_TODAY, OVERDUE_TODAY = "In the wind today", "Assessments overdue today"


# Flow -------------------------------------------------------------------------------------------------

# Offered diversion: the person answered the offer (accepted and diverted, or declined). SQL for
# the flow table and its drill-down, the tuple for the equity table's Python pass.
OFFERED_STATUSES = (Screening.Status.DECLINED, Screening.Status.REFERRED)
SCREENING_OFFERED = Q(status__in=OFFERED_STATUSES)


def flow(f: Filters, now: datetime) -> list[Table]:
    s = _counts(
        screenings(f),
        "screened_at",
        f,
        total=Q(),
        **{o: Q(outcome=o) for o in Screening.Outcome.values},
        offered=SCREENING_OFFERED,
        declined=Q(status=Screening.Status.DECLINED),
        diverted=Q(status=Screening.Status.REFERRED),
        arrested=Q(status=Screening.Status.ARRESTED),
    )
    outcomes = Table(
        "screenings",
        "Eligibility screenings by outcome",
        COLUMNS,
        label_heading="Outcome",
        rows=[Row(Screening.Outcome(o).label, _pair(s, o), records=f"screenings-{o}") for o in Screening.Outcome.values]
        + [Row("All screenings", _pair(s, "total"), records="screenings-all")],
        partition=True,
    )
    offers = Table(
        "offers",
        "Offers of diversion",
        COLUMNS,
        label_heading="Answer",
        rows=[
            Row("Accepted: diverted", _pair(s, "diverted"), records="screenings-diverted"),
            Row("Declined: arrested", _pair(s, "declined"), records="screenings-declined"),
            Row("All offers", _pair(s, "offered"), records="screenings-offered"),
        ],
        note="Arrested after an ineligible screening: see the equity table.",
        partition=True,
    )
    tables = [outcomes, _exclusion_reasons(f), offers]

    windows = f.windows()
    r = referrals(f)
    diverted = r.filter(kind=Referral.Kind.ARREST_DIVERSION)
    people = diverted.filter(created_at__gte=f.span()[0], created_at__lt=f.span()[1]).aggregate(
        **{
            f"{k}__{p}": Count(k2, filter=_in("created_at", windows[p]), distinct=d)
            for k, k2, d in (("referrals", "pk", False), ("people", "participant", True))
            for p in PERIODS
        }
    )
    tables.append(
        Table(
            "diversions",
            "Arrest diversions",
            COLUMNS,
            label_heading="Counted as",
            rows=[
                Row("Referrals", [people["referrals__now"], people["referrals__before"]], records="diversions"),
                Row("People (each once)", [people["people__now"], people["people__before"]], records="diversions"),
            ],
        )
    )
    social = _counts(
        r.filter(kind=Referral.Kind.SOCIAL_CONTACT),
        "created_at",
        f,
        total=Q(),
        **{
            st: Q(status=st)
            for st in (
                Referral.Status.PENDING,
                Referral.Status.APPROVED,
                Referral.Status.DECLINED,
                Referral.Status.WITHDRAWN,
            )
        },
    )
    social_table = Table(
        "social",
        "Social contact referrals by status today, made in the period",
        COLUMNS,
        label_heading="Status",
        rows=[
            Row(Referral.Status(st).label, _pair(social, st), records=f"social-{st}")
            for st in (
                Referral.Status.PENDING,
                Referral.Status.APPROVED,
                Referral.Status.DECLINED,
                Referral.Status.WITHDRAWN,
            )
        ]
        + [Row("All social contact referrals", _pair(social, "total"), records="social-all")],
        partition=True,
    )
    tables.append(social_table)
    tables.extend(_cases_flow(f, now))
    return tables


def _exclusion_reasons(f: Filters) -> Table:
    lo, hi = f.span()
    scoped = (
        screenings(f)
        .filter(screened_at__gte=lo, screened_at__lt=hi)
        .exclude(outcome=Screening.Outcome.ELIGIBLE)
        .annotate(now=_is_now("screened_at", f))
    )
    counts = {code: {"now": 0, "before": 0} for code in REASONS}
    vendor = connection.vendor
    for now, code, n in _select(
        f"SELECT s.now, e.value, COUNT(*) FROM {{scoped}}, {json_elements('s.reasons', vendor)} GROUP BY 1, 2",
        scoped.values("now", "reasons"),
    ):
        counts.setdefault(code, {"now": 0, "before": 0})["now" if now else "before"] = n
    return Table(
        "reasons",
        "Reasons a screening found the person not eligible (or to coordinate)",
        COLUMNS,
        label_heading="Reason",
        rows=[
            Row(REASONS.get(code, code), [c["now"], c["before"]], records=f"reason-{code}")
            for code, c in counts.items()
            if c["now"] or c["before"]
        ],
        note="A screening may give several reasons.",
    )


def _cases_flow(f: Filters, now: datetime) -> list[Table]:
    windows = f.windows()
    config = SiteConfiguration.current()
    c = cases(f)
    aggregates = {}
    for p in PERIODS:
        aggregates[f"opened__{p}"] = Count("pk", filter=_in("opened_at", windows[p]))
        aggregates[f"active__{p}"] = Count("pk", filter=Case.active_q(*windows[p]))
        aggregates[f"active_people__{p}"] = Count("participant", filter=Case.active_q(*windows[p]), distinct=True)
        aggregates[f"closed__{p}"] = Count("pk", filter=_in("closed_at", windows[p]))
        for reason in Case.Closing.values:
            aggregates[f"closed_{reason}__{p}"] = Count(
                "pk", filter=_in("closed_at", windows[p]) & Q(closed_reason=reason)
            )
    aggregates["wind"] = Count("pk", filter=Case.in_the_wind_q(now, config.in_the_wind_days))
    v = c.aggregate(**aggregates)
    pair = lambda k: [v[f"{k}__now"], v[f"{k}__before"]]  # noqa: E731
    caseload = Table(
        "cases",
        "Cases",
        COLUMNS,
        label_heading="Cases",
        rows=[
            Row("Opened", pair("opened"), records="cases-opened"),
            Row("Active at some time in the period", pair("active"), records="cases-active"),
            Row("People active (each once)", pair("active_people"), records="cases-active"),
            Row(WIND_TODAY, [v["wind"], None], records="in-the-wind"),
        ],
        note=f"In the wind: not reached for {config.in_the_wind_days} days; counted today, not per period.",
    )
    closed = Table(
        "closed",
        "Cases closed, by reason",
        COLUMNS,
        label_heading="Reason",
        rows=[
            Row(Case.Closing(reason).label, pair(f"closed_{reason}"), records=f"closed-{reason}")
            for reason in Case.Closing.values
        ]
        + [Row("All closed", pair("closed"), records="closed-all")],
        partition=True,
    )
    return [caseload, closed]


# Timeliness ---------------------------------------------------------------------------------------------


def _median_cell(n: int, median, suppress: bool):
    if suppress and 0 < n < 5:
        return HIDDEN
    return None if median is None else round(median, 1)


def _share_cell(n: int, d: int, suppress: bool):
    return rate_cell(n, d) if suppress else _rate(n, d)


def timings(f: Filters, now: datetime) -> dict[str, dict]:
    """{period: {"handoff": (n, median minutes), "within": n, "consent"/"appointment"/"assessment":
    (n, median days), "due": n, "on_time": n}}, from two aggregate queries (medians in SQL,
    reports/sql.py)."""
    windows = f.windows()
    lo, hi = f.span()
    minutes = Seconds(F("handed_off_at") - F("handoff_requested_at")) / 60
    handoffs = (
        referrals(f)
        .filter(created_at__gte=lo, created_at__lt=hi, handed_off_at__isnull=False, handoff_requested_at__isnull=False)
        .aggregate(
            **{f"n__{p}": Count("pk", filter=_in("created_at", windows[p])) for p in PERIODS},
            **{f"median__{p}": Median(minutes, filter=_in("created_at", windows[p])) for p in PERIODS},
            **{
                f"within__{p}": Count(
                    "pk", filter=_in("created_at", windows[p]) & LessThanOrEqual(minutes, HANDOFF_TARGET_MINUTES)
                )
                for p in PERIODS
            },
        )
    )
    # One row a case opened (grouped: a case has any number of appointments, the first counts),
    # then the counts and medians over those rows.
    days = {
        "consent": Seconds(F("consent__signed_on") - TruncDate("referral__created_at")) / 86400,
        "appointment": Seconds(F("appointments__starts_at") - F("referral__created_at")) / 86400,
        "assessment": Seconds(F("assessment__completed_at") - F("referral__created_at")) / 86400,
    }
    # "Due (or done)", a measure of the cases opened, not the overdue state: the deadline has
    # come (the overdue boundary, whatever the status) or the assessment is done, late or not.
    due = Q(assessment_due_at__isnull=False) & (
        Q(assessment__completed_at__isnull=False) | Q(assessment_due_at__lte=now)
    )
    on_time = Q(assessment__completed_at__lte=F("assessment_due_at"))
    steps = (
        cases(f)
        .filter(opened_at__gte=lo, opened_at__lt=hi)
        .values("pk")
        .annotate(
            opened=Min("opened_at"),
            **{f"{key}_days": Min(value) for key, value in days.items()},
            is_due=Count("pk", filter=due, distinct=True),
            is_on_time=Count("pk", filter=on_time, distinct=True),
        )
        .order_by()
        .aggregate(
            **{
                f"{key}_{name}__{p}": aggregate(f"{key}_days", filter=_in("opened", windows[p]))
                for p in PERIODS
                for key in days
                for name, aggregate in (("n", Count), ("median", Median))
            },
            **{f"due__{p}": Count("pk", filter=_in("opened", windows[p]) & Q(is_due=1)) for p in PERIODS},
            **{f"on_time__{p}": Count("pk", filter=_in("opened", windows[p]) & Q(is_on_time=1)) for p in PERIODS},
        )
    )
    return {
        p: {
            "handoff": (handoffs[f"n__{p}"], handoffs[f"median__{p}"]),
            "within": handoffs[f"within__{p}"],
            **{key: (steps[f"{key}_n__{p}"], steps[f"{key}_median__{p}"]) for key in days},
            "due": steps[f"due__{p}"],
            "on_time": steps[f"on_time__{p}"],
        }
        for p in PERIODS
    }


def timeliness(f: Filters, now: datetime, *, suppress: bool = False) -> list[Table]:
    t = timings(f, now)
    extensions = _counts(
        _of_cases(Decision.objects.all(), f), "recorded_at", f, extensions=Q(outcome=Decision.Outcome.EXTEND)
    )
    overdue = cases(f).overdue(now).count()

    def median(key):
        return [_median_cell(*t[p][key], suppress) for p in PERIODS]

    table = Table(
        "timeliness",
        "Timeliness",
        COLUMNS,
        label_heading="Measure",
        rows=[
            Row("Hand-offs timed", [t[p]["handoff"][0] for p in PERIODS], records="handoffs"),
            Row("Hand-off time, median minutes", median("handoff")),
            Row(
                f"Hand-offs within {HANDOFF_TARGET_MINUTES} minutes (share)",
                [_share_cell(t[p]["within"], t[p]["handoff"][0], suppress) for p in PERIODS],
            ),
            Row("Days from referral to consent, median", median("consent")),
            Row("Days from referral to the first appointment, median", median("appointment")),
            Row("Days from referral to the completed assessment, median", median("assessment")),
            Row("Assessments due (or done) of cases opened", [t[p]["due"] for p in PERIODS], records="assessments-due"),
            Row(
                "Share completed within the deadline",
                [_share_cell(t[p]["on_time"], t[p]["due"], suppress) for p in PERIODS],
            ),
            Row("Extensions granted by the OWG", _pair(extensions, "extensions"), records="extensions"),
            Row(OVERDUE_TODAY, [overdue, None], records="overdue"),
        ],
        note=(
            "Shares are between 0 and 1. Times of cases opened in the period; the deadline in force (an extension "
            "moves it)."
        ),
    )
    return [table]


# Outcomes ----------------------------------------------------------------------------------------------


def outcomes(f: Filters, now: datetime, *, suppress: bool = False) -> list[Table]:
    decisions = _counts(
        Decision.objects.filter(_among(f) | Q(case__isnull=True) & _among(f, "referral", referrals)),
        "recorded_at",
        f,
        **{o: Q(outcome=o) for o in Decision.Outcome.values},
        total=Q(),
    )
    owg = Table(
        "owg",
        "OWG decisions by kind",
        COLUMNS,
        label_heading="Decision",
        rows=[
            Row(Decision.Outcome(o).label, _pair(decisions, o), records=f"decisions-{o}")
            for o in Decision.Outcome.values
        ]
        + [Row("All decisions", _pair(decisions, "total"), records="decisions-all")],
        partition=True,
    )
    filings = _counts(
        _of_cases(ChargeFiling.objects.all(), f),
        "decision__recorded_at",
        f,
        total=Q(),
        **{st: Q(status=st) for st in ChargeFiling.Status.values},
    )
    filing = Table(
        "filings",
        "Original charges the OWG referred for filing",
        COLUMNS,
        label_heading="Prosecutor's decision",
        rows=[
            Row(ChargeFiling.Status(st).label, _pair(filings, st), records=f"filings-{st}")
            for st in ChargeFiling.Status.values
        ]
        + [Row("All referred for filing", _pair(filings, "total"), records="filings-all")],
        partition=True,
    )
    return [owg, filing, _goals(f), *_life(f), _contacts(f, suppress), _criminal(f)]


def _goals(f: Filters) -> Table:
    """ISP goals of the cases active in the period, by domain and status today."""
    window = f.bounds()

    counts = {(d, s): 0 for d in Domain.values for s in Goal.Status.values}
    rows = (
        Goal.objects.filter(plan__case__in=cases(f).filter(Case.active_q(*window)))
        .values("domain", "status")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[(row["domain"], row["status"])] = row["n"]
    return Table(
        "goals",
        "ISP goals of cases active in the period, by domain",
        [Goal.Status(s).label for s in Goal.Status.values],
        label_heading="Domain",
        rows=[
            Row(Domain(d).label, [counts[(d, s)] for s in Goal.Status.values], records=f"goals-{d}")
            for d in Domain.values
        ],
        note="Status today. This period only.",
    )


def _life(f: Filters) -> list[Table]:
    """Housing and employment at the assessment against the latest recorded (a progress summary's,
    or the assessment's when none since), for cases assessed and active in the period."""
    window = f.bounds()
    latest = ProgressSummary.objects.filter(case=OuterRef("pk"), written_at__lt=window[1]).order_by(
        "-written_at", "-id"
    )
    rows = (
        cases(f)
        .filter(Case.active_q(*window), assessment__completed_at__lt=window[1])
        .annotate(
            latest_housing=Subquery(latest.exclude(housing_status="").values("housing_status")[:1]),
            latest_employment=Subquery(latest.exclude(employment_status="").values("employment_status")[:1]),
        )
        .values("assessment__housing_status", "latest_housing", "assessment__employment_status", "latest_employment")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list(
            "assessment__housing_status", "latest_housing", "assessment__employment_status", "latest_employment", "n"
        )
    )
    housing = {h: [0, 0] for h in Assessment.Housing.values}
    employment = {e: [0, 0] for e in Assessment.Employment.values}
    for at_h, now_h, at_e, now_e, n in rows:
        for counter, first, last in ((housing, at_h, now_h), (employment, at_e, now_e)):
            if first:
                counter.setdefault(first, [0, 0])[0] += n
                counter.setdefault(last or first, [0, 0])[1] += n
    columns = ["At assessment", "Latest recorded"]
    return [
        Table(
            "housing",
            "Housing: at assessment and latest",
            columns,
            label_heading="Housing",
            rows=[Row(Assessment.Housing(h).label, v) for h, v in housing.items()],
            note=(
                "Cases assessed and active in this period. Latest: the case manager's latest progress summary, "
                "else the assessment."
            ),
        ),
        Table(
            "employment",
            "Employment: at assessment and latest",
            columns,
            label_heading="Employment",
            rows=[Row(Assessment.Employment(e).label, v) for e, v in employment.items()],
        ),
    ]


def _contacts(f: Filters, suppress: bool) -> Table:
    windows = f.windows()
    scoped = cases(f)
    contacts = _counts(_of_cases(Contact.objects.all(), f), "at", f, total=Q(), reached=Q(reached=True))
    active = scoped.aggregate(
        **{p: Count("participant", filter=Case.active_q(*windows[p]), distinct=True) for p in PERIODS}
    )
    months = f.days / 30.44
    per = [round(contacts["total"][p] / active[p] / months, 2) if active[p] else None for p in PERIODS]
    if suppress:
        per = [HIDDEN if 0 < active[p] < 5 else value for p, value in zip(PERIODS, per, strict=True)]
    return Table(
        "contacts",
        "Case-manager contacts",
        COLUMNS,
        label_heading="Contacts",
        rows=[
            Row("Contacts and attempts", _pair(contacts, "total"), records="contacts"),
            Row("Participant reached", _pair(contacts, "reached"), records="contacts"),
            Row("Per participant per month", per),
        ],
        note="Per participant: contacts over people active in the period, per 30.44 days.",
    )


def _criminal(f: Filters) -> Table:
    people = Participant.objects.filter(Exists(cases(f).filter(participant=OuterRef("pk"))))
    new = _counts(
        CriminalCase.objects.filter(participant__in=people),
        "created_at",
        f,
        total=Q(),
        ours=Q(in_jurisdiction=True),
        elsewhere=Q(in_jurisdiction=False),
    )
    return Table(
        "criminal",
        "New criminal cases of participants (prosecutor's tracking)",
        COLUMNS,
        label_heading="Court",
        rows=[
            Row("In the office's jurisdiction", _pair(new, "ours"), records="criminal-ours"),
            Row("In other jurisdictions", _pair(new, "elsewhere"), records="criminal-elsewhere"),
            Row("All new criminal cases", _pair(new, "total"), records="criminal-all"),
        ],
        note="Recorded by the prosecuting office in the period.",
    )


# Capacity ----------------------------------------------------------------------------------------------


def capacity_tables() -> list[Table]:
    c = capacity()
    return [
        Table(
            "program",
            "Program capacity today",
            ["Count"],
            label_heading="Measure",
            rows=[
                Row("Open cases", [c["open_cases"]], records="cases-open"),
                Row("Capacity", [c["capacity"]]),
                Row("Room", [c["room"]]),
            ],
        ),
        Table(
            "caseloads",
            "Active caseload per case manager today",
            ["Open cases", "Limit"],
            label_heading="Case manager",
            rows=[Row(m.get_full_name() or m.username, [m.open_cases, c["caseload_limit"]]) for m in c["caseloads"]],
        ),
    ]


# Equity ---------------------------------------------------------------------------------------------------

RACE_LABELS = {**dict(Participant.Race.choices), "two_or_more": "Two or more races", "not_stated": "Not stated"}
STEPS = [  # (key, label, numerator, denominator)
    ("eligible", "Found eligible", "eligible", "screened"),
    ("offered", "Offered diversion", "offered", "eligible"),
    ("diverted", "Diverted", "diverted", "offered"),
    ("declined", "Declined", "declined", "offered"),
    ("arrested", "Arrested after an ineligible screening", "arrested", "screened"),
]


def race_group(race: list[str]) -> str:
    stated = [r for r in race if r != Participant.Race.DECLINED]
    if not stated:
        return "not_stated"
    return stated[0] if len(stated) == 1 else "two_or_more"


EQUITY_STEPS = {
    "eligible": Q(outcome=Screening.Outcome.ELIGIBLE) | Q(coordination_result=Screening.CoordinationResult.ELIGIBLE),
    "offered": SCREENING_OFFERED,
    "diverted": Q(status=Screening.Status.REFERRED),
    "declined": Q(status=Screening.Status.DECLINED),
    "arrested": Q(status=Screening.Status.ARRESTED),
}


def equity_counts(f: Filters) -> dict[str, dict[str, dict[str, int]]]:
    """{dimension: {group: {step: count}}} for screenings of this period, by race and by ethnicity.
    One query counts each (race group, ethnicity) pair, a few dozen rows added up here; the race
    group is `race_group`'s rule in SQL (reports/sql.py)."""
    window = f.bounds()
    scoped = (
        screenings(f)
        .filter(screened_at__gte=window[0], screened_at__lt=window[1])
        .annotate(
            **{
                step: ExpressionWrapper(condition, output_field=BooleanField())
                for step, condition in EQUITY_STEPS.items()
            }
        )
    )
    sums = ", ".join(f"SUM(CASE WHEN s.{step} THEN 1 ELSE 0 END)" for step in EQUITY_STEPS)
    rows = _select(
        f"SELECT {race_group_sql('s.race', connection.vendor)}, COALESCE(NULLIF(s.ethnicity, ''), 'not_stated'),"
        f" COUNT(*), {sums} FROM {{scoped}} GROUP BY 1, 2",
        scoped.values("race", "ethnicity", *EQUITY_STEPS),
    )
    result: dict[str, dict[str, dict[str, int]]] = {"race": {}, "ethnicity": {}}
    for race, ethnicity, *counts in rows:
        for dimension, group in (("race", race), ("ethnicity", ethnicity)):
            for target in (group, "all"):
                totals = result[dimension].setdefault(target, dict.fromkeys(["screened", *EQUITY_STEPS], 0))
                for step, n in zip(totals, counts, strict=True):
                    totals[step] += int(n)
    return result


def equity(f: Filters, *, suppress: bool = False) -> list[Table]:
    data = equity_counts(f)
    labels = {"race": RACE_LABELS, "ethnicity": {**dict(Participant.Ethnicity.choices), "not_stated": "Not stated"}}
    tables = []
    for dimension, title in (("race", "Race"), ("ethnicity", "Ethnicity")):
        groups = data[dimension]
        overall = groups.get(
            "all", dict.fromkeys(["screened", "eligible", "offered", "diverted", "declined", "arrested"], 0)
        )
        counts = Table(
            f"equity-{dimension}-counts",
            f"People at each step, by {title.lower()} (this period)",
            ["Screened", "Eligible", "Offered", "Diverted", "Declined", "Arrested after ineligible"],
            label_heading=title,
            partition=True,
        )
        rates = Table(
            f"equity-{dimension}-rates",
            f"Rates at each step by {title.lower()}, against the overall rate",
            [label for _, label, _, _ in STEPS],
            label_heading=title,
            note="Each rate is the group's share at that step (eligible of screened; offered of eligible; "
            'diverted and declined of offered; arrested of screened). "Differs markedly": below 80% '
            f"or above 125% of the overall rate, for groups of {FLAG_MIN_GROUP} or more at that step.",
        )
        for group in [g for g in labels[dimension] if g in groups] + ["all"]:
            g = groups.get(group)
            if g is None:
                continue
            label = "All" if group == "all" else labels[dimension].get(group, group)
            steps = ["screened", "eligible", "offered", "diverted", "declined", "arrested"]
            counts.rows.append(
                Row(
                    label,
                    [g[s] for s in steps],
                    records="screenings-all" if group == "all" else f"equity-{dimension}_{group}",
                )
            )
            cells = []
            for _, _, numerator, denominator in STEPS:
                n, d = g[numerator], g[denominator]
                cell = rate_cell(n, d) if suppress else _rate(n, d)
                if group != "all" and isinstance(cell, float):
                    overall_rate = _rate(overall[numerator], overall[denominator])
                    if overall_rate and d >= FLAG_MIN_GROUP and not FLAG_LOW <= cell / overall_rate <= FLAG_HIGH:
                        cell = f"{cell:.3f} (differs markedly)"
                cells.append(cell)
            rates.rows.append(Row(label, cells))
        tables += [suppress_table(counts) if suppress else counts, rates]
    return tables


# Savings ----------------------------------------------------------------------------------------------------


def savings(f: Filters, *, suppress: bool = False) -> Table:
    config = SiteConfiguration.current()
    diverted = referrals(f).filter(kind=Referral.Kind.ARREST_DIVERSION)
    # Exists, not a join: a join on filings would count a referral once per filing.
    filed = Exists(ChargeFiling.objects.filter(case__referral=OuterRef("pk"), status=ChargeFiling.Status.FILED))
    d = _counts(diverted, "created_at", f, diversions=Q(), filed=Q(filed))
    rows = []
    values = {p: {} for p in PERIODS}
    for p in PERIODS:
        bookings = d["diversions"][p]
        prosecutions = max(bookings - d["filed"][p], 0)
        jail_days = Decimal(bookings) * config.jail_days_per_booking
        cost = (
            bookings * config.cost_per_booking
            + jail_days * config.cost_per_jail_day
            + prosecutions * config.cost_per_prosecution
        )
        values[p] = {
            "bookings": bookings,
            "prosecutions": prosecutions,
            "jail_days": float(jail_days),
            "cost": float(cost),
        }
    for key, label in (
        ("bookings", "Bookings avoided"),
        ("jail_days", "Jail days avoided"),
        ("prosecutions", "Prosecutions avoided"),
        ("cost", "Estimated savings, dollars"),
    ):
        cells = [values[p][key] for p in PERIODS]
        if suppress:  # every figure here is a multiple of a count: a small count hides them all
            small = [is_small(values[p]["bookings"]) or is_small(values[p]["prosecutions"]) for p in PERIODS]
            # A count of 1 to 4 says so; the rest is hidden because it would give one away.
            cells = [
                (SMALL if is_small(cell) else SUPPRESSED) if hide else cell
                for hide, cell in zip(small, cells, strict=True)
            ]
        rows.append(Row(label, cells, records="diversions" if key == "bookings" else ""))
    return Table(
        "savings",
        "Savings estimate",
        COLUMNS,
        label_heading="Estimate",
        rows=rows,
        note=(
            "An estimate, not an audit. Assumes each arrest diversion avoids one booking and "
            f"{config.jail_days_per_booking} jail days, and a prosecution unless the charge was later filed after the "
            "OWG referred it. Unit costs (site configuration): "
            f"${config.cost_per_booking} per booking, ${config.cost_per_jail_day} per jail day, "
            f"${config.cost_per_prosecution} per prosecution."
        ),
    )


# The reports ----------------------------------------------------------------------------------------------------

SECTIONS = ("Flow", "Timeliness", "Outcomes", "Capacity", "Equity", "Savings")


def director_report(f: Filters, now: datetime) -> list[tuple[str, list[Table]]]:
    return _cached(
        "director",
        f,
        now,
        lambda: [
            ("Flow", flow(f, now)),
            ("Timeliness", timeliness(f, now)),
            ("Outcomes", outcomes(f, now)),
            ("Capacity", capacity_tables()),
            ("Equity", equity(f)),
            ("Savings", [savings(f)]),
        ],
    )


def aggregate_report(f: Filters, now: datetime) -> list[tuple[str, list[Table]]]:
    """The PCG's (and the public page's) report: the director's figures as aggregates only, with
    small cells suppressed (reports/suppression.py), no drill-down, no staff caseloads."""

    def compute():
        sections = [
            ("Flow", flow(f, now)),
            ("Timeliness", timeliness(f, now, suppress=True)),
            ("Outcomes", outcomes(f, now, suppress=True)),
            ("Capacity", capacity_tables()[:1]),
        ]
        suppressed = [(title, [suppress_table(t) for t in tables]) for title, tables in sections]
        return [*suppressed, ("Equity", equity(f, suppress=True)), ("Savings", [savings(f, suppress=True)])]

    return _cached("aggregate", f, now, compute, suppress=True)


# Figures of a closed period, cached ---------------------------------------------------------------------

# Bump when a figure's computation changes: figures cached by the old computation are then never read.
FIGURES_VERSION = 1
# A period that ended before today is counted once and kept this long. Records entered late (a
# contact recorded days after it happened), and the figures that follow the period's records to
# today (a referral's status, an assessment completed after the period), reach a cached report
# within this time (docs/reports.md, "Figures of closed periods").
CLOSED_PERIOD_SECONDS = 24 * 60 * 60


def _cached(report: str, f: Filters, now: datetime, compute, *, suppress: bool = False):
    """`compute()` for a period that ends today or later; for a period that ended before today,
    its cached sections (computed and cached when missing), with the figures of today (the
    Capacity section, in the wind, overdue) counted again."""
    if f.end >= timezone.localdate(now):
        return compute()
    config = SiteConfiguration.current()
    settings_used = (
        config.in_the_wind_days,
        config.jail_days_per_booking,
        config.cost_per_booking,
        config.cost_per_jail_day,
        config.cost_per_prosecution,
    )
    key = ":".join(
        map(str, ("reports", FIGURES_VERSION, report, f.start, f.end, f.agency_id or "", f.door, *settings_used))
    )
    sections = cache.get(key)
    if sections is None:
        sections = compute()
        cache.set(key, sections, CLOSED_PERIOD_SECONDS)
        return sections
    v = cases(f).aggregate(
        wind=Count("pk", filter=Case.in_the_wind_q(now, config.in_the_wind_days)),
        overdue=Count("pk", filter=Case.overdue_q(now)),
    )
    today = {WIND_TODAY: v["wind"], OVERDUE_TODAY: v["overdue"]}
    capacity = capacity_tables()
    fresh = []
    for title, tables in sections:
        if title == "Capacity":
            tables = [suppress_table(capacity[0])] if suppress else capacity
        for table in tables:
            for row in table.rows:
                if row.label in today:
                    n = today[row.label]
                    row.values[0] = SMALL if suppress and is_small(n) else n
        fresh.append((title, tables))
    return fresh


def caseload_report(user, f: Filters, now: datetime) -> list[tuple[str, list[Table]]]:
    """A case manager's own caseload: the same measures over their cases only."""
    own = replace(f)
    scoped = Case.objects.filter(case_manager=user)
    windows = own.windows()
    config = SiteConfiguration.current()
    v = scoped.aggregate(
        open=Count("pk", filter=Case.open_q()),
        overdue=Count("pk", filter=Case.overdue_q(now)),
        wind=Count("pk", filter=Case.in_the_wind_q(now, config.in_the_wind_days)),
        **{f"opened__{p}": Count("pk", filter=_in("opened_at", windows[p])) for p in PERIODS},
        **{f"closed__{p}": Count("pk", filter=_in("closed_at", windows[p])) for p in PERIODS},
        **{f"assessed__{p}": Count("pk", filter=_in("assessment__completed_at", windows[p])) for p in PERIODS},
        **{
            f"on_time__{p}": Count(
                "pk",
                filter=_in("assessment__completed_at", windows[p])
                & Q(assessment__completed_at__lte=F("assessment_due_at")),
            )
            for p in PERIODS
        },
    )
    contacts = _counts(Contact.objects.filter(case__case_manager=user), "at", f, total=Q(), reached=Q(reached=True))
    by_status = dict(scoped.open().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    pair = lambda k: [v[f"{k}__now"], v[f"{k}__before"]]  # noqa: E731
    today = Table(
        "today",
        "My caseload today",
        ["Count"],
        label_heading="Measure",
        rows=[
            Row("Open cases", [v["open"]]),
            Row("Caseload limit", [config.caseload_limit]),
            Row("Assessments overdue", [v["overdue"]]),
            Row("In the wind", [v["wind"]]),
        ]
        + [Row(Case.Status(s).label, [by_status.get(s, 0)]) for s in Case.OPEN_STATUSES],
    )
    period = Table(
        "period",
        "My work in the period",
        COLUMNS,
        label_heading="Measure",
        rows=[
            Row("Cases opened", pair("opened")),
            Row("Cases closed", pair("closed")),
            Row("Assessments completed", pair("assessed")),
            Row("Of those, within the deadline", pair("on_time")),
            Row("Contacts and attempts", _pair(contacts, "total")),
            Row("Participant reached", _pair(contacts, "reached")),
        ],
    )
    goals = (
        Goal.objects.filter(Case.open_q("plan__case__"), plan__case__case_manager=user)
        .values("status")
        .annotate(n=Count("pk"))
    )
    goal_counts = {g["status"]: g["n"] for g in goals}
    goal_table = Table(
        "goals",
        "ISP goals of my open cases",
        ["Goals"],
        label_heading="Status",
        rows=[Row(Goal.Status(s).label, [goal_counts.get(s, 0)]) for s in Goal.Status.values],
    )
    return [("My caseload", [today, period, goal_table])]
