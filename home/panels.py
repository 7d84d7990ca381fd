"""What each role's home page lists. Later features add their queues here; a user with several
roles sees the panels of each, once. A panel with a template shows what its loader returns
(a fixed number of queries each); the others show their `empty` text until their feature comes."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from cases.deadlines import last_run
from cases.models import ChargingHold, Referral
from cases.selectors import (
    capacity,
    caseload,
    cases_visible_to,
    holds_of_office,
    on_call_now,
    quarantined_notices,
    referrals_visible_to,
)
from eligibility.models import Screening
from eligibility.selectors import criteria_drafts_visible_to, screenings_visible_to
from lead import access
from lead.outbox.services import backlog, failed_latest
from lead.roles import Role
from lead.users.duties import pending_requests
from outreach.selectors import to_reach
from outreach.services.community import overview_for_home
from owg import selectors as owg_selectors
from owg.models import ChargeFiling, Meeting


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    empty: str
    template: str = ""  # under templates/home/; given the loader's result as `data`
    # Whether its rows name participants: the home page showing one is logged as a read.
    people: bool = False


SCREENINGS = Panel("screenings", "Eligibility screenings by your agency", "No screenings yet.", "home/screenings.html")
REVIEWS = Panel(
    "reviews", "Screenings waiting for your review", "No screenings are waiting for you.", "home/reviews.html"
)
REFERRALS = Panel("referrals", "Referrals and diversions", "No referrals yet.", "home/referrals.html", people=True)
HANDOFFS = Panel(
    "handoffs", "Hand-offs waiting for a case manager", "No hand-offs are waiting.", "home/handoffs.html", people=True
)
CASELOAD = Panel(
    "caseload", "My caseload", "No participants are assigned to you yet.", "home/caseload.html", people=True
)
DEADLINES = Panel("deadlines", "Assessments due soon", "No assessments are due.", "home/deadlines.html", people=True)
ENGAGEMENT = Panel(
    "engagement",
    "Participants to reach",
    "No participants are assigned to you for outreach.",
    "home/engagement.html",
    people=True,
)
CHARGING = Panel(
    "charging",
    "Pre-booking paperwork held by your office",
    "No paperwork is on hold.",
    "home/charging.html",
    people=True,
)
OWG = Panel(
    "owg",
    "Operations Workgroup",
    "No meeting you are invited to is planned, and the OWG has given you no actions.",
    "home/owg.html",
    people=True,
)
PROGRAM = Panel("program", "Program at a glance", "No participants yet.", "home/program.html", people=True)
CRITERIA = Panel(
    "criteria", "Eligibility criteria waiting for approval", "No criteria versions are waiting.", "home/criteria.html"
)
REPORTS = Panel("reports", "Reports", "No report is open to you.", "home/reports.html")
OUTREACH = Panel("outreach", "Community outreach and events", "No activities or feedback yet.", "home/outreach.html")
APPROVALS = Panel(
    "approvals", "Account changes waiting for approval", "No account changes are waiting.", "home/approvals.html"
)
# The site's own machinery: the deadline sweep and the effects it could not carry out.
SYSTEM = Panel("system", "System", "", "home/system.html")
ADMIN = Panel(
    "admin", "Site administration", "Manage users, agencies, locked accounts and two-factor resets in Administration."
)

PANELS_BY_ROLE = {
    Role.OFFICER: [SCREENINGS, REFERRALS, OWG],
    Role.PROSECUTOR: [REVIEWS, CHARGING, OWG],
    Role.DEFENDER: [OWG],
    Role.CASE_MANAGER: [HANDOFFS, CASELOAD, DEADLINES, OWG],
    Role.OUTREACH: [ENGAGEMENT],
    Role.DIRECTOR: [PROGRAM, DEADLINES, OWG, CRITERIA, REPORTS, APPROVALS, SYSTEM],
    Role.PCG: [CRITERIA, REPORTS],
    Role.COORDINATOR: [OUTREACH, REPORTS],
    Role.SITE_ADMIN: [ADMIN, APPROVALS],
}


def panels_for(roles) -> list[Panel]:
    panels = []
    for role in Role:  # a fixed order, whatever order the groups come in
        if role in roles:
            panels.extend(p for p in PANELS_BY_ROLE[role] if p not in panels)
    return panels


def _screenings(user):
    return list(screenings_visible_to(user).filter(agency_id=user.agency_id)[:5])


def _reviews(user):
    waiting = screenings_visible_to(user).filter(
        status=Screening.Status.AWAITING_PROSECUTOR, agency__prosecuting_office_id=user.agency_id
    )
    return list(waiting.order_by("screened_at")[:10])


def _criteria(user):
    return list(criteria_drafts_visible_to(user).order_by("criteria_set__name"))


def _referrals(user):
    """The referrals the user's agency made or may see, newest first."""
    return list(referrals_visible_to(user)[:5])


