"""Pages that update themselves (docs/architecture.md, "Pages that update themselves").

A region of a page where someone waits carries `{% poll url %}` (lead/templatetags/lead_live.py)
while, and only while, the thing it shows is waiting: htmx then asks `url` every
LEAD_POLL_SECONDS whether it changed, and the view answers
- `unchanged()`: 204, no body. htmx swaps nothing, a screen reader hears nothing, nothing
  personal left the server, so nothing is logged;
- the region's new content with 200: it changed and may change again, the region goes on asking;
- `settled(response)`: the region's final content with 286, which makes htmx stop asking.

Polls carry POLL_HEADER: the session middleware does not count them as the user's activity, so a
waiting page left open does not keep its session alive past the idle timeout."""

from django.http import HttpResponse

POLL_HEADER = "X-Lead-Poll"
# htmx's "stop polling" status: it swaps the answer in, then the trigger `every ...` ends.
STOP_POLLING = 286


def is_poll(request) -> bool:
    return request.headers.get(POLL_HEADER) == "1"


def unchanged() -> HttpResponse:
    return HttpResponse(status=204)


def settled(response: HttpResponse) -> HttpResponse:
    response.status_code = STOP_POLLING
    return response
