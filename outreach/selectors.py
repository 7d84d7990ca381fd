"""What an outreach specialist may read: the open cases assigned to them (the object permission
of their assignment), ordered by how urgently the person must be found."""

from datetime import datetime

from django.db.models import OuterRef, Subquery

from cases import grants
from cases.models import Case, Contact
from lead.system.models import SiteConfiguration


def engaged_cases(user):
    """Open cases `user` holds the outreach permission on."""
    return Case.objects.open().filter(pk__in=grants.held_by_user(user, grants.ENGAGE_CASE, Case).values("pk"))


def to_reach(user, now: datetime) -> list[Case]:
    """The specialist's participants, most urgent first: in the wind, then assessments due soon,
    then quiet (no contact for a week), then the rest; each with where they were last seen.
    One query (and the site configuration's)."""
    config = SiteConfiguration.current()
    last_outreach = Contact.objects.filter(case=OuterRef("pk")).exclude(place="").order_by("-at", "-id")
    cases = list(
        engaged_cases(user).select_related("participant", "case_manager")
        .annotate(last_place=Subquery(last_outreach.values("place")[:1]), last_contact_at=Subquery(last_outreach.values("at")[:1]))
    )
    for case in cases:
        case.in_the_wind = case.is_in_the_wind(now, config.in_the_wind_days)
        case.due_soon = case.is_due_within(now)
        case.quiet = case.is_quiet(now)
        case.quiet_days = case.days_unreached(now)
        case.urgency = 0 if case.in_the_wind else 1 if case.due_soon else 2 if case.quiet else 3
    cases.sort(key=lambda c: (c.urgency, -c.quiet_days))
    return cases
