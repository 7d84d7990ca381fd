import django_filters

from cases.models import Referral
from lead.listing import DAY_HINT, Column, DayFromFilter, DayUntilFilter, RangesForm


class ReferralFilter(django_filters.FilterSet):
    """The filters of the referral list; each has an index (cases/models/referrals.py)."""

    status = django_filters.ChoiceFilter(label="Status", choices=Referral.Status.choices, empty_label="Any status")
    kind = django_filters.ChoiceFilter(label="Kind", choices=Referral.Kind.choices, empty_label="Any kind")
    # Days as ranges of instants in the site's time zone (lead/listing.py): referral_created_idx.
    created_from = DayFromFilter(label="Referred from", field_name="created_at", help_text=DAY_HINT)
    created_until = DayUntilFilter(label="Referred until", field_name="created_at", help_text=DAY_HINT)

    class Meta:
        model = Referral
        form = RangesForm  # "until" before "from" is an error on "until", not an empty list
        fields = ["status", "kind", "created_from", "created_until"]


# The referral list's sortable columns (`?sort=<key>`), in the page's order. The default, newest
# first, is referral_created_idx; the reference is unique, so it has an index of its own; the
# others sort the rows a filter (and its index) has already chosen, or small tables (agencies).
REFERRAL_COLUMNS = (
    Column("when", "When", ("created_at",)),
    Column("reference", "Reference", ("reference",)),
    Column("person", "Person", ("participant__last_name", "participant__first_name")),
    Column("kind", "Kind", ("kind",)),
    Column("agency", "From", ("agency__name",)),
    Column("status", "Status", ("status",)),
)
REFERRAL_DEFAULT_SORT = "-when"
