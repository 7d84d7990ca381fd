"""Object permissions (django-guardian) for referrals and cases, and the one way to read them.

A grant records what no field does, one person and one object at a time: the case managers asked
for a hand-off and the one who took it (`VIEW_REFERRAL`), an outreach specialist assigned to find
the participant (`ENGAGE_CASE`). Guardian's grants send no signal, so each grant is written to the
access log here.

Everything else is scoped by the fields that decide who sees a record (the referral's agency and
its prosecuting office, the case's provider: docs/access.md, "Object level"), so nothing is
granted to agencies or for cases a case manager opens. A grant is read only through
`user_holds`, an EXISTS on guardian's table; never by listing the ids a user holds: at a large
site that list is tens of thousands of ids long."""

from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm

from lead.audit.models import AccessEvent
from lead.audit.services import access_event_record

VIEW_REFERRAL = "cases.view_referral"
# An outreach specialist assigned to find the participant (outreach.Assignment).
ENGAGE_CASE = "cases.engage_case"


def grant(perm: str, *, to, obj, by) -> None:
    """Give the user `to` `perm` on `obj`, and log it."""
    assign_perm(perm, to, obj)
    access_event_record(
        kind=AccessEvent.Kind.PERMISSION_CHANGE, user=by, obj=obj, detail=f"granted {perm} to user {to}"
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
