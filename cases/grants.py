"""Object permissions (django-guardian) for referrals and cases, and the queries that read them.

Grants go to a user (the case manager asked for a hand-off, the assigned case manager) or to an
agency's principal group (the referring agency, the prosecuting office holding a pre-booking
file, the case manager's provider). Reads never accept global (model-wide) permissions: a
model-wide grant must not quietly show every record. Guardian's grants send no signal, so each
grant is written to the access log here."""

from django.contrib.auth.models import Group
from guardian.shortcuts import (
    assign_perm,
    get_objects_for_group,
    get_objects_for_user,
    remove_perm,
)

from lead.agencies.models import Agency
from lead.audit.models import AccessEvent
from lead.audit.services import access_event_record

VIEW_REFERRAL = "cases.view_referral"
VIEW_CASE = "cases.view_case"
CHANGE_CASE = "cases.change_case"
# An outreach specialist assigned to find the participant (outreach.Assignment).
ENGAGE_CASE = "cases.engage_case"


def agency_principal(agency) -> Group:
    """The group that stands for `agency` in object permissions, created on first use."""
    if agency.principal_id is None:
        agency.principal, _ = Group.objects.get_or_create(name=f"agency:{agency.public_id}")
        agency.save(update_fields=["principal"])
    return agency.principal


def grant(perm: str, *, to, obj, by) -> None:
    """Give `to` (a user or an agency) `perm` on `obj`, and log it."""
    holder = agency_principal(to) if isinstance(to, Agency) else to
    assign_perm(perm, holder, obj)
    access_event_record(
        kind=AccessEvent.Kind.PERMISSION_CHANGE,
        user=by,
        obj=obj,
        detail=f"granted {perm} to {'agency ' if isinstance(to, Agency) else 'user '}{to}",
    )


def held_by_agency(agency, perm: str, klass):
    """The objects `agency` holds `perm` on, as a queryset (no global permissions)."""
    if agency is None or agency.principal_id is None:
        return klass.objects.none()
    return get_objects_for_group(agency.principal, perm, klass, accept_global_perms=False)


def held_by_user(user, perm: str, klass):
    """The objects granted to `user` personally (not through any group)."""
    return get_objects_for_user(user, perm, klass, use_groups=False, accept_global_perms=False, with_superuser=False)


def revoke(perm: str, *, of, obj, by) -> None:
    """Take `perm` on `obj` back from the user `of`, and log it."""
    remove_perm(perm, of, obj)
    access_event_record(
        kind=AccessEvent.Kind.PERMISSION_CHANGE, user=by, obj=obj, detail=f"revoked {perm} from user {of}"
    )
