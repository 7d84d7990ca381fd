import django_filters

from cases.models import Referral


class ReferralFilter(django_filters.FilterSet):
    """The filters of the referral list; each has an index (cases/models.py)."""

    status = django_filters.ChoiceFilter(label="Status", choices=Referral.Status.choices, empty_label="Any status")
    kind = django_filters.ChoiceFilter(label="Kind", choices=Referral.Kind.choices, empty_label="Any kind")

    class Meta:
        model = Referral
        fields = ["status", "kind"]
