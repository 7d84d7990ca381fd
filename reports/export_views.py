"""The director's de-identified extract for evaluators (reports/deidentified.py). The access
map lets only the director in (`reports:extract`)."""

from django.http import HttpResponseBadRequest
from django.utils import timezone

from lead.audit.services import Kind, access_event_record
from lead.exports import FORMATS, PART2_NOTICE, export_response
from reports.deidentified import extract_rows


def extract(request):
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        return HttpResponseBadRequest(f"Unknown format: choose one of {', '.join(FORMATS)}.")
    # Logged before the first row leaves: a download cut short was still a disclosure.
    access_event_record(request=request, kind=Kind.EXPORT, detail="de-identified extract")
    stem = f"lead-deidentified-extract-{timezone.localdate():%Y-%m-%d}"
    return export_response(fmt, stem, extract_rows(), notice=PART2_NOTICE)
