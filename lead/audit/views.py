from django.core.paginator import Paginator
from django.shortcuts import render

from lead.audit.filters import AccessEventFilter
from lead.audit.models import AccessEvent
from lead.audit.services import access_event_record

PAGE_SIZE = 50
# How cases.views.cover words the opening (the reads during the window say "read during").
BREAK_GLASS_OPENED = "break-glass opened"
# How the access log names a coverage grant (cases.services.cover logs the model).
COVERAGE_TYPE = "cases.coverage"


def access_log(request):
    """The project director's search of the access log. Searching it is itself logged."""
    filterset = AccessEventFilter(request.GET or None, queryset=AccessEvent.objects.all())
    events = filterset.qs if filterset.is_bound and filterset.is_valid() else AccessEvent.objects.all()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    access_event_record(
        request=request,
        kind=AccessEvent.Kind.READ,
        obj_kind="audit.accessevent",
        detail=f"search: {query.urlencode() or 'all'}",
    )
    # Break-glass openings come first, always: each is reviewed (access-policy.md "Break-glass").
    openings = AccessEvent.objects.filter(kind=AccessEvent.Kind.BREAK_GLASS, detail__startswith=BREAK_GLASS_OPENED)[:20]
    # So are coverage grants and their early ends: each widens who reads a caseload's records.
    coverage = AccessEvent.objects.filter(kind=AccessEvent.Kind.PERMISSION_CHANGE, object_type=COVERAGE_TYPE)[:20]
    return render(
        request,
        "audit/log.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "openings": openings,
            "coverage": coverage,
            "break_glass_kind": AccessEvent.Kind.BREAK_GLASS,
        },
    )
