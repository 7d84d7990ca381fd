"""What the lists of records share (cases, referrals, screenings, the access log): columns sorted
by the database from `?sort=`, and days chosen as ranges of instants in the site's time zone.

Sorting happens in the query, never in Python: a list is a page of a table that may hold 50,000
rows, so the order must come with the LIMIT. Each column's order names fields (with an index
where the list is long, cases/models.py), and the primary key breaks ties so that pages do not
overlap. A `?sort=` that names no column is the list's default, not an error: it comes from an
address someone typed or kept.

Days are ranges of instants (`at >= start of the day`, `at < start of the next`), not `at__date`,
which converts every row and no index serves; the start of a day is in the site's time zone."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import F, OrderBy
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from lead.forms import BoundedForm

# Days the lists accept: a typo of the year (0202, 20226) is an error to correct, not a filter
# that quietly matches nothing.
EARLIEST_DAY = date(1990, 1, 1)
LATEST_DAY = date(2100, 12, 31)

# The hint of a day filter: the browser shows a calendar, and a day means all of it.
DAY_HINT = "Day, as on a calendar; the whole day counts."


@dataclass(frozen=True)
class Column:
    """A sortable column: `key` in the address, `label` in the header, the `fields` it sorts by
    (ascending; `-key` reverses them). Columns that may be empty list them last either way."""

    key: str
    label: str
    fields: tuple[str, ...]
    nullable: bool = False

    def order(self, descending: bool) -> list[OrderBy | str]:
        if self.nullable:
            return [F(f).desc(nulls_last=True) if descending else F(f).asc(nulls_last=True) for f in self.fields]
        return [f"-{f}" if descending else f for f in self.fields]


class Sorting:
    """The order a list asked for (`?sort=due`, `?sort=-due`), the query's `order_by`, and each
    column header's link and state (includes/sort_header.html)."""

    def __init__(self, columns: Iterable[Column], query: QueryDict, *, default: str):
        self.columns = {c.key: c for c in columns}
        requested = query.get("sort", "")
        key = requested.removeprefix("-")
        if key not in self.columns:
            requested, key = default, default.removeprefix("-")
        self.key = key
        self.descending = requested.startswith("-")
        self.value = requested  # what `?sort=` says now, for links that keep it
        self._query = query

    def order_by(self) -> list[OrderBy | str]:
        tie = "-pk" if self.descending else "pk"
        return [*self.columns[self.key].order(self.descending), tie]

    @property
    def headers(self) -> Mapping[str, dict]:
        """For each column: its label, the link that sorts by it (ascending first, then the
        other way), and `aria_sort` for the one the list is sorted by."""
        headers = {}
        for key, column in self.columns.items():
            query = self._query.copy()
            query.pop("page", None)  # a new order starts at the first page
            now_sorted = key == self.key
            query["sort"] = f"-{key}" if now_sorted and not self.descending else key
            headers[key] = {
                "label": column.label,
                "href": f"?{query.urlencode()}",
                "aria_sort": ("descending" if self.descending else "ascending") if now_sorted else "",
            }
        return headers


class PlainSelect(forms.Select):
    """A select rendered in Python, for filters with many choices (the director's case managers):
    Django renders each option through a template, about 0.1 ms each, which 150 case managers
    made 18 ms of every page of the case list. The same markup, attributes and selection."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (choice, mark_safe(" selected") if str(choice) == chosen else "", label)
                for choice, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


def day_start(day: date) -> datetime:
    """The first instant of `day` in the site's time zone."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


class DayField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {"invalid": "Enter a day as year, month and day, for example 2026-03-09."}

    def validate(self, value):
        super().validate(value)
        if value and not EARLIEST_DAY <= value <= LATEST_DAY:
            raise forms.ValidationError(
                f"Enter a day between {EARLIEST_DAY:%Y} and {LATEST_DAY:%Y}, as year, month and day."
            )


class DayFilter(django_filters.DateFilter):
    """A day of a DateField, with `lookup_expr` "gte" (from) or "lte" (until)."""

    field_class = DayField


class DayFromFilter(DayFilter):
    """Instants (a DateTimeField) from the start of the day in the site's time zone."""

    def filter(self, qs, value):
        return qs if value in (None, "") else qs.filter(**{f"{self.field_name}__gte": day_start(value)})


class DayUntilFilter(DayFilter):
    """Instants until the end of the day: before the start of the next one."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(**{f"{self.field_name}__lt": day_start(value + timedelta(days=1))})


class RangesForm(BoundedForm):
    """The form of a list's filters (`Meta.form`): bounded like every form (lead/forms.py), in
    the project's words, and a range whose end (`<name>_until`) comes before its start
    (`<name>_from`) is an error on the end, not an empty list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField):  # an address typed or kept with a stale choice
                field.error_messages["invalid_choice"] = "Choose one of the list's options."

    def clean(self):
        data = super().clean()
        for start in [name for name in self.fields if name.endswith("_from")]:
            end = start.removesuffix("_from") + "_until"
            first, last = data.get(start), data.get(end)
            if end in self.fields and first and last and last < first:
                self.add_error(end, f"Enter a day on or after {first:%b %-d, %Y}, the start of the range.")
        return data


def without_format(query) -> str:
    """The list's address without its download (`format`): where a refused download sends the
    person back to, filters and sort kept."""
    query = query.copy()
    query.pop("format", None)
    return query.urlencode()
