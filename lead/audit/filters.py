import django_filters
from django.db.models import Q, QuerySet
from django.db.models.functions import Upper

from lead.audit import records
from lead.audit.models import AccessEvent
from lead.forms import BoundedForm
from lead.listing import DayFromFilter, DayUntilFilter


def about(queryset: QuerySet, by_type: dict[str, set[str]], *, any_type: str = "") -> QuerySet:
    """The events about the records `by_type` ({object_type: object ids}), or whose id is
    `any_type` whatever their type, matched as UPPER(object_id) IN (...): the object index
    (accessevent_object_at_idx) serves each part."""
    match = Q(object_upper=any_type.upper()) if any_type else Q(pk__in=[])
    for object_type, ids in by_type.items():
        match |= Q(object_type=object_type, object_upper__in=sorted(i.upper() for i in ids))
    return queryset.alias(object_upper=Upper("object_id")).filter(match)


class AccessEventFilter(django_filters.FilterSet):
    # Each search is served by one of AccessEvent's indexes: keep them in step. The form's bounds
    # (lead/forms.py) refuse NUL, direction controls and oversize terms as errors on the field.
    username = django_filters.CharFilter(
        label="Username", lookup_expr="iexact", max_length=150, help_text="Exact username, e.g. officer."
    )
    person = django_filters.CharFilter(
        label="Person",
        method="filter_person",
        max_length=200,
        help_text="A participant's name (Maria Lopez, or Lopez, Maria) or case reference (L-2026-0042): "
        "the lines about them, their referrals and cases.",
    )
    kind = django_filters.ChoiceFilter(label="Event", choices=AccessEvent.Kind.choices, empty_label="Any event")
    outcome = django_filters.ChoiceFilter(
        label="Outcome", choices=AccessEvent.Outcome.choices, empty_label="Any outcome"
    )
    object_id = django_filters.CharFilter(
        label="Record",
        method="filter_record",
        max_length=64,
        help_text="A case reference (L-2026-0042), a report number, or the id in a record's address.",
    )
    # Days as ranges of instants in the site's time zone (lead/listing.py).
    since = DayFromFilter(label="From", field_name="at")
    until = DayUntilFilter(label="Until", field_name="at")

    class Meta:
        model = AccessEvent
        form = BoundedForm
        fields = ["username", "person", "kind", "outcome", "object_id", "since", "until"]

    def filter_person(self, queryset, name, value):
        found = records.person_ids(value)
        return about(queryset, found) if found else queryset.none()

    def filter_record(self, queryset, name, value):
        term = value.strip()
        return about(queryset, records.record_ids(term), any_type=term) if term else queryset
