from django.db.models import Prefetch, QuerySet

from lead.agencies.models import Agency
from lead.roles import Role


def agencies_visible_to(user) -> QuerySet[Agency]:
    """A user's own agency; every agency for the project director and the site administrators."""
    agencies = Agency.objects.all()
    if user.roles & {Role.DIRECTOR, Role.SITE_ADMIN}:
        return agencies
    return agencies.filter(pk=user.agency_id)


def agency_staff(agency: Agency):
    from django.contrib.auth.models import Group

    return (
        agency.staff.filter(is_active=True)
        .prefetch_related(Prefetch("groups", queryset=Group.objects.order_by("name")))
        .order_by("last_name", "first_name", "username")
    )
