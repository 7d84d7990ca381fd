"""Reads of participants, referrals and cases, scoped to the user (docs/access-policy.md)."""

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models import Case as CaseWhen
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from cases.clinical import clinical_cases
from cases.grants import VIEW_REFERRAL, user_holds
from cases.models import (
    Appointment,
    Assessment,
    Case,
    ChargingHold,
    Consent,
    Contact,
    Coverage,
    DeadlineNotice,
    Determination,
    Goal,
    InitialScreening,
    OnCallShift,
    Participant,
    ProgressSummary,
    Referral,
    ReleaseOfInformation,
    ServicePlan,
)
from cases.services.steps import valid_release
from lead.agencies.models import Agency
from lead.roles import Role
from lead.system.models import SiteConfiguration
from lead.users.models import User


def referrals_visible_to(user) -> QuerySet[Referral]:
    """The director sees every referral; others those of their agency (it referred them), of an
    agency it prosecutes for (arrest diversions), and a case manager those they were asked to
    take or took. By the referral's fields, and for case managers an EXISTS on their own grants
    (who was asked is a list of people at the time, which no field keeps): one query, no ids.

    With what lists show of each referral, the person and the agency: joining everything the
    referral's own page shows (`referral_pages_visible_to`) made PostgreSQL spend about 30 ms
    planning each list's query, whatever the site's size, for less than 1 ms of work."""
    referrals = Referral.objects.select_related("participant", "agency")
    if Role.DIRECTOR in user.roles:
        return referrals
    scope = Q(pk__in=[])
    if user.agency_id:
        # An agency's prosecuting office is set when the agency is made and never changed
        # (lead/agencies/admin.py), so the agency's office now is the office it was then.
        scope = Q(agency_id=user.agency_id) | Q(
            kind=Referral.Kind.ARREST_DIVERSION, agency__prosecuting_office_id=user.agency_id
        )
    if Role.CASE_MANAGER in user.roles:
        scope |= Q(user_holds(user, VIEW_REFERRAL))
    return referrals.filter(scope)


def referral_pages_visible_to(user) -> QuerySet[Referral]:
    """The same referrals, with everything a referral's page shows (the kind's lookup)."""
    return referrals_visible_to(user).select_related(
        "referred_by",
        "file_holder",
        "on_call_case_manager",
        "accepted_by",
        "screening",
        "charging_hold",
        "case__case_manager",
    )


def cases_visible_to(user) -> QuerySet[Case]:
    """The director sees every case's status; a case manager the cases of the provider they work
    for now (a moved case manager's old cases wait for reassignment, unseen): the case's
    provider, the agency of the case manager who took it, decides."""
    cases = Case.objects.select_related("participant", "case_manager", "provider", "referral")
    if Role.DIRECTOR in user.roles:
        return cases
    if Role.CASE_MANAGER not in user.roles or user.agency_id is None:
        return cases.none()
    return cases.filter(provider_id=user.agency_id)


def releases_visible_to(user) -> QuerySet[ReleaseOfInformation]:
    """The releases of information of the cases whose clinical record the user may open."""
    return ReleaseOfInformation.objects.filter(case__in=clinical_cases(user)).select_related("case")


def providers_visible_to(user) -> QuerySet[Agency]:
    """The service providers whose coverage the user may look at: every one for the director,
    a case manager's own."""
    providers = Agency.objects.filter(kind=Agency.Kind.SERVICE_PROVIDER)
    return providers if Role.DIRECTOR in user.roles else providers.filter(pk=user.agency_id)


def coverages_visible_to(user) -> QuerySet[Coverage]:
    """The director sees every coverage; a supervisor their provider's; a case manager those
    they hold or that cover them."""
    coverages = Coverage.objects.select_related("provider", "covering", "covered", "granted_by", "ended_by")
    if Role.DIRECTOR in user.roles:
        return coverages
    if user.is_supervisor and user.agency_id:
        return coverages.filter(provider_id=user.agency_id)
    return coverages.filter(covering=user) | coverages.filter(covered=user)


def shifts_visible_to(user) -> QuerySet[OnCallShift]:
    """The on-call roster is the director's."""
    return OnCallShift.objects.all() if Role.DIRECTOR in user.roles else OnCallShift.objects.none()


