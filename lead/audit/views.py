from dataclasses import dataclass

from django.shortcuts import render

from lead.audit.filters import AccessEventFilter
from lead.audit.models import AccessEvent
from lead.audit.services import access_event_record

PAGE_SIZE = 50
# How cases.views.cover words the opening (the reads during the window say "read during").
BREAK_GLASS_OPENED = "break-glass opened"
# How the access log names a coverage grant (cases.services.cover logs the model).
COVERAGE_TYPE = "cases.coverage"


@dataclass
class LogPage:
    """A page of the log, newest first, read with LIMIT page size + 1: the extra row says whether
    an older page exists, so the log (millions of rows) is never counted."""

    object_list: list
    number: int
    has_next: bool

    @classmethod
    def of(cls, events, number: str | None) -> "LogPage":
        # A page number as typed in the address: anything else (or absurdly deep) is the first page.
        valid = number is not None and number.isascii() and number.isdigit() and 0 < len(number) <= 6
        number_ = max(int(number), 1) if valid else 1
        start = (number_ - 1) * PAGE_SIZE
        rows = list(events[start : start + PAGE_SIZE + 1])
        return cls(rows[:PAGE_SIZE], number_, has_next=len(rows) > PAGE_SIZE)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def first_index(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1

    @property
    def last_index(self) -> int:
        return self.first_index + len(self.object_list) - 1

    def __iter__(self):
        return iter(self.object_list)


def access_log(request):
    """The project director's search of the access log. Searching it is itself logged."""
    filterset = AccessEventFilter(request.GET or None, queryset=AccessEvent.objects.all())
    events = filterset.qs if filterset.is_bound and filterset.is_valid() else AccessEvent.objects.all()
    page = LogPage.of(events, request.GET.get("page"))
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
