from django.shortcuts import render
from django.utils import timezone

from lead.audit.services import Kind, access_event_record
from search import selectors
from search.forms import SearchForm
from search.terms import terms_of


def results(request):
    """The search page: the box, and what the user may open of what matches, grouped by kind.
    Every search is in the access log with its terms and how many records it found (a refused
    or empty one too: the page was asked for)."""
    form = SearchForm(request.GET or None)
    groups: list[selectors.Group] = []
    terms = None
    if form.is_valid() and form.cleaned_data["q"]:
        terms = terms_of(form.cleaned_data["q"], today=timezone.localdate())
        groups = selectors.search(request.user, terms)
    found = sum(len(group.rows) for group in groups)
    typed = request.GET.get("q", "")
    if form.errors:
        detail = f"search refused ({'; '.join(form.errors['q'])}): {typed[:200]!r}"
    else:
        counts = ", ".join(f"{group.kind.key} {len(group.rows)}{'+' if group.more else ''}" for group in groups)
        detail = f"search {typed[:200]!r}: {found} found" + (f" ({counts})" if counts else "")
    access_event_record(request=request, kind=Kind.SEARCH, obj_kind="search", detail=detail)
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "terms": terms,
            "groups": groups,
            "found": found,
            "finds_people": bool(selectors.kinds_for(request.user)),
            "per_kind": selectors.PER_KIND,
        },
    )
