from django import template

register = template.Library()


@register.filter
def report_cell(value) -> str:
    """A report cell as text: counts with thousands separators, rates and medians as given,
    words (a suppressed cell) as they are, nothing as a dash."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    return str(value)
