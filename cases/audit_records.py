"""What the access log says of the participants, referrals and cases its lines are about, and
which lines a "Person" search means (lead/audit/records.py). Each description is one query.
Registered by CasesConfig.ready.

The log is the project director's, who reads participants' names (docs/access-policy.md); whoever
else might read a line reads the case reference only. A record's page is linked where the access
map lets the reader open it."""

from collections.abc import Collection

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Coverage, OnCallShift, Participant, Referral, ReleaseOfInformation
from cases.notification_kinds import reads_names, words
from cases.selectors import name_key
from lead import access
from lead.audit import records
from lead.audit.records import Described

PARTICIPANT = "cases.participant"
REFERRAL = "cases.referral"
CASE = "cases.case"
# "L-2026-0042" as typed: the letter, the year, the number (Referral.reference).
REFERENCE_MAX = 16


def _link(user, view_name: str, public_id) -> str:
    return reverse(view_name, kwargs={"public_id": public_id}) if access.allows(user, view_name) else ""


def _described(user, rows, view_name: str | None) -> dict[str, Described]:
    """rows: (object id, public id, first name, last name, reference)."""
    names = reads_names(user)
    return {
        object_id: Described(
            words(f"{first} {last}" if names else "", reference),
            _link(user, view_name, public_id) if view_name else "",
        )
        for object_id, public_id, first, last, reference in rows
    }


def participants_described(user, object_ids: Collection[str]) -> dict[str, Described]:
    ids = records.uuids(object_ids)
    rows = Participant.objects.filter(public_id__in=ids).values_list("public_id", "first_name", "last_name")
    names = reads_names(user)
    return {
        ids[public_id]: Described(f"{first} {last}" if names else "a participant") for public_id, first, last in rows
    }


def referrals_described(user, object_ids: Collection[str]) -> dict[str, Described]:
    ids = records.uuids(object_ids)
    rows = Referral.objects.filter(public_id__in=ids).values_list(
        "public_id", "participant__first_name", "participant__last_name", "reference"
    )
    return _described(user, ((ids[row[0]], *row) for row in rows), "cases:referral-detail")


def cases_described(user, object_ids: Collection[str]) -> dict[str, Described]:
    ids = records.uuids(object_ids)
    rows = Case.objects.filter(public_id__in=ids).values_list(
        "public_id", "participant__first_name", "participant__last_name", "referral__reference"
    )
    return _described(user, ((ids[row[0]], *row) for row in rows), "cases:case-detail")


def releases_described(user, object_ids: Collection[str]) -> dict[str, Described]:
    """A release of information: whose (by name for a reader of names) and the case reference,
    linked to the case's page."""
    ids = records.uuids(object_ids)
    rows = ReleaseOfInformation.objects.filter(public_id__in=ids).values_list(
        "public_id",
        "case__public_id",
        "case__participant__first_name",
        "case__participant__last_name",
        "case__referral__reference",
        "signed_on",
    )
    names = reads_names(user)
    return {
        ids[public_id]: Described(
            words(f"Release of information signed {signed_on:%Y-%m-%d}", f"{first} {last}" if names else "", reference),
            _link(user, "cases:case-detail", case_id),
        )
        for public_id, case_id, first, last, reference, signed_on in rows
    }


def _person(first: str, last: str, username: str) -> str:
    return " ".join(filter(None, [first, last])) or username


