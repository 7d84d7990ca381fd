from dataclasses import dataclass
from itertools import islice

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone

from lead import exports
from lead.audit import records
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


EXPORT_COLUMNS = ["When", "User", "Event", "Outcome", "Record", "Path", "Detail", "IP address"]
# Lines read and described per batch of an export: constant memory, a query per type per batch.
EXPORT_BATCH = 1000


def access_log(request):
    """The project director's search of the access log, and its download (`?format=csv`).
    Searching it is itself logged, and so is each download, with its search."""
    data = request.GET.copy()
    fmt = data.pop("format", [None])[-1]
    filterset = AccessEventFilter(data or None, queryset=AccessEvent.objects.all())
    valid = filterset.is_bound and filterset.is_valid()
    events = filterset.qs if valid else AccessEvent.objects.all()
    query = data.copy()
    query.pop("page", None)
    if fmt is not None and (valid or not filterset.is_bound):
        return _export(request, fmt, events, query.urlencode())
    page = LogPage.of(events, request.GET.get("page"))
    access_event_record(
        request=request,
        kind=AccessEvent.Kind.READ,
        obj_kind="audit.accessevent",
        detail=f"search: {query.urlencode() or 'all'}",
    )
    # Break-glass openings come first, always: each is reviewed (access-policy.md "Break-glass").
    openings = list(
        AccessEvent.objects.filter(kind=AccessEvent.Kind.BREAK_GLASS, detail__startswith=BREAK_GLASS_OPENED)[:20]
    )
    # So are coverage grants and their early ends: each widens who reads a caseload's records.
    coverage = AccessEvent.objects.filter(kind=AccessEvent.Kind.PERMISSION_CHANGE, object_type=COVERAGE_TYPE)[:20]
    # The records named as people read them: one query per type of record on the page.
    records.describe_events(request.user, [*page.object_list, *openings])
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


def _export(request, fmt: str, events, search: str):
    """Every line of the search, newest first, streamed (a search may match millions)."""
    if fmt not in exports.FORMATS:
        return HttpResponseBadRequest(f"Unknown format: choose one of {', '.join(exports.FORMATS)}.")
    access_event_record(
        request=request, kind=AccessEvent.Kind.EXPORT, obj_kind="audit.accessevent", detail=f"search: {search or 'all'}"
    )
    stem = f"lead-access-log-{timezone.localdate():%Y-%m-%d}"
    # Records are described with participants' names: the Part 2 notice goes with them.
    return exports.export_response(fmt, stem, _export_rows(request.user, events), notice=exports.PART2_NOTICE)


def _export_rows(user, events):
    yield EXPORT_COLUMNS
    lines = events.iterator(chunk_size=EXPORT_BATCH)
    while batch := list(islice(lines, EXPORT_BATCH)):
        records.describe_events(user, batch)
        for event in batch:
            yield [
                timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
                event.username or "anonymous",
                event.get_kind_display(),
                event.get_outcome_display(),
                event.record.text if event.record else "",
                f"{event.method} {event.path}".strip(),
                event.detail,
                event.ip_address or "",
            ]
