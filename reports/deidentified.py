"""The de-identified extract for the program's evaluators: one row per referral and one per case.

People, referrals and cases are named by pseudonyms: a keyed hash (HMAC-SHA256, key
`settings.LEAD_PSEUDONYM_KEY`) of the record's public id, the same in every download as long as
the key stays the same, and not reversible or guessable without it. Dates are reduced to the
month (in the site's time zone); intervals are whole days or minutes, which do not identify.
Nothing typed as free text leaves: no names, dates of birth, contact details, report or court
numbers, meeting places, offense, overview, reasons, notes or outcome text, and no clinical
narrative. What is kept is structured: choice codes, counts and intervals.

Columns, in order (a referral row leaves the case columns empty):

    row_type                   "referral" or "case"
    person                     pseudonym of the participant
    referral                   pseudonym of the referral
    case                       pseudonym of the case ("" while a referral has none)
    kind                       arrest_diversion / social_contact
    stage                      pre_arrest / pre_booking ("" for social contact referrals)
    agency                     the referring agency's name
    referral_month             YYYY-MM of the referral
    referral_status            the referral's status code
    age_band                   age at the referral: 18-24, 25-34, 35-44, 45-54, 55-64, 65+ ("" unknown)
    race                       self-reported race codes, ";"-joined
    ethnicity, gender          self-reported codes
    handoff_minutes            request for a case manager (or the referral) to the hand-off itself
    criminal_cases             the participant's criminal cases tracked for the OWG
    provider                   the case's service provider (case rows from here on)
    case_opened_month          YYYY-MM
    case_status                the case's status code
    case_closed_month          YYYY-MM ("" while open)
    closed_reason              the closing code
    days_to_consent            opening to the signed consent
    days_to_first_appointment  opening to the earliest assessment appointment
    days_to_assessment         opening to the completed assessment
    assessed_on_time           yes / no against the (possibly extended) 30-day deadline; "" with no
                               deadline (social contact) or while it is still running
    housing_at_assessment      Assessment.Housing code of the completed assessment
    employment_at_assessment   Assessment.Employment code of the completed assessment
    contacts, contacts_reached contacts and attempts logged, and those in which the person was reached
    isp_goals, isp_goals_met   goals of the Individual Service Plan, and those achieved
    owg_decisions              decisions the OWG recorded on the case

Each kind of row is one query streamed in chunks; counts are subqueries of that query. Rows come
in the order of the records' random public ids, so row order says nothing about when they came.
"""

import hashlib
import hmac
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.models import Appointment, Case, Contact, Goal, Referral
from owg.models import CriminalCase, Decision

CHUNK = 2000

HEADER = [
    "row_type",
    "person",
    "referral",
    "case",
    "kind",
    "stage",
    "agency",
    "referral_month",
    "referral_status",
    "age_band",
    "race",
    "ethnicity",
    "gender",
    "handoff_minutes",
    "criminal_cases",
    "provider",
    "case_opened_month",
    "case_status",
    "case_closed_month",
    "closed_reason",
    "days_to_consent",
    "days_to_first_appointment",
    "days_to_assessment",
    "assessed_on_time",
    "housing_at_assessment",
    "employment_at_assessment",
    "contacts",
    "contacts_reached",
    "isp_goals",
    "isp_goals_met",
    "owg_decisions",
]
CASE_COLUMNS = len(HEADER) - HEADER.index("provider")

# Lower bounds of the age bands, oldest first.
AGE_BANDS = ((65, "65+"), (55, "55-64"), (45, "45-54"), (35, "35-44"), (25, "25-34"), (18, "18-24"))


def pseudonym(kind: str, public_id) -> str:
    """A stable pseudonym of a record: the same for the same key, kind and id; 64 bits of it."""
    message = f"{kind}:{public_id}".encode()
    return hmac.new(settings.LEAD_PSEUDONYM_KEY.encode(), message, hashlib.sha256).hexdigest()[:16]


def extract_rows():
    """The header, then every referral's row, then every case's row."""
    yield HEADER
    yield from _referral_rows()
    yield from _case_rows()


# The referral's columns, shared by both kinds of row: the person, the referral, its case.
REFERRAL_FIELDS = (
    "participant__public_id",
    "public_id",
    "case__public_id",
    "kind",
    "stage",
    "agency__name",
    "created_at",
    "status",
    "participant__date_of_birth",
    "participant__race",
    "participant__ethnicity",
    "participant__gender",
    "handoff_requested_at",
    "handed_off_at",
    "criminal_cases",
)