def coverages_described(user, object_ids: Collection[str]) -> dict[str, Described]:
    """A coverage: who covers whose caseload, from when to when (staff names: no participant)."""
    ids = records.uuids(object_ids)
    rows = Coverage.objects.filter(public_id__in=ids).values_list(
        "public_id",
        "covering__first_name",
        "covering__last_name",
        "covering__username",
        "covered__first_name",
        "covered__last_name",
        "covered__username",
        "starts_at",
        "ends_at",
    )
    linked = reverse("cases:coverage-list") if access.allows(user, "cases:coverage-list") else ""
    return {
        ids[public_id]: Described(
            f"Coverage of {_person(cd_first, cd_last, cd_user)}'s caseload by {_person(cg_first, cg_last, cg_user)}, "
            f"{timezone.localtime(starts_at):%Y-%m-%d %H:%M} to {timezone.localtime(ends_at):%Y-%m-%d %H:%M}",
            linked,
        )
        for public_id, cg_first, cg_last, cg_user, cd_first, cd_last, cd_user, starts_at, ends_at in rows
    }


def shifts_described(user, object_ids: Collection[str]) -> dict[str, Described]:
    """An on-call shift (logged by its number): whose and when."""
    pks = {int(object_id): object_id for object_id in object_ids if object_id.isascii() and object_id.isdigit()}
    rows = OnCallShift.objects.filter(pk__in=pks).values_list(
        "pk", "case_manager__first_name", "case_manager__last_name", "case_manager__username", "starts_at"
    )
    return {
        pks[pk]: Described(
            f"On-call shift of {_person(first, last, username)} from {timezone.localtime(starts):%Y-%m-%d %H:%M}"
        )
        for pk, first, last, username, starts in rows
    }


def _reference(term: str) -> str:
    term = term.strip().upper()
    return term if 0 < len(term) <= REFERENCE_MAX else ""


def referrals_named(term: str) -> list[str]:
    reference = _reference(term)
    if not reference:
        return []
    return [
        str(public_id) for public_id in Referral.objects.filter(reference=reference).values_list("public_id", flat=True)
    ]


def cases_named(term: str) -> list[str]:
    reference = _reference(term)
    if not reference:
        return []
    return [
        str(public_id)
        for public_id in Case.objects.filter(referral__reference=reference).values_list("public_id", flat=True)
    ]


def _participants_named(term: str) -> Q | None:
    """The participants a typed case reference or name means: "L-2026-0042", "Lopez",
    "Maria Lopez" or "Lopez, Maria" (legal names and aliases, through the name keys' index)."""
    if reference := _reference(term):
        by_reference = Q(referrals__reference=reference)
    else:
        by_reference = Q(pk__in=[])
    if "," in term:
        last, _, first = term.partition(",")
        keys = [(name_key(last), name_key(first))]
    else:
        parts = name_key(term).split()
        if not parts:
            return by_reference
        keys = [(parts[-1], " ".join(parts[:-1]))]
        if len(parts) > 1:
            keys.append((" ".join(parts[1:]), parts[0]))  # "Lopez Maria", as a list prints it
    by_name = Q(pk__in=[])
    for last, first in keys:
        if last:
            by_name |= Q(names__last_key=last, **({"names__first_key": first} if first else {}))
    return by_reference | by_name


def people_named(term: str) -> dict[str, list[str]]:
    """The participants a name or case reference means, their referrals and their cases."""
    query = _participants_named(term)
    if query is None:
        return {}
    people = list(
        Participant.objects.filter(query).order_by().values_list("pk", "public_id").distinct()[: records.PEOPLE_MAX]
    )
    if not people:
        return {}
    pks = [pk for pk, _ in people]
    referrals = Referral.objects.filter(participant__in=pks).values_list("public_id", flat=True)
    cases = Case.objects.filter(participant__in=pks).values_list("public_id", flat=True)
    return {
        PARTICIPANT: [str(public_id) for _, public_id in people],
        REFERRAL: [str(public_id) for public_id in referrals],
        CASE: [str(public_id) for public_id in cases],
    }


records.register(PARTICIPANT, participants_described)
records.register(REFERRAL, referrals_described, find=referrals_named)
records.register(CASE, cases_described, find=cases_named)
records.register("cases.releaseofinformation", releases_described)
records.register("cases.coverage", coverages_described)
records.register("cases.oncallshift", shifts_described)
records.register_people(people_named)
