"""What an outreach specialist may read: the open cases assigned to them (the object permission
of their assignment), ordered by how urgently the person must be found; and who reads the
community engagement records and training sessions."""

from datetime import datetime

from django.db.models import OuterRef, QuerySet, Subquery

from cases import grants
from cases.models import Case, Contact
from lead.roles import Role
from lead.system.models import SiteConfiguration
from outreach.models import Activity, CLTMember, Feedback, MonthlyReport, TrainingSession


def engaged_cases(user):
    """Open cases `user` holds the outreach permission on (an EXISTS on their grants: the
    assignment's grant is per object, given and taken back with it)."""
    return Case.objects.open().filter(grants.user_holds(user, grants.ENGAGE_CASE))


def to_reach(user, now: datetime) -> list[Case]:
    """The specialist's participants, most urgent first: in the wind, then assessments due soon,
    then quiet (no contact for a week), then the rest; each with where they were last seen (the
    last contact that reached them) and, when someone looked for them since, where that was.
    One query (and the site configuration's)."""
    config = SiteConfiguration.current()
    placed = Contact.objects.filter(case=OuterRef("pk")).exclude(place="").order_by("-at", "-id")
    seen, looked = placed.filter(reached=True), placed.filter(reached=False)
    cases = list(
        engaged_cases(user)
        .select_related("participant", "case_manager")
        .annotate(
            seen_place=Subquery(seen.values("place")[:1]),
            seen_at=Subquery(seen.values("at")[:1]),
            looked_place=Subquery(looked.values("place")[:1]),
            looked_at=Subquery(looked.values("at")[:1]),
        )
    )
    for case in cases:
        if case.looked_at and case.seen_at and case.looked_at <= case.seen_at:
            case.looked_place = case.looked_at = None  # found since: where they were looked for is old news
        case.in_the_wind = case.is_in_the_wind(now, config.in_the_wind_days)
        case.due_soon = case.is_due_within(now)
        case.quiet = case.is_quiet(now)
        case.quiet_days = case.days_unreached(now)
        case.urgency = 0 if case.in_the_wind else 1 if case.due_soon else 2 if case.quiet else 3
    cases.sort(key=lambda c: (c.urgency, -c.quiet_days))
    return cases


# Community engagement: the coordinator's and the director's (the access map keeps everyone else
# out); the PCG reads the submitted monthly reports.
COMMUNITY = frozenset({Role.COORDINATOR, Role.DIRECTOR})


def _community(user, queryset):
    return queryset if user.roles & COMMUNITY else queryset.none()


def clt_members_visible_to(user) -> QuerySet[CLTMember]:
    return _community(user, CLTMember.objects.all())


def activities_visible_to(user) -> QuerySet[Activity]:
    return _community(user, Activity.objects.select_related("agency", "recorded_by"))


def feedback_visible_to(user) -> QuerySet[Feedback]:
    return _community(user, Feedback.objects.select_related("activity", "recorded_by"))


def monthly_reports_visible_to(user) -> QuerySet[MonthlyReport]:
    """The coordinator and the director read every month's; the PCG submitted reports only."""
    reports = MonthlyReport.objects.select_related("drafted_by", "submitted_by")
    if user.roles & COMMUNITY:
        return reports
    if Role.PCG in user.roles:
        return reports.filter(status=MonthlyReport.Status.SUBMITTED)
    return reports.none()


def training_sessions_visible_to(user) -> QuerySet[TrainingSession]:
    """Training is coordinated by the project director."""
    sessions = TrainingSession.objects.select_related("created_by")
    return sessions if Role.DIRECTOR in user.roles else sessions.none()
