from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from eligibility.models import CriteriaSet, CriteriaVersion, Screening
from lead.roles import Role


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


def screenings_visible_to(user) -> QuerySet[Screening]:
    """Screenings in the user's scope (docs/access-policy.md): an officer's own agency, a prosecutor's
    jurisdiction (the agencies their office prosecutes for), every agency for the director."""
    screenings = Screening.objects.select_related("agency", "officer", "criteria_version__criteria_set")
    if Role.DIRECTOR in user.roles:
        return screenings
    scope = Q(pk__in=[])
    if Role.OFFICER in user.roles:
        scope |= Q(agency_id=user.agency_id)
    if Role.PROSECUTOR in user.roles:
        scope |= Q(agency__prosecuting_office_id=user.agency_id)
    return screenings.filter(scope) if user.agency_id else screenings.none()


def criteria_versions_visible_to(user) -> QuerySet[CriteriaVersion]:
    """Approved versions for everyone who screens or is screened by them; drafts too for the
    director who writes them and the PCG that approves them."""
    versions = CriteriaVersion.objects.select_related("criteria_set", "approved_by", "drafted_by")
    if sees_drafts(user):
        return versions
    return versions.filter(status=CriteriaVersion.Status.APPROVED)


def sees_drafts(user) -> bool:
    """The director writes drafts and the PCG approves them: they see drafts and each version's
    history of changes."""
    return bool(user.roles & {Role.DIRECTOR, Role.PCG})


def criteria_drafts_visible_to(user) -> QuerySet[CriteriaVersion]:
    return criteria_versions_visible_to(user).filter(status=CriteriaVersion.Status.DRAFT)


def criteria_sets_visible_to(user) -> QuerySet[CriteriaSet]:
    """Every set, for the director who starts their drafts (the only role naming a set in a URL)."""
    return CriteriaSet.objects.all() if Role.DIRECTOR in user.roles else CriteriaSet.objects.none()


def criteria_sets_overview(user) -> list[dict]:
    """Every set with the version in force today, those approved for later, and (for the
    director and PCG) its draft. Three queries however many sets and versions there are."""
    today = timezone.localdate()
    sets = list(CriteriaSet.objects.order_by("name").prefetch_related("agencies"))
    versions = criteria_versions_visible_to(user).order_by("-effective_from", "-number")
    by_set: dict[int, list[CriteriaVersion]] = {}
    for version in versions:
        by_set.setdefault(version.criteria_set_id, []).append(version)
    overview = []
    for criteria_set in sets:
        mine = by_set.get(criteria_set.pk, [])
        # (effective date, version): an approved version always has its date (the model's constraint).
        approved = [
            (v.effective_from, v)
            for v in mine
            if v.status == CriteriaVersion.Status.APPROVED and v.effective_from is not None
        ]
        in_force = next((v for on, v in approved if on <= today), None)
        overview.append(
            {
                "set": criteria_set,
                "in_force": in_force,
                "upcoming": [v for on, v in sorted(approved, key=lambda pair: pair[0]) if on > today],
                "draft": next((v for v in mine if v.status == CriteriaVersion.Status.DRAFT), None),
                "agencies": list(criteria_set.agencies.all()),
            }
        )
    return overview


def version_in_force_for(agency, on: date) -> CriteriaVersion | None:
    if agency is None or agency.criteria_set_id is None:
        return None
    return criteria_version_in_force(slug=agency.criteria_set.slug, on=on)
