from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.utils import timezone

from lead.audit.models import AccessEvent


def _day_start(day):
    """The first instant of `day` in the site's time zone."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


class AccessEventFilter(django_filters.FilterSet):
    # Each search is served by one of AccessEvent's indexes: keep them in step.
    username = django_filters.CharFilter(
        label="Username", lookup_expr="iexact", help_text="Exact username, e.g. officer."
    )
    kind = django_filters.ChoiceFilter(label="Event", choices=AccessEvent.Kind.choices, empty_label="Any event")
    outcome = django_filters.ChoiceFilter(
        label="Outcome", choices=AccessEvent.Outcome.choices, empty_label="Any outcome"
    )
    object_id = django_filters.CharFilter(
        label="Record id", lookup_expr="iexact", help_text="The id of a record, as shown in its address."
    )
    # Days as ranges of instants (not `at__date`, a conversion of every row no index serves).
    since = django_filters.DateFilter(
        label="From", method="filter_since", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = django_filters.DateFilter(
        label="Until", method="filter_until", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = AccessEvent
        fields = ["username", "kind", "outcome", "object_id", "since", "until"]

    def filter_since(self, queryset, name, value):
        return queryset.filter(at__gte=_day_start(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(at__lt=_day_start(value + timedelta(days=1)))
