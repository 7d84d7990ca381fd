import django_filters

from lead.audit.models import AccessEvent
from lead.listing import DayFromFilter, DayUntilFilter


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
    # Days as ranges of instants in the site's time zone (lead/listing.py).
    since = DayFromFilter(label="From", field_name="at")
    until = DayUntilFilter(label="Until", field_name="at")

    class Meta:
        model = AccessEvent
        fields = ["username", "kind", "outcome", "object_id", "since", "until"]
