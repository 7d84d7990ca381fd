import django_filters

from cases.models import Case, Referral
from lead.agencies.models import Agency
from lead.listing import DAY_HINT, Column, DayFilter, DayFromFilter, DayUntilFilter, PlainSelect, RangesForm


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


# The case list's sortable columns. The default for a case manager, soonest due first, and the
# director's, newest first, have indexes (case_due_idx, case_opened_idx); the others sort the
# rows the filters chose.
CASE_COLUMNS = (
    Column("reference", "Reference", ("referral__reference",)),
    Column("person", "Person", ("participant__last_name", "participant__first_name")),
    Column("status", "Status", ("step",)),
    Column("due", "Assessment due", ("assessment_due_at",), nullable=True),
    Column("reached", "Last reached", ("reached_or_opened",)),
    Column("case_manager", "Case manager", ("case_manager__last_name", "case_manager__first_name")),
    Column("opened", "Opened", ("opened_at",)),
)


class CaseFilter(django_filters.FilterSet):
    """The filters of the case list (cases/views/caselist.py). `now` decides overdue and in the
    wind, by the same rules as everywhere else (Case.overdue_q, Case.in_the_wind_q); the case
    managers offered are those whose cases the user sees (`case_managers`)."""

    OPEN = "open"
    ANY = "any"
    DOORS = (
        ("pre_arrest", "Pre-arrest diversion"),
        ("pre_booking", "Pre-booking diversion"),
        ("social_contact", "Social contact referral"),
    )
    YES_NO = (("yes", "Yes"), ("no", "No"))

    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[(OPEN, "Open (every step)"), *Case.Status.choices, (ANY, "Any, closed too")],
        empty_label=None,
        method="filter_status",
        help_text="Each step names what comes next.",
    )
    # Choices from one query of names, not model instances: a director chooses among every
    # case manager of the site (150 at a large one), on every page of the list.
    case_manager = django_filters.ChoiceFilter(
        label="Case manager", choices=[], empty_label="Any case manager", widget=PlainSelect
    )
    overdue = django_filters.ChoiceFilter(
        label="Assessment overdue", choices=YES_NO, empty_label="Either", method="filter_overdue"
    )
    in_the_wind = django_filters.ChoiceFilter(
        label="In the wind", choices=YES_NO, empty_label="Either", method="filter_in_the_wind"
    )
    door = django_filters.ChoiceFilter(label="Door", choices=DOORS, empty_label="Any door", method="filter_door")
    agency = django_filters.ModelChoiceFilter(
        label="Referred by", field_name="referral__agency", queryset=Agency.objects.none(), empty_label="Any agency"
    )
    due_from = DayFilter(
        label="Assessment due from", field_name="assessment_due_on", lookup_expr="gte", help_text=DAY_HINT
    )
    due_until = DayFilter(
        label="Assessment due until", field_name="assessment_due_on", lookup_expr="lte", help_text=DAY_HINT
    )
    reached_from = DayFromFilter(label="Last reached from", field_name="last_reached_at", help_text=DAY_HINT)
    reached_until = DayUntilFilter(label="Last reached until", field_name="last_reached_at", help_text=DAY_HINT)
    opened_from = DayFromFilter(label="Opened from", field_name="opened_at", help_text=DAY_HINT)
    opened_until = DayUntilFilter(label="Opened until", field_name="opened_at", help_text=DAY_HINT)

    class Meta:
        model = Case
        form = RangesForm
        fields: list[str] = []

    def __init__(self, data, *, queryset, now, case_managers, agencies, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.now = now
        self.filters["case_manager"].extra["choices"] = [
            (str(pk), f"{first} {last}".strip() or username)
            for pk, first, last, username in case_managers.values_list("pk", "first_name", "last_name", "username")
        ]
        self.filters["agency"].queryset = agencies

    def filter_status(self, queryset, name, value):
        if value == self.ANY:
            return queryset
        if value == self.OPEN or not value:
            return queryset.filter(Case.open_q())
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        overdue = Case.overdue_q(self.now)
        return queryset.filter(overdue if value == "yes" else ~overdue)

    def filter_in_the_wind(self, queryset, name, value):
        in_the_wind = Case.in_the_wind_q(self.now)
        return queryset.filter(in_the_wind if value == "yes" else ~in_the_wind)

    def filter_door(self, queryset, name, value):
        if value == "social_contact":
            return queryset.filter(referral__kind=Referral.Kind.SOCIAL_CONTACT)
        return queryset.filter(referral__kind=Referral.Kind.ARREST_DIVERSION, referral__stage=value)
