"""What an outreach specialist may read: the open cases assigned to them (the object permission
of their assignment), ordered by how urgently the person must be found."""

from datetime import datetime, timedelta

from django.db.models import OuterRef, Subquery

from cases import grants
from cases.deadlines import WAITING
from cases.lifecycle import is_in_the_wind
from cases.models import Case, Contact
from lead.system.models import SiteConfiguration

DUE_SOON_DAYS = 7
QUIET_DAYS = 7


def engaged_cases(user):
    """Open cases `user` holds the outreach permission on."""
    return Case.objects.filter(pk__in=grants.held_by_user(user, grants.ENGAGE_CASE, Case).values("pk"), closed_at__isnull=True)


def to_reach(user, now: datetime) -> list[Case]:
    """The specialist's participants, most urgent first: in the wind, then assessments due within
    a week, then no contact for a week, then the rest; each with where they were last seen.
    One query."""
    config = SiteConfiguration.current()
    last_outreach = Contact.objects.filter(case=OuterRef("pk")).exclude(place="").order_by("-at", "-id")
    cases = list(
        engaged_cases(user).select_related("participant", "case_manager")
        .annotate(last_place=Subquery(last_outreach.values("place")[:1]), last_contact_at=Subquery(last_outreach.values("at")[:1]))
    )
    for case in cases:
        case.in_the_wind = is_in_the_wind(case, now, config.in_the_wind_days)
        case.due_soon = case.status in WAITING and case.assessment_due_at is not None and case.assessment_due_at <= now + timedelta(days=DUE_SOON_DAYS)
        quiet_since = case.last_reached_at or case.opened_at
        case.quiet_days = (now - quiet_since).days
        case.urgency = 0 if case.in_the_wind else 1 if case.due_soon else 2 if case.quiet_days >= QUIET_DAYS else 3
    cases.sort(key=lambda c: (c.urgency, -c.quiet_days))
    return cases
