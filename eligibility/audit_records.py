"""What the access log says of the screenings its lines are about (lead/audit/records.py): the
report number, linked to the screening's page where the reader may open it, in one query; and the
screenings a typed report number names, for the log's "Record" filter. A screening names no
person. Registered by EligibilityConfig.ready."""

from collections.abc import Collection

from django.urls import reverse

from eligibility.models import CriteriaSet, CriteriaVersion, Screening
from lead import access
from lead.audit import records
from lead.audit.records import Described

REPORT_NUMBER_MAX = Screening._meta.get_field("report_number").max_length


def screenings_described(user, object_ids: Collection[str]) -> dict[str, Described]:
    ids = records.uuids(object_ids)
    rows = Screening.objects.filter(public_id__in=ids).values_list("public_id", "report_number")
    linked = access.allows(user, "eligibility:screening-detail")
    return {
        ids[public_id]: Described(
            f"Screening, report {report}",
            reverse("eligibility:screening-detail", kwargs={"public_id": public_id}) if linked else "",
        )
        for public_id, report in rows
    }


def screenings_numbered(term: str) -> list[str]:
    """Screenings whose report number is `term` (the report number's index)."""
    term = term.strip()
    if not term or len(term) > REPORT_NUMBER_MAX:
        return []
    return [str(p) for p in Screening.objects.filter(report_number=term).values_list("public_id", flat=True)[:100]]


def criteria_sets_described(user, object_ids: Collection[str]) -> dict[str, Described]:
    """A set of eligibility criteria, logged by its slug."""
    rows = CriteriaSet.objects.filter(slug__in=list(object_ids)).values_list("slug", "name")
    return {slug: Described(f"Eligibility criteria “{name}”") for slug, name in rows}


def criteria_versions_described(user, object_ids: Collection[str]) -> dict[str, Described]:
    """A version of a set of criteria, logged as "<slug> v<number>" (eligibility.views._version)."""
    wanted = {}
    for object_id in object_ids:
        slug, _, number = object_id.rpartition(" v")
        if slug and number.isascii() and number.isdigit() and len(number) < 6:
            wanted[(slug, int(number))] = object_id
    if not wanted:
        return {}
    rows = CriteriaVersion.objects.filter(
        criteria_set__slug__in={slug for slug, _ in wanted}, number__in={number for _, number in wanted}
    ).values_list("criteria_set__slug", "criteria_set__name", "number")
    linked = access.allows(user, "eligibility:criteria-version")
    return {
        wanted[(slug, number)]: Described(
            f"Eligibility criteria “{name}”, version {number}",
            reverse("eligibility:criteria-version", kwargs={"slug": slug, "number": number}) if linked else "",
        )
        for slug, name, number in rows
        if (slug, number) in wanted
    }


records.register("eligibility.screening", screenings_described, find=screenings_numbered)
records.register("eligibility.criteriaset", criteria_sets_described)
records.register("eligibility.criteriaversion", criteria_versions_described)