def referral_url_after(user, screening) -> str | None:
    """The referral that followed `screening`, if the user may open it (the screening page's
    link; registered with eligibility in CasesConfig.ready)."""
    if screening.status != screening.Status.REFERRED:
        return None
    public_id = referrals_visible_to(user).filter(screening=screening).values_list("public_id", flat=True).first()
    return reverse("cases:referral-detail", args=[public_id]) if public_id else None


def name_key(name: str) -> str:
    """A name as the duplicate search compares it: no accents, case or punctuation."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in letters.casefold()).split())


def participant_matches(*, first_name: str, last_name: str, date_of_birth=None) -> list[Participant]:
    """Existing participants who may be this person: the same last name (or alias) with the
    same first name or date of birth, or the same first name and date of birth (a new last
    name). Strong matches only, so the list does not show strangers to the person searching."""
    last, first = name_key(last_name), name_key(first_name)
    same_last = Q(names__last_key=last)
    same_first = Q(names__first_key=first)
    query = same_last & same_first
    if date_of_birth:
        query |= (same_last | same_first) & Q(date_of_birth=date_of_birth)
    return list(Participant.objects.filter(query).distinct().order_by("last_name", "first_name")[:10])


def on_call_now(now: datetime) -> OnCallShift | None:
    """The shift covering `now`; when shifts overlap, the one that started last."""
    return (
        OnCallShift.objects.select_related("case_manager")
        .filter(starts_at__lte=now, ends_at__gt=now, case_manager__is_active=True)
        .order_by("-starts_at")
        .first()
    )


def roster(now: datetime) -> QuerySet[OnCallShift]:
    """Shifts not yet over, soonest first."""
    return OnCallShift.objects.select_related("case_manager").filter(ends_at__gt=now).order_by("starts_at")


def capacity() -> dict:
    """Open cases against the program's capacity, and each case manager's open caseload."""
    config = SiteConfiguration.current()
    open_cases = Case.objects.open().count()

    # Counted in a subquery on (case manager, status): a join with every case each case manager
    # ever had, closed ones too, grew with the site's years (75 ms at 50,000 participants).
    open_of = Case.objects.open().filter(case_manager=OuterRef("pk")).order_by().values("case_manager")
    caseloads = list(
        User.objects.filter(groups__name=Role.CASE_MANAGER.label, is_active=True)
        .annotate(open_cases=Coalesce(Subquery(open_of.annotate(n=Count("pk")).values("n")), 0))
        .order_by("last_name", "first_name")
    )
    return {
        "open_cases": open_cases,
        "capacity": config.program_capacity,
        "room": max(config.program_capacity - open_cases, 0),
        "caseload_limit": config.caseload_limit,
        "caseloads": caseloads,
    }


def quarantined_notices(user, *, latest: int = 5) -> dict:
    """The deadline notices whose effect failed and waits for a retry (cases/deadlines.py), of
    the cases the user may see: how many, and the `latest` ones that failed last."""
    notices = DeadlineNotice.objects.filter(
        done_at__isnull=True, failures__gt=0, case__in=cases_visible_to(user).values("pk")
    )
    return {
        "count": notices.count(),
        "latest": list(notices.select_related("case").order_by("-failed_at", "-pk")[:latest]),
    }


def holds_of_office(user) -> QuerySet[ChargingHold]:
    return ChargingHold.objects.select_related("referral__participant", "referral__agency").filter(
        office_id=user.agency_id
    )


def case_story(case: Case, *, viewer, now: datetime, clinical: bool) -> dict:
    """Everything that happened on a case, for its page: milestones with dates, recent contacts,
    the OWG summaries, open OWG questions and, for clinical readers only, the ISP goals.
    A fixed number of queries, and no clinical text is even loaded for the others."""
    from datetime import timedelta

    today = timezone.localdate()

    def first(model, field, **filters):
        return Subquery(model.objects.filter(case=OuterRef("pk"), **filters).order_by("pk").values(field)[:1])

    def latest_appointment(field):  # the one set last, as Appointment's ordering has it
        return Subquery(Appointment.objects.filter(case=OuterRef("pk")).values(field)[:1])

    # The steps' dates in one query: the case page is the case manager's most used page, and
    # each query costs a round trip and its compiling whatever its size.
    steps = (
        Case.objects.filter(pk=case.pk)
        .values(
            screened_at=first(InitialScreening, "screened_at"),
            consent_on=first(Consent, "signed_on"),
            assessed_at=first(Assessment, "completed_at", status="completed"),
            plan_active_at=first(ServicePlan, "activated_at", status="active"),
            appointment_at=latest_appointment("starts_at"),
            appointment_place=latest_appointment("place"),
        )
        .get()
    )
    screened_at = steps["screened_at"]
    appointment = (
        {"starts_at": steps["appointment_at"], "place": steps["appointment_place"]} if steps["appointment_at"] else None
    )
    prefetch_related_objects([case], "releases")  # one query for both uses below
    referral = case.referral
    milestones = [
        ("Referred", referral.created_at),
        ("Hand-off accepted", referral.accepted_at),
        ("Initial screening", screened_at),
        ("Written consent", steps["consent_on"]),
        ("Assessment appointment", appointment["starts_at"] if appointment else None),
        ("Assessment completed", steps["assessed_at"]),
        ("ISP active", steps["plan_active_at"]),
        ("Closed", case.closed_at),
    ]
    within_48 = None
    if appointment and screened_at:
        within_48 = appointment["starts_at"] - screened_at <= timedelta(hours=48)
    return {
        "milestones": milestones,
        "appointment": appointment,
        "appointment_within_48": within_48,
        "valid_release": valid_release(case, today) is not None,
        "releases": len(case.releases.all()),
        "contacts": list(Contact.objects.filter(case=case).select_related("by")[:10]),
        "summaries": list(progress_summaries_of(case, viewer, now=now, clinical=clinical)[:3]),
        "determinations": list(Determination.objects.filter(case=case, status=Determination.Status.PENDING)),
        "goals": list(Goal.objects.filter(plan__case=case).prefetch_related("steps")) if clinical else [],
    }


def progress_summaries_visible_to(user, *, now: datetime) -> QuerySet[ProgressSummary]:
    """The OWG progress summaries `user` may read (access-policy.md, "progress summary for the
    OWG"): every summary of a case whose clinical record they hold (assigned, supervising,
    covering); any other only while a release of information valid today covers their agency.
    The one place this rule is applied: the case page, the referral page and the OWG agenda all
    read summaries through it. Pages that also decide who sees the case narrow it further."""
    today = timezone.localdate(now)
    shared = ReleaseOfInformation.objects.valid_on(today).covering(user.agency_id).filter(case_id=OuterRef("case_id"))
    held = clinical_cases(user, now=now).filter(pk=OuterRef("case_id"))
    return ProgressSummary.objects.select_related("written_by").filter(Exists(held) | Exists(shared))


def progress_summaries_of(case: Case, viewer, *, now: datetime, clinical: bool) -> QuerySet[ProgressSummary]:
    """`progress_summaries_visible_to(viewer).filter(case=case)`, for a page that has already
    asked whether the viewer holds the case's clinical record (`clinical`, from
    cases.clinical.clinical_reach: the rule's first branch). Holding it, the viewer reads every
    summary of the case, and the rule's subqueries are not compiled: they cost the case page, the
    case manager's most used, 3 ms of its 37 (docs/performance.md)."""
    if clinical:
        return ProgressSummary.objects.select_related("written_by").filter(case=case)
    return progress_summaries_visible_to(viewer, now=now).filter(case=case)


