"""Separation of duties (access-policy.md): the site administrator manages accounts, but a change
that widens what an account may see of case content takes a second person.

What needs approval (an `AccessRequest`, decided by the project director or another
administrator, never by whoever asked nor by the account it is about):
- granting a role that sees case content, or the site administrator role (else a "puppet"
  administrator could approve its maker's requests);
- making anyone a supervisor (supervisors read every clinical record of their provider);
- moving an account that holds a case-content role to another agency (a case manager's agency
  decides which provider's cases they see);
- re-enabling a disabled account that holds a privileged role;
- resetting the password or the two-factor sign-in of an account that holds a privileged role.

Credentials: an administrator who could sign in as a case manager would not need the role
for themselves. So
- a password reset of a privileged account, once approved, sets a temporary password that only
  the approver sees (shown once, to hand to the user); the user's two-factor device stays,
  so the approver alone cannot sign in either;
- a two-factor reset, once approved, removes the devices; the user's own password stays;
- when an approval gives an account its first privileged role, its credentials are issued
  afresh the same way (new temporary password to the approver, every two-factor device and
  session gone): whatever password, authenticator or recovery codes the administrator may have
  set up on the account before, none of it works afterwards;
- a site administrator never holds a case-content role at the same time (refused here and in
  the user form; `User.roles` drops them should the groups ever be combined).
Resets of other accounts are the administrator's alone; they force a new password at the next
sign-in and tell the user.
"""

import secrets
from datetime import datetime

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from lead.audit.models import AccessEvent
from lead.audit.services import access_event_record
from lead.notifications.services import notify
from lead.roles import CASE_CONTENT_ROLES, PRIVILEGED_ROLES, Role
from lead.services import Conflict
from lead.users.models import AccessRequest, User

Kind = AccessRequest.Kind
Status = AccessRequest.Status
INCOMPATIBLE = "A site administrator cannot also hold a role that sees case content (separation of duties)."


def is_privileged(user: User) -> bool:
    """Whether the account holds (active or not) a role whose grant needs a second person."""
    return bool(user.held_roles() & PRIVILEGED_ROLES)


def compatible(roles) -> bool:
    """The one rule: a site administrator never also holds a role that sees case content (the
    admin's form asks it to refuse the choice, the services to refuse the change)."""
    roles = frozenset(roles)
    return not (Role.SITE_ADMIN in roles and roles & CASE_CONTENT_ROLES)


def check_compatible(roles) -> None:
    if not compatible(roles):
        raise Conflict(INCOMPATIBLE, field="groups")


def may_decide(decider: User, access_request: AccessRequest) -> bool:
    """The project director or another site administrator: not whoever asked, not the account itself."""
    return (
        decider.is_active
        and bool(decider.roles & {Role.DIRECTOR, Role.SITE_ADMIN})
        and decider.pk not in {access_request.requested_by_id, access_request.user_id}
    )


def access_requests_visible_to(user):
    """Every request, for those who decide them: the project director and the administrators."""
    requests = AccessRequest.objects.select_related("user__agency", "requested_by", "agency")
    return requests if user.roles & {Role.DIRECTOR, Role.SITE_ADMIN} else requests.none()


def pending_requests():
    return AccessRequest.objects.filter(status=Status.PENDING).select_related("user__agency", "requested_by", "agency")


@transaction.atomic
def access_request_file(
    *, user: User, kind: str, by: User, now: datetime, role: str = "", agency=None, http_request=None
) -> AccessRequest:
    """Ask for a change; the same open request asked again is returned, not duplicated."""
    if kind == Kind.ROLE:
        check_compatible(user.held_roles() | {Role(role)})
    existing = pending_requests().filter(user=user, kind=kind, role=role).first()
    if existing is not None:
        if kind == Kind.AGENCY and existing.agency_id != getattr(agency, "pk", None):
            existing.agency = agency  # the latest destination asked for is the one to decide on
            existing._history_user = by
            existing.save(update_fields=["agency"])
        return existing
    access_request = AccessRequest(user=user, kind=kind, role=role, agency=agency, requested_by=by, requested_at=now)
    access_request.full_clean(validate_constraints=False)
    access_request._history_user = by
    access_request.save()
    access_event_record(
        request=http_request,
        user=by,
        kind=AccessEvent.Kind.ACCESS_REQUESTED,
        obj=user,
        detail=f"{access_request.describe()} for {user.username}, asked by {by.username}",
    )
    _tell_deciders(access_request)
    return access_request


def _tell_deciders(access_request: AccessRequest) -> None:
    directors = User.objects.filter(is_active=True, groups__name=Role.DIRECTOR.label).exclude(pk=access_request.user_id)
    for director in directors:
        notify(
            user=director,
            subject="An account change waits for your approval",
            body=f"{access_request.describe()} for {access_request.user.username}.",
            url=reverse("accounts:request-decide", args=[access_request.public_id]),
            key=f"access-request:{access_request.public_id}",
        )


