"""The records behind a figure of the director's report (the drill-down): each `Row.records` key
names a list here, built with the same filters and windows as the figure, so the list's count is
the figure. For the project director only (access map: reports:records)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Contact, Goal, Referral
from eligibility.models import Screening
from owg.models import ChargeFiling, CriminalCase, Decision
from reports import metrics
from reports.metrics import (
    SCREENING_OFFERED,
    Filters,
    _in,
)


@dataclass(frozen=True)
class Listing:
    title: str
    queryset: QuerySet
    columns: list[str]
    cells: Callable  # (record) -> list of (text, url or "")


def _local(at) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else ""


def _screening_listing(title: str, qs) -> Listing:
    return Listing(
        title,
        qs.select_related("agency").order_by("-screened_at"),
        ["Screened", "Report number", "Agency", "Outcome", "Status"],
        lambda s: [
            (_local(s.screened_at), reverse("eligibility:screening-detail", args=[s.public_id])),
            (s.report_number, ""),
            (s.agency.name, ""),
            (s.get_outcome_display(), ""),
            (s.get_status_display(), ""),
        ],
    )


def _referral_listing(title: str, qs) -> Listing:
    return Listing(
        title,
        qs.select_related("participant", "agency").order_by("-created_at"),
        ["Referred", "Participant", "Kind", "Agency", "Status"],
        lambda r: [
            (_local(r.created_at), ""),
            (r.participant.full_name, reverse("cases:referral-detail", args=[r.public_id])),
            (r.get_kind_display(), ""),
            (r.agency.name, ""),
            (r.get_status_display(), ""),
        ],
    )


def _case_listing(title: str, qs) -> Listing:
    return Listing(
        title,
        qs.select_related("participant", "case_manager").order_by("-opened_at"),
        ["Opened", "Participant", "Case manager", "Status", "Closed"],
        lambda c: [
            (_local(c.opened_at), ""),
            (c.participant.full_name, reverse("cases:case-detail", args=[c.public_id])),
            (c.case_manager.get_full_name(), ""),
            (c.get_status_display(), ""),
            (_local(c.closed_at), ""),
        ],
    )


def _decision_listing(title: str, qs) -> Listing:
    return Listing(
        title,
        qs.select_related("meeting", "case__participant", "referral__participant").order_by("-recorded_at"),
        ["Meeting", "Participant", "Item", "Decision"],
        lambda d: [
            (_local(d.meeting.starts_at), reverse("owg:meeting", args=[d.meeting.public_id])),
            ((d.case or d.referral).participant.full_name if (d.case or d.referral) else "", ""),
            (d.title, ""),
            (d.get_outcome_display(), ""),
        ],
    )


def _criminal_listing(title: str, qs) -> Listing:
    return Listing(
        title,
        qs.select_related("participant").order_by("-created_at"),
        ["Recorded", "Participant", "Court", "Case", "Status"],
        lambda c: [
            (_local(c.created_at), ""),
            (c.participant.full_name, reverse("owg:criminal-case", args=[c.public_id])),
            (c.court, ""),
            (f"{c.case_number}: {c.charge}", ""),
            (c.get_status_display(), ""),
        ],
    )


def listing(key: str, f: Filters, now: datetime) -> Listing | None:
    """The records of `key` for the period `f` (this period), or None for an unknown key."""
    window = f.bounds()
    screened = metrics.screenings(f).filter(_in("screened_at", window))
    referred = metrics.referrals(f).filter(_in("created_at", window))
    scoped = metrics.cases(f)
    kind, _, arg = key.partition("-")
    if kind == "screenings":
        conditions = {
            "all": Q(),
            "offered": SCREENING_OFFERED,
            "diverted": Q(status=Screening.Status.REFERRED),
            "declined": Q(status=Screening.Status.DECLINED),
            **{o: Q(outcome=o) for o in Screening.Outcome.values},
        }
        if arg in conditions:
            return _screening_listing(f"Screenings: {arg.replace('_', ' ')}", screened.filter(conditions[arg]))
    if kind == "reason":
        ids = [
            pk
            for pk, reasons in screened.exclude(outcome=Screening.Outcome.ELIGIBLE).values_list("pk", "reasons")
            if arg in reasons
        ]
        return _screening_listing(f"Screenings giving the reason {arg}", Screening.objects.filter(pk__in=ids))
    if kind == "equity":
        dimension, _, group = arg.partition("_")
        if dimension in ("race", "ethnicity"):
            rows = screened.values_list("pk", "race", "ethnicity")
            ids = [
                pk
                for pk, race, ethnicity in rows
                if (metrics.race_group(race or []) if dimension == "race" else ethnicity or "not_stated") == group
            ]
            return _screening_listing(
                f"Screenings: {dimension} {group.replace('_', ' ')}", Screening.objects.filter(pk__in=ids)
            )
    if key == "diversions":
        return _referral_listing("Arrest diversions", referred.filter(kind=Referral.Kind.ARREST_DIVERSION))
    if kind == "social" and (arg == "all" or arg in Referral.Status.values):
        social = referred.filter(kind=Referral.Kind.SOCIAL_CONTACT)
        return _referral_listing("Social contact referrals", social if arg == "all" else social.filter(status=arg))
    if key == "handoffs":
        return _referral_listing(
            "Timed hand-offs", referred.filter(handed_off_at__isnull=False, handoff_requested_at__isnull=False)
        )
    if key == "cases-opened":
        return _case_listing("Cases opened", scoped.filter(_in("opened_at", window)))
    if key == "cases-active":
        return _case_listing("Cases active in the period", scoped.active(*window))
    if key == "cases-open":
        return _case_listing("Open cases today", Case.objects.open())
    if key == "in-the-wind":
        return _case_listing("In the wind today", scoped.in_the_wind(now))
    if kind == "closed" and (arg == "all" or arg in Case.Closing.values):
        closed = scoped.filter(_in("closed_at", window))
        return _case_listing("Cases closed", closed if arg == "all" else closed.filter(closed_reason=arg))
    if key == "assessments-due":
        return _case_listing(
            "Assessments due or done, of cases opened",
            scoped.filter(_in("opened_at", window), assessment_due_at__isnull=False).filter(
                Q(assessment__completed_at__isnull=False) | Q(assessment_due_at__lte=now)
            ),
        )
    if key == "overdue":
        return _case_listing("Assessments overdue today", scoped.overdue(now))
    if key == "extensions":
        return _decision_listing(
            "Extensions granted",
            Decision.objects.filter(case__in=scoped, outcome=Decision.Outcome.EXTEND).filter(
                _in("recorded_at", window)
            ),
        )
    if kind == "decisions" and (arg == "all" or arg in Decision.Outcome.values):
        decisions = Decision.objects.filter(
            Q(case__in=scoped) | Q(case__isnull=True, referral__in=metrics.referrals(f))
        ).filter(_in("recorded_at", window))
        return _decision_listing("OWG decisions", decisions if arg == "all" else decisions.filter(outcome=arg))
    if kind == "filings" and (arg == "all" or arg in ChargeFiling.Status.values):
        filings = ChargeFiling.objects.filter(case__in=scoped).filter(_in("decision__recorded_at", window))
        filings = filings if arg == "all" else filings.filter(status=arg)
        return _decision_listing("Charges referred for filing", Decision.objects.filter(filing__in=filings))
    if kind == "goals":
        with_goals = Exists(Goal.objects.filter(plan__case=OuterRef("pk"), domain=arg))
        return _case_listing(
            f"Cases with ISP goals in {arg.replace('_', ' ')}", scoped.active(*window).filter(with_goals)
        )
    if key == "contacts":
        contacted = Exists(Contact.objects.filter(case=OuterRef("pk")).filter(_in("at", window)))
        return _case_listing("Cases with contacts in the period", scoped.filter(contacted))
    if kind == "criminal" and arg in ("all", "ours", "elsewhere"):
        people = scoped.values("participant")
        criminal = CriminalCase.objects.filter(participant__in=people).filter(_in("created_at", window))
        if arg != "all":
            criminal = criminal.filter(in_jurisdiction=arg == "ours")
        return _criminal_listing("New criminal cases of participants", criminal)
    return None
