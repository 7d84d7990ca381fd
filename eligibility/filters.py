import django_filters

from eligibility.models import Screening
from lead.agencies.models import Agency
from lead.roles import Role


class ScreeningFilter(django_filters.FilterSet):
    """The filters of the screening list; each one has an index (eligibility/models.py)."""

    report_number = django_filters.CharFilter(label="Report number", lookup_expr="exact")
    status = django_filters.ChoiceFilter(label="Status", choices=Screening.Status.choices, empty_label="Any status")
    outcome = django_filters.ChoiceFilter(label="Outcome", choices=Screening.Outcome.choices, empty_label="Any outcome")
    agency = django_filters.ModelChoiceFilter(label="Agency", queryset=Agency.objects.none(), empty_label="Any agency")

    class Meta:
        model = Screening
        fields = ["report_number", "status", "outcome", "agency"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if Role.DIRECTOR in user.roles:  # the only role that sees every agency's screenings
            self.filters["agency"].queryset = (
                Agency.objects.filter(screenings__isnull=False).distinct().order_by("name")
            )
        else:
            del self.filters["agency"]