def releases_shared_with(user, *, now: datetime) -> QuerySet[ReleaseOfInformation]:
    """Releases valid today that cover the user's agency: whether the OWG page may say "release
    on file" to this viewer (the same rule as the summaries, without them)."""
    return ReleaseOfInformation.objects.valid_on(timezone.localdate(now)).covering(user.agency_id)


def caseload(user, now) -> dict:
    """The case manager's day: open cases (overdue first, then by due date), appointments today,
    who is in the wind, and the caseload against the limit. Four queries."""
    from datetime import timedelta

    config = SiteConfiguration.current()
    cases = list(
        user.cases.open()
        .select_related("participant")
        .order_by(F("assessment_due_at").asc(nulls_last=True), "-opened_at")
    )
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    appointments = list(
        Appointment.objects.filter(
            case__in=[c.pk for c in cases], starts_at__gte=start, starts_at__lt=start + timedelta(days=1)
        )
        .select_related("case__participant")
        .order_by("starts_at")
    )

    for case in cases:
        case.overdue = case.is_overdue(now)
        case.in_the_wind = case.is_in_the_wind(now, config.in_the_wind_days)
    cases.sort(key=lambda c: not c.overdue)  # stable: overdue first, each group by due date
    return {
        "cases": cases,
        "count": len(cases),
        "limit": config.caseload_limit,
        "appointments": appointments,
        "in_the_wind": [c for c in cases if c.in_the_wind],
    }