@dataclass(frozen=True)
class Handoffs:
    """The hand-offs panel: those waiting that were asked of this case manager, and whether the
    panel asks every few seconds for new ones (lead/live.py). It asks while a new one may be asked
    of them: they are on call now, or nobody is (then every case manager is asked,
    cases/services/referrals.py); another case manager's shift asks nothing of them, so their
    home page asks nothing of the server."""

    referrals: list
    polls: bool

    def __bool__(self) -> bool:
        return bool(self.referrals)

    @property
    def shown(self) -> str:
        """What the panel lists, in a few characters: the page sends it back with each poll."""
        ids = ",".join(str(referral.public_id) for referral in self.referrals)
        return hashlib.blake2s(ids.encode(), digest_size=8).hexdigest()


def handoffs(user, now) -> Handoffs:
    """Two queries: the shift on call now, the hand-offs waiting."""
    shift = on_call_now(now)
    waiting = referrals_visible_to(user).filter(status=Referral.Status.AWAITING_CASE_MANAGER)
    return Handoffs(
        referrals=list(waiting.order_by("handoff_requested_at")[:10]),
        polls=Role.CASE_MANAGER in user.roles and (shift is None or shift.case_manager_id == user.pk),
    )


def _handoffs(user):
    return handoffs(user, timezone.now())


def _caseload(user):
    return caseload(user, timezone.now())


def _charging(user):
    return list(holds_of_office(user).filter(status=ChargingHold.Status.HELD).order_by("held_at")[:10])


def _program(user):
    open_statuses = [Referral.Status.AWAITING_CASE_MANAGER, Referral.Status.PENDING]
    return {
        "capacity": capacity(),
        "open_referrals": list(referrals_visible_to(user).filter(status__in=open_statuses)[:10]),
    }


def _deadlines(user):
    """Assessments due soon, overdue ones included (the director's: all; a case manager's:
    theirs)."""
    now = timezone.now()
    waiting = cases_visible_to(user).due_within(now)
    if Role.DIRECTOR not in user.roles:
        waiting = waiting.filter(case_manager=user)
    cases = list(waiting.select_related("participant", "case_manager").order_by("assessment_due_on")[:15])
    for case in cases:
        case.overdue = case.is_overdue(now)
    return {"cases": cases, "director": Role.DIRECTOR in user.roles}


def _owg(user):
    """The next meeting the user is invited to, the follow-ups the OWG gave them, and for a
    prosecutor the filing decisions the OWG referred to their office. Three queries."""
    meetings = owg_selectors.meetings_visible_to(user).filter(status=Meeting.Status.SCHEDULED).order_by("starts_at")
    actions = (
        owg_selectors.actions_of(user)
        .filter(action_done_at__isnull=True)
        .select_related("meeting", "case__participant")
    )
    filings = []
    if Role.PROSECUTOR in user.roles:
        filings = list(owg_selectors.filings_visible_to(user).filter(status=ChargeFiling.Status.PENDING)[:10])
    data = {"meeting": meetings.first(), "actions": list(actions.order_by("recorded_at")[:10]), "filings": filings}
    return data if any(data.values()) else None


def _reports(user):
    """Links to the reports the user may read (no query: the figures are on the report pages)."""
    return [
        (label, view)
        for label, view in (
            ("Program report: flow, timeliness, outcomes, capacity, equity, savings", "reports:director"),
            ("Report to the PCG: aggregates with small cells suppressed", "reports:pcg"),
        )
        if access.allows(user, view)
    ]


def _engagement(user):
    return to_reach(user, timezone.now())[:10]


def _outreach(user):
    return overview_for_home(user)


def _approvals(user):
    return list(pending_requests()[:10])


def _system(user):
    """When the deadline sweep last finished, the deadline notices waiting for a retry, and the
    outbox's e-mail: waiting, given up, possibly sent twice (docs/reliability.md)."""
    now = timezone.now()
    return {
        "last_sweep": last_run(),
        "quarantined": quarantined_notices(user),
        "email_on": settings.LEAD_EMAIL_NOTIFICATIONS,
        "outbox": backlog(now=now),
        "failed_emails": failed_latest(now=now),
    }


LOADERS = {
    "approvals": _approvals,
    "engagement": _engagement,
    "outreach": _outreach,
    "reports": _reports,
    "owg": _owg,
    "screenings": _screenings,
    "reviews": _reviews,
    "criteria": _criteria,
    "referrals": _referrals,
    "handoffs": _handoffs,
    "caseload": _caseload,
    "charging": _charging,
    "program": _program,
    "deadlines": _deadlines,
    "system": _system,
}


def shows_people(panel: Panel, data) -> bool:
    if not panel.people:
        return False
    return any(bool(value) for value in data.values()) if isinstance(data, dict) else bool(data)


def panels_with_data(user) -> list[tuple[Panel, object]]:
    return [(panel, LOADERS[panel.key](user) if panel.key in LOADERS else None) for panel in panels_for(user.roles)]
