"""`{% poll url %}`: the attributes that make an element ask `url` every LEAD_POLL_SECONDS whether
what it shows changed (lead/live.py). No trigger filter (`[...]`): htmx evaluates those with
eval, which the CSP forbids; static/js/live.js pauses the polls while the tab is hidden."""

from django import template
from django.conf import settings
from django.utils.html import format_html

from lead.live import POLL_HEADER

register = template.Library()


@register.simple_tag
def poll(url: str, swap: str = "innerHTML"):
    return format_html(
        'data-lead-poll hx-get="{}" hx-trigger="every {}s, lead:visible from:document" hx-swap="{}" '
        'hx-headers=\'{{"{}": "1"}}\'',
        url,
        settings.LEAD_POLL_SECONDS,
        swap,
        POLL_HEADER,
    )
