"""The case list and the caseloads: every case the user sees, with its state, to filter, sort,
page through and download; and each case manager's caseload, as a supervisor watches it.

What a user sees is `selectors.cases_visible_to` (the director every case, a case manager their
provider's). A case manager's list starts at their own cases, a supervisor's and the director's
at everyone's open ones; "Any case manager" widens a case manager's to the provider's. The list
shows status and dates, never the clinical record (docs/access-policy.md: case status milestones).

Downloads follow the export rules (docs/access-policy.md, "reports and exports"): the director
downloads the whole filtered list, a case manager their own cases in it."""

from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone

from cases import selectors
from cases.filters import CASE_COLUMNS, CaseFilter
from cases.models import Case
from cases.views.casefile import NEXT_STEP
from lead import exports
from lead.agencies.models import Agency
from lead.audit.services import Kind, access_event_record
from lead.listing import Sorting, without_format
from lead.pagination import CappedPage
from lead.roles import Role

EXPORT_COLUMNS = [
    "Reference",
    "Person",
    "Status",
    "Next step",
    "Assessment due",
    "Overdue",
    "Last reached",
    "In the wind",
    "Case manager",
    "Provider",
    "Door",
    "Referred by",
    "Opened",
    "Closed",
]


MAIN_FILTERS = ("status", "case_manager", "overdue", "in_the_wind")


def _starts_at_own_cases(user) -> bool:
    """A case manager who supervises no one starts at their own caseload."""
    return Role.DIRECTOR not in user.roles and not user.is_supervisor


def case_list(request):
    user, now = request.user, timezone.now()
    data = request.GET.copy()
    data.setdefault("status", CaseFilter.OPEN)
    if _starts_at_own_cases(user):
        data.setdefault("case_manager", str(user.pk))
    filtered = CaseFilter(
        data,
        queryset=selectors.case_list(user, now=now),
        now=now,
        case_managers=selectors.case_managers_seen_by(user),
        agencies=Agency.objects.exclude(kind=Agency.Kind.SERVICE_PROVIDER).order_by("name"),
    )
    sorting = Sorting(CASE_COLUMNS, request.GET, default="-opened" if Role.DIRECTOR in user.roles else "due")
    cases = filtered.qs.order_by(*sorting.order_by())
    if "format" in request.GET:
        if filtered.form.is_valid():
            return _case_list_export(request, cases)
        # A filter in error would let rows through that the person filtered out: no download
        # until it is corrected. The list shows the error where the links were
        # (templates/includes/list_downloads.html).
        return redirect(f"{request.path}?{without_format(request.GET)}")
    page = CappedPage(cases, request.GET.get("page"), 25)
    query = request.GET.copy()
    query.pop("page", None)
    for case in page:
        case.next_step = _next_step(case)
    # The filters used most stay in view; the others fold under "More filters", open when used.
    more_filters = [field for field in filtered.form if field.name not in MAIN_FILTERS]
    return render(
        request,
        "cases/case_list.html",
        {
            "filter": filtered,
            "page": page,
            "sorting": sorting,
            "query": query.urlencode(),
            "downloads_own_only": Role.DIRECTOR not in user.roles,
            "may_see_caseloads": not _starts_at_own_cases(user),
            "main_filters": [filtered.form[name] for name in MAIN_FILTERS],
            "more_filters": more_filters,
            "more_filters_used": any(request.GET.get(field.name) or field.errors for field in more_filters),
        },
    )


def _next_step(case) -> str:
    if case.status == Case.Status.CLOSED:
        return case.get_closed_reason_display() or "Closed"
    return NEXT_STEP[case.status][0]


def _case_list_export(request, cases):
    """Every row of the filtered list, in its order: all of them for the director, the user's
    own cases for a case manager (their own caseload, as the export rules have it)."""
    fmt = request.GET["format"]
    if fmt not in exports.FORMATS:
        return HttpResponseBadRequest(f"Unknown format: choose one of {', '.join(exports.FORMATS)}.")
    if Role.DIRECTOR not in request.user.roles:
        cases = cases.filter(case_manager=request.user)
    access_event_record(request=request, kind=Kind.EXPORT, detail=f"case list {request.GET.urlencode()}")
    stem = f"lead-cases-{timezone.localdate():%Y-%m-%d}"
    return exports.export_response(fmt, stem, _case_list_rows(cases), notice=exports.PART2_NOTICE)


def _case_list_rows(cases):
    doors = dict(CaseFilter.DOORS)
    yield EXPORT_COLUMNS
    for case in cases.iterator(chunk_size=2000):
        referral = case.referral
        door = "social_contact" if referral.kind == referral.Kind.SOCIAL_CONTACT else referral.stage
        yield [
            referral.reference,
            case.participant.full_name,
            case.step_name,
            _next_step(case),
            case.assessment_due_on,
            "yes" if case.overdue else "no",
            _day(case.last_reached_at),
            "yes" if case.in_the_wind else "no",
            case.case_manager.get_full_name() or case.case_manager.username,
            case.provider.name,
            doors.get(door, ""),
            referral.agency.name,
            _day(case.opened_at),
            _day(case.closed_at),
        ]


def _day(moment):
    return timezone.localdate(moment) if moment else None


def caseloads(request):
    """Counts of each case manager's cases, no participant: nothing here is a read of a record."""
    return render(request, "cases/caseloads.html", selectors.caseloads(request.user, now=timezone.now()))
