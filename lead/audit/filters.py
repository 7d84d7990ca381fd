import django_filters
from django import forms

from lead.audit.models import AccessEvent


class AccessEventFilter(django_filters.FilterSet):
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
    since = django_filters.DateFilter(
        label="From", field_name="at", lookup_expr="date__gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = django_filters.DateFilter(
        label="Until", field_name="at", lookup_expr="date__lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = AccessEvent
        fields = ["username", "kind", "outcome", "object_id", "since", "until"]
