from django.core.paginator import Paginator
from django.shortcuts import render

from lead.audit.filters import AccessEventFilter
from lead.audit.models import AccessEvent
from lead.audit.services import access_event_record

PAGE_SIZE = 50


def access_log(request):
    """The project director's search of the access log. Searching it is itself logged."""
    filterset = AccessEventFilter(request.GET or None, queryset=AccessEvent.objects.all())
    events = filterset.qs if filterset.is_bound and filterset.is_valid() else AccessEvent.objects.all()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    access_event_record(request=request, kind=AccessEvent.Kind.READ, obj_kind="audit.accessevent", detail=f"search: {query.urlencode() or 'all'}")
    return render(request, "audit/log.html", {"filter": filterset, "page": page, "query": query.urlencode()})
