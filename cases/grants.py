"""Object permissions (django-guardian) for referrals and cases, and the one way to read them.

Grants go to a user (the case manager asked for a hand-off, the assigned case manager, an outreach
specialist assigned to find the participant) or to an agency's principal group (the referring
agency, the prosecuting office holding a pre-booking file, the case manager's provider). Guardian's
grants send no signal, so each grant is written to the access log here.

Selectors scope by the fields that decide who sees a record wherever those are the truth (the
referral's agency, the case's provider: docs/access.md, "Object level"); a grant is read only
where it is the truth itself, through `user_holds`, an EXISTS on guardian's table. Never by
listing the ids a user holds: at a large site that list is tens of thousands of ids long."""

from django.contrib.auth.models import Group
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm

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


def user_holds(user, perm: str) -> Exists:
    """Whether `user` personally (not through a group, never a model-wide permission) holds
    `perm` on the row of the outer query: `Case.objects.filter(user_holds(user, ENGAGE_CASE))`.
    Use it on the permission's own model: guardian files a grant under the object's content
    type, which is the permission's. Guardian keeps the object's key as text, hence the cast."""
    app_label, codename = perm.split(".")
    return Exists(
        UserObjectPermission.objects.filter(
            user=user,
            permission__codename=codename,
            permission__content_type__app_label=app_label,
            object_pk=Cast(OuterRef("pk"), CharField()),
        )
    )


def revoke(perm: str, *, of, obj, by) -> None:
    """Take `perm` on `obj` back from the user `of`, and log it."""
    remove_perm(perm, of, obj)
    access_event_record(
        kind=AccessEvent.Kind.PERMISSION_CHANGE, user=by, obj=obj, detail=f"revoked {perm} from user {of}"
    )