# The same columns reached from a case.
CASE_REFERRAL_FIELDS = (
    "participant__public_id",
    "referral__public_id",
    "public_id",
    "referral__kind",
    "referral__stage",
    "referral__agency__name",
    "referral__created_at",
    "referral__status",
    "participant__date_of_birth",
    "participant__race",
    "participant__ethnicity",
    "participant__gender",
    "referral__handoff_requested_at",
    "referral__handed_off_at",
    "criminal_cases",
)


def _referral_rows():
    referrals = Referral.objects.annotate(criminal_cases=_count(CriminalCase.objects, "participant", "participant"))
    for values in referrals.order_by("public_id").values_list(*REFERRAL_FIELDS).iterator(chunk_size=CHUNK):
        yield ["referral", *_referral_columns(*values), *[""] * CASE_COLUMNS]


def _referral_columns(
    person,
    referral,
    case,
    kind,
    stage,
    agency,
    created_at,
    status,
    born,
    race,
    ethnicity,
    gender,
    handoff_requested_at,
    handed_off_at,
    criminal_cases,
) -> list:
    return [
        pseudonym("person", person),
        pseudonym("referral", referral),
        pseudonym("case", case) if case else "",
        kind,
        stage,
        agency,
        _month(created_at),
        status,
        _age_band(born, timezone.localdate(created_at)),
        ";".join(race or []),
        ethnicity,
        gender,
        _minutes(handoff_requested_at or created_at, handed_off_at),
        criminal_cases,
    ]


def _case_rows():
    now = timezone.now()
    cases = Case.objects.annotate(
        criminal_cases=_count(CriminalCase.objects, "participant", "participant"),
        first_appointment=Subquery(
            Appointment.objects.filter(case=OuterRef("pk"))
            .order_by()
            .values("case")
            .annotate(first=Min("starts_at"))
            .values("first")
        ),
        n_contacts=_count(Contact.objects, "case"),
        n_reached=_count(Contact.objects.filter(reached=True), "case"),
        n_goals=_count(Goal.objects, "plan__case"),
        n_goals_met=_count(Goal.objects.filter(status=Goal.Status.ACHIEVED), "plan__case"),
        n_decisions=_count(Decision.objects, "case"),
    )
    fields = (
        *CASE_REFERRAL_FIELDS,
        "provider__name",
        "opened_at",
        "status",
        "closed_at",
        "closed_reason",
        "consent__signed_on",
        "first_appointment",
        "assessment__status",
        "assessment__completed_at",
        "assessment_due_at",
        "assessment__housing_status",
        "assessment__employment_status",
        "n_contacts",
        "n_reached",
        "n_goals",
        "n_goals_met",
        "n_decisions",
    )
    for values in cases.order_by("public_id").values_list(*fields).iterator(chunk_size=CHUNK):
        yield [
            "case",
            *_referral_columns(*values[: len(REFERRAL_FIELDS)]),
            *_case_columns(*values[len(REFERRAL_FIELDS) :], now=now),
        ]


def _case_columns(
    provider,
    opened_at,
    status,
    closed_at,
    closed_reason,
    consented_on,
    first_appointment,
    assessment_status,
    assessed_at,
    due_at,
    housing,
    employment,
    contacts,
    reached,
    goals,
    goals_met,
    decisions,
    *,
    now,
) -> list:
    assessed = assessed_at if assessment_status == "completed" else None
    return [
        provider,
        _month(opened_at),
        status,
        _month(closed_at),
        closed_reason,
        _days(opened_at, consented_on),
        _days(opened_at, first_appointment),
        _days(opened_at, assessed),
        _on_time(assessed, due_at, now),
        housing if assessed else "",
        employment if assessed else "",
        contacts,
        reached,
        goals,
        goals_met,
        decisions,
    ]


def _count(queryset, link: str, outer: str = "pk"):
    """How many rows of `queryset` have `link` equal to the outer row's `outer`, as a subquery."""
    counted = queryset.filter(**{link: OuterRef(outer)}).order_by().values(link).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def _month(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m") if moment else ""


def _local_day(moment) -> date:
    return timezone.localdate(moment) if isinstance(moment, datetime) else moment


def _days(start, end) -> int | str:
    if not (start and end):
        return ""
    return (_local_day(end) - _local_day(start)).days


def _minutes(start, end) -> int | str:
    if not (start and end):
        return ""
    return round((end - start).total_seconds() / 60)


def _on_time(assessed_at, due_at, now) -> str:
    if due_at is None:
        return ""
    if assessed_at is not None:
        return "yes" if assessed_at <= due_at else "no"
    return "no" if now > due_at else ""


def _age_band(born: date | None, on: date) -> str:
    if born is None:
        return ""
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return next((band for lowest, band in AGE_BANDS if age >= lowest), "")
