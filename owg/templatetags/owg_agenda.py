"""The agenda's dates. A long agenda writes thousands of them: Django's `date` filter looks the
locale's formats up on every call (about a tenth of the page's time at 50,000 participants), so
the agenda writes "Mar 3, 2026" itself, in the site's time zone, as `date:"M j, Y"` would."""

from django import template
from django.utils.html import format_html_join

from owg.agenda import day_label

register = template.Library()


@register.filter(expects_localtime=True)
def day(value) -> str:
    """`{{ when|day }}`: a date, or a datetime in the site's time zone; "" for none."""
    return day_label(value) if value else ""


# One line of section 6's compact table (templates/owg/_unchanged.html): its flag button names
# the case in the table's one form.
ROW = (
    '<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>'
    '<button class="usa-button usa-button--unstyled" type="submit" name="flag" value="{}">'
    'Flag<span class="usa-sr-only"> {}</span></button></td></tr>'
)


@register.simple_tag
def unchanged_rows(rows) -> str:
    """The compact table's rows, joined here: a long agenda has thousands, and a template loop
    spends ten times as long on each."""
    return format_html_join(
        "\n",
        ROW,
        ((r.name, r.case_manager, r.days_in_program, r.last_reached, r.next_step, r.case_id, r.name) for r in rows),
    )
