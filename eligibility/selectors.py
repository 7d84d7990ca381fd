from datetime import date

from eligibility.models import CriteriaSet, CriteriaVersion


def criteria_version_in_force(*, slug: str, on: date) -> CriteriaVersion | None:
    """The approved version of the set that officers use on `on`: the latest effective one."""
    return (
        CriteriaVersion.objects.select_related("criteria_set")
        .filter(criteria_set__slug=slug, status=CriteriaVersion.Status.APPROVED, effective_from__lte=on)
        .order_by("-effective_from", "-number")
        .first()
    )


def criteria_set_exists(slug: str) -> bool:
    return CriteriaSet.objects.filter(slug=slug).exists()
