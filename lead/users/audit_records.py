"""What the access log says of the user accounts and access requests its lines are about
(lead/audit/records.py): the person's name and username; what a request asks for whom. One query
each. Registered by UsersConfig.ready."""

from collections.abc import Collection

from lead.audit import records
from lead.audit.records import Described
from lead.users.models import AccessRequest, User


def users_described(user, object_ids: Collection[str]) -> dict[str, Described]:
    ids = records.uuids(object_ids)
    rows = User.objects.filter(public_id__in=ids).values_list("public_id", "first_name", "last_name", "username")
    return {
        ids[public_id]: Described(f"User {' '.join(filter(None, [first, last])) or username} ({username})")
        for public_id, first, last, username in rows
    }


def access_requests_described(user, object_ids: Collection[str]) -> dict[str, Described]:
    ids = records.uuids(object_ids)
    rows = AccessRequest.objects.filter(public_id__in=ids).values_list(
        "public_id", "kind", "user__first_name", "user__last_name", "user__username"
    )
    return {
        ids[public_id]: Described(
            f"Access request “{AccessRequest.Kind(kind).label}” for {' '.join(filter(None, [first, last])) or username}"
            f" ({username})"
        )
        for public_id, kind, first, last, username in rows
    }


records.register("users.user", users_described)
records.register("users.accessrequest", access_requests_described)
