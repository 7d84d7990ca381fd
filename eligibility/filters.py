import django_filters

from eligibility.models import Screening
from lead.agencies.models import Agency
from lead.listing import DAY_HINT, Column, DayFromFilter, DayUntilFilter, RangesForm
from lead.roles import Role


class ScreeningFilter(django_filters.FilterSet):
    """The filters of the screening list; each one has an index (eligibility/models.py)."""

    report_number = django_filters.CharFilter(label="Report number", lookup_expr="exact")
    status = django_filters.ChoiceFilter(label="Status", choices=Screening.Status.choices, empty_label="Any status")
    outcome = django_filters.ChoiceFilter(label="Outcome", choices=Screening.Outcome.choices, empty_label="Any outcome")
    agency = django_filters.ModelChoiceFilter(label="Agency", queryset=Agency.objects.none(), empty_label="Any agency")
    # Days as ranges of instants in the site's time zone (lead/listing.py): screening_at_idx and
    # the agency's, status's and outcome's indexes, which all end with the time.
    screened_from = DayFromFilter(label="Screened from", field_name="screened_at", help_text=DAY_HINT)
    screened_until = DayUntilFilter(label="Screened until", field_name="screened_at", help_text=DAY_HINT)

    class Meta:
        model = Screening
        form = RangesForm  # "until" before "from" is an error on "until", not an empty list
        fields = ["report_number", "status", "outcome", "agency", "screened_from", "screened_until"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if Role.DIRECTOR in user.roles:  # the only role that sees every agency's screenings
            self.filters["agency"].queryset = (
                Agency.objects.filter(screenings__isnull=False).distinct().order_by("name")
            )
        else:
            del self.filters["agency"]


# The screening list's sortable columns (`?sort=<key>`), in the page's order. The default, newest
# first, is screening_at_idx (screening_agency_at_idx for an agency's list); report numbers have
# an index; agencies and officers are small tables joined already for the page.
SCREENING_COLUMNS = (
    Column("when", "When", ("screened_at",)),
    Column("report", "Report", ("report_number",)),
    Column("agency", "Agency", ("agency__name",)),
    Column("officer", "Officer", ("officer__last_name", "officer__first_name")),
    Column("outcome", "Outcome", ("outcome",)),
    Column("status", "Status", ("status",)),
)
SCREENING_DEFAULT_SORT = "-when"