@transaction.atomic
def access_request_approve(*, access_request: AccessRequest, by: User, now: datetime, http_request=None) -> str:
    """Apply the change. Returns the temporary password issued, for the approver's eyes only, or ""."""
    access_request = _locked_for_decision(access_request, by)
    user = User.objects.select_for_update().get(pk=access_request.user_id)
    password = _apply(access_request, user, by=by, now=now)
    _decide(access_request, Status.APPROVED, by=by, now=now, http_request=http_request)
    return password


def _apply(access_request: AccessRequest, user: User, *, by: User, now: datetime) -> str:
    user._history_user = by
    kind = access_request.kind
    if kind == Kind.ROLE:
        role = Role(access_request.role)
        check_compatible(user.held_roles() | {role})
        first_privileged = not is_privileged(user)
        user.groups.add(Group.objects.get(name=role.label))
        _refresh_roles(user)
        if first_privileged:
            _devices_remove(user)
            return _temporary_password_set(user)
    elif kind == Kind.SUPERVISOR:
        user.is_supervisor = True
        user.save(update_fields=["is_supervisor"])
    elif kind == Kind.AGENCY:
        user.agency = access_request.agency
        user.save(update_fields=["agency"])
    elif kind == Kind.REACTIVATE:
        user.is_active = True
        user.reactivated_at = now
        user.save(update_fields=["is_active", "reactivated_at"])
    elif kind == Kind.PASSWORD:
        password = _temporary_password_set(user)
        _tell_password_reset(user, now)
        return password
    elif kind == Kind.TWO_FACTOR:
        _devices_remove(user)
        _tell_two_factor_reset(user, now)
    return ""


def _locked_for_decision(access_request: AccessRequest, by: User) -> AccessRequest:
    """The request, locked, once it is known to be still open and `by` may decide it."""
    access_request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if access_request.status != Status.PENDING:
        raise Conflict("This request has already been decided.")
    if not may_decide(by, access_request):
        raise PermissionDenied("only the project director or another administrator may decide")
    return access_request


def _refresh_roles(user: User) -> None:
    user.__dict__.pop("roles", None)


@transaction.atomic
def access_request_reject(*, access_request: AccessRequest, by: User, now: datetime, http_request=None) -> None:
    access_request = _locked_for_decision(access_request, by)
    _decide(access_request, Status.REJECTED, by=by, now=now, http_request=http_request)


def _decide(access_request: AccessRequest, status: str, *, by: User, now: datetime, http_request) -> None:
    access_request.status = status
    access_request.decided_by = by
    access_request.decided_at = now
    access_request._history_user = by
    access_request.save(update_fields=["status", "decided_by", "decided_at"])
    verb = "approved" if status == Status.APPROVED else "rejected"
    access_event_record(
        request=http_request,
        user=by,
        obj=access_request.user,
        kind=AccessEvent.Kind.ACCESS_APPROVED if status == Status.APPROVED else AccessEvent.Kind.ACCESS_REJECTED,
        detail=(
            f"{access_request.describe()} for {access_request.user.username}: "
            f"asked by {access_request.requested_by.username}, {verb} by {by.username}"
        ),
    )


def _temporary_password_set(user: User) -> str:
    """A new random password the user must change at their next sign-in. Changing the password
    also ends every session of the account (Django checks the session's password hash)."""
    password = "-".join(secrets.token_hex(3) for _ in range(4))  # 27 characters, easy to read out
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    return password


def _devices_remove(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


# Resets the administrator may do alone: accounts that hold no privileged role.


@transaction.atomic
def password_reset_by_admin(*, user: User, by: User, now: datetime, http_request=None) -> None:
    """After the admin's form has set the password: make the user choose their own, tell them, log it."""
    if is_privileged(user):
        raise PermissionDenied("a privileged account's password is reset through an approved request")
    user.must_change_password = True
    user._history_user = by
    user.save(update_fields=["must_change_password"])
    access_event_record(
        request=http_request,
        user=by,
        kind=AccessEvent.Kind.PASSWORD_RESET,
        obj=user,
        detail=f"password of {user.username} reset by {by.username}",
    )
    _tell_password_reset(user, now)


@transaction.atomic
def two_factor_reset_by_admin(*, user: User, by: User, now: datetime, http_request=None) -> None:
    if is_privileged(user):
        raise PermissionDenied("a privileged account's two-factor sign-in is reset through an approved request")
    _devices_remove(user)
    access_event_record(
        request=http_request,
        user=by,
        kind=AccessEvent.Kind.TWO_FACTOR_RESET,
        obj=user,
        detail=f"two-factor devices of {user.username} removed by {by.username}",
    )
    _tell_two_factor_reset(user, now)


def _tell_password_reset(user: User, now: datetime) -> None:
    notify(
        user=user,
        subject="Your password was reset by an administrator",
        body="You will be asked to choose a new password when you next sign in. "
        "If you did not ask for this, tell your supervisor or the project director.",
        url="/accounts/",
        key=f"password-reset:{now.isoformat()}",
    )


def _tell_two_factor_reset(user: User, now: datetime) -> None:
    notify(
        user=user,
        subject="Your two-factor sign-in was reset by an administrator",
        body="Set up your authenticator app again at your next sign-in. "
        "If you did not ask for this, tell your supervisor or the project director.",
        url="/accounts/",
        key=f"two-factor-reset:{now.isoformat()}",
    )
