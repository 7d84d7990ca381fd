"""What the access log says of the OWG meetings its lines are about (lead/audit/records.py): the
meeting's day and time in the site's time zone and its place, linked to its page where the
reader may open it, in one query. Registered by OwgConfig.ready."""

from collections.abc import Collection

from django.urls import reverse
from django.utils import timezone

from lead import access
from lead.audit import records
from lead.audit.records import Described
from owg.models import Meeting


def meetings_described(user, object_ids: Collection[str]) -> dict[str, Described]:
    ids = records.uuids(object_ids)
    rows = Meeting.objects.filter(public_id__in=ids).values_list("public_id", "starts_at", "place")
    linked = access.allows(user, "owg:meeting")
    return {
        ids[public_id]: Described(
            f"OWG meeting {timezone.localtime(starts_at):%Y-%m-%d %H:%M}{f', {place}' if place else ''}",
            reverse("owg:meeting", kwargs={"public_id": public_id}) if linked else "",
        )
        for public_id, starts_at, place in rows
    }


records.register("owg.meeting", meetings_described)