# The case list and the caseloads (cases/views/caselist.py) -------------------------------------

# The steps in the order a case goes through them, for sorting by status.
STATUS_ORDER = {status: n for n, status in enumerate(Case.Status)}


def case_list(user, *, now: datetime) -> QuerySet[Case]:
    """The cases the user sees (`cases_visible_to`), with what the list shows of each: the
    reference, the referral's door and agency, and whether it is overdue or in the wind, by
    the same rules as the case page (Case.overdue_q, Case.in_the_wind_q), computed in the query
    so that the list may filter and sort by them. One query per page, however long the list."""
    in_the_wind_days = SiteConfiguration.current().in_the_wind_days
    steps = [When(status=status, then=Value(n)) for status, n in STATUS_ORDER.items()]
    return (
        cases_visible_to(user)
        .select_related("referral__agency")
        .annotate(
            overdue=ExpressionWrapper(Case.overdue_q(now), output_field=BooleanField()),
            in_the_wind=ExpressionWrapper(Case.in_the_wind_q(now, in_the_wind_days), output_field=BooleanField()),
            reached_or_opened=Coalesce("last_reached_at", "opened_at"),
            step=CaseWhen(*steps, default=Value(len(steps))),
        )
    )


def case_managers_seen_by(user) -> QuerySet[User]:
    """The case managers whose cases the user sees: the provider's for a case manager, every
    one for the director (the case list's filter, the caseloads)."""
    managers = User.objects.filter(groups__name=Role.CASE_MANAGER.label, is_active=True)
    if Role.DIRECTOR in user.roles:
        return managers.select_related("agency").order_by("last_name", "first_name")
    if Role.CASE_MANAGER not in user.roles or user.agency_id is None:
        return managers.none()
    return managers.filter(agency_id=user.agency_id).select_related("agency").order_by("last_name", "first_name")


@dataclass(frozen=True)
class CaseloadLine:
    case_manager: User
    open_cases: int
    overdue: int
    in_the_wind: int
    contacts_this_month: int


def caseloads(user, *, now: datetime) -> dict:
    """Each case manager's caseload, as a supervisor watches it: open cases against the limit,
    overdue, in the wind, and contacts on their cases this month (in the site's time zone). The
    director sees every case manager, a supervisor their provider's, another case manager their
    own line.

    Three queries however many case managers: the case managers, their open cases' figures
    grouped by case manager, and this month's contacts grouped alike. (A subquery per case
    manager and figure cost 0.5 ms each: 90 ms for a site's 150 case managers.) The month's
    contacts are grouped for every case manager and the lines pick theirs: limited to the
    lines' case managers, PostgreSQL joined all their cases of every year first (38 ms at
    50,000 participants, against 1 ms from the month's few hundred contacts)."""
    config = SiteConfiguration.current()
    managers = case_managers_seen_by(user)
    if Role.DIRECTOR not in user.roles and not user.is_supervisor:
        managers = managers.filter(pk=user.pk)
    month_start = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    figures = {
        row["case_manager"]: row
        for row in Case.objects.filter(Case.open_q(), case_manager__in=managers.values("pk"))
        .order_by()
        .values("case_manager")
        .annotate(
            open_cases=Count("pk"),
            overdue=Count("pk", filter=Case.overdue_q(now)),
            in_the_wind=Count("pk", filter=Case.in_the_wind_q(now, config.in_the_wind_days)),
        )
    }
    contacts = dict(
        Contact.objects.filter(at__gte=month_start)
        .order_by()
        .values("case__case_manager")
        .annotate(n=Count("pk"))
        .values_list("case__case_manager", "n")
    )
    lines = []
    for manager in managers:  # read last, in one query, like the figures
        counted = figures.get(manager.pk, {})
        lines.append(
            CaseloadLine(
                case_manager=manager,
                open_cases=counted.get("open_cases", 0),
                overdue=counted.get("overdue", 0),
                in_the_wind=counted.get("in_the_wind", 0),
                contacts_this_month=contacts.get(manager.pk, 0),
            )
        )
    return {"lines": lines, "limit": config.caseload_limit, "month_start": month_start}
