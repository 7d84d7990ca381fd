"""Report pages: the project director's (with the records behind each figure), the PCG's and
the public transparency page (suppressed aggregates), a case manager's own figures, and exports
of any table. Every export is in the access log."""

from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from lead import access
from lead.audit.services import Kind, access_event_record
from lead.exports import FORMATS, PART2_NOTICE, export_response
from lead.system.models import SiteConfiguration
from reports import metrics
from reports import records as record_lists
from reports.forms import ReportFilterForm
from reports.suppression import SUPPRESSION_NOTE

# The reports whose tables export; a role exports the tables of the reports whose page the access
# map lets it read ("reports:<report>"), so who reads a report is declared once, in the map.
REPORTS = ("director", "pcg", "caseload")


def _filters(request, *, with_agency: bool = True):
    """The filter form and the filters it gives (the default period when nothing is asked or
    what was asked is wrong: the form then shows its errors beside the default figures)."""
    default = metrics.default_filters(timezone.localdate())
    asked = {k: v for k, v in request.GET.items() if k in ("start", "end", "agency", "door")}
    if not asked:
        initial = {"start": default.start, "end": default.end}
        return ReportFilterForm(initial=initial, with_agency=with_agency), default
    form = ReportFilterForm(asked, with_agency=with_agency)
    return form, (form.filters() if form.is_valid() else default)


def _query(f: metrics.Filters) -> str:
    params = {"start": f.start.isoformat(), "end": f.end.isoformat()}
    if f.agency_id:
        params["agency"] = f.agency_id
    if f.door:
        params["door"] = f.door
    return urlencode(params)


def _render(request, template, report_key, sections, form, f, **extra):
    return render(
        request,
        template,
        {
            "sections": sections,
            "form": form,
            "filters": f,
            "previous": f.previous(),
            "query": _query(f),
            "report": report_key,
            **extra,
        },
    )


def director(request):
    form, f = _filters(request)
    sections = metrics.director_report(f, timezone.now())
    return _render(request, "reports/director.html", "director", sections, form, f, drill_down=True)


def pcg(request):
    form, f = _filters(request)
    sections = metrics.aggregate_report(f, timezone.now())
    return _render(
        request,
        "reports/aggregate.html",
        "pcg",
        sections,
        form,
        f,
        months=_recent_months(),
        suppression_note=SUPPRESSION_NOTE,
    )


def caseload(request):
    form, f = _filters(request, with_agency=False)
    sections = metrics.caseload_report(request.user, f, timezone.now())
    return _render(request, "reports/caseload.html", "caseload", sections, form, f)


def public(request):
    """The community's view (site configuration: public reports). Not found while it is off."""
    if not SiteConfiguration.current().public_reports:
        raise access.not_found(request, "public reports are off", "reports.report", "public")
    form, f = _filters(request)
    sections = metrics.aggregate_report(f, timezone.now())
    return _render(
        request,
        "reports/public.html",
        "public",
        sections,
        form,
        f,
        months=_recent_months(),
        suppression_note=SUPPRESSION_NOTE,
    )


def _recent_months():
    """The last three whole calendar months, for the PCG's monthly report."""
    from datetime import timedelta

    months, day = [], timezone.localdate().replace(day=1)
    for _ in range(3):
        end = day - timedelta(days=1)
        day = end.replace(day=1)
        months.append((day.strftime("%B %Y"), _query(metrics.Filters(start=day, end=end))))
    return months


def _sections_for(request, report: str, f):
    now = timezone.now()
    if report == "director":
        return metrics.director_report(f, now)
    if report == "pcg":
        return metrics.aggregate_report(f, now)
    return metrics.caseload_report(request.user, f, now)


def export(request, report, table):
    """One table of a report as CSV or XLSX, for a role that may read that report."""
    if report not in REPORTS or not access.allows(request.user, f"reports:{report}"):
        raise access.not_found(request, "report not readable by this role", "reports.report", report)
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        return HttpResponseBadRequest("Choose csv or xlsx.")
    _, f = _filters(request, with_agency=report != "caseload")
    found = next((t for _, tables in _sections_for(request, report, f) for t in tables if t.key == table), None)
    if found is None:
        raise access.not_found(request, "report table missing", "reports.table", f"{report}/{table}")
    access_event_record(
        request=request,
        kind=Kind.EXPORT,
        obj_kind="reports.table",
        obj_id=f"{report}/{table}",
        detail=f"{fmt}, {f.start} to {f.end}",
    )
    period = [f"{f.start} to {f.end}", f"{f.previous().start} to {f.previous().end}"]
    header = [f"{found.title} ({period[0]}; previous period {period[1]})"]
    rows = [header, *found.as_rows()]
    # The suppressed report's labels travel with its figures: the file says what they mean.
    notice = SUPPRESSION_NOTE if report == "pcg" else None
    return export_response(fmt, f"lead-{report}-{table}-{f.start}-{f.end}", rows, notice=notice)


def records(request, records):
    """The records behind one figure of the director's report; `?format=` exports them all."""
    _form, f = _filters(request)
    listing = record_lists.listing(records, f, timezone.now())
    if listing is None:
        raise access.not_found(request, "no such list of records", "reports.records", records)
    fmt = request.GET.get("format")
    if fmt:
        if fmt not in FORMATS:
            return HttpResponseBadRequest("Choose csv or xlsx.")
        access_event_record(
            request=request,
            kind=Kind.EXPORT,
            obj_kind="reports.records",
            obj_id=records,
            detail=f"{fmt}, {f.start} to {f.end}",
        )
        rows = ([text for text, _ in listing.cells(record)] for record in listing.queryset.iterator(chunk_size=2000))
        return export_response(
            fmt, f"lead-{records}-{f.start}-{f.end}", _with_header(listing.columns, rows), notice=PART2_NOTICE
        )
    access_event_record(
        request=request, kind=Kind.READ, obj_kind="reports.records", obj_id=records, detail=f"{f.start} to {f.end}"
    )
    page = Paginator(listing.queryset, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/records.html",
        {
            "listing": listing,
            "page": page,
            "rows": [listing.cells(r) for r in page],
            "filters": f,
            "query": _query(f),
            "key": records,
        },
    )


def _with_header(header, rows):
    yield header
    yield from rows
