"""How the access log names the records its lines are about, and finds the lines about a person.

A line keeps only a pointer to its record (`object_type` "cases.case", `object_id` its public id),
because the log must outlive the record and say nothing of it by itself. The app owning a type of
record registers here, from its AppConfig.ready (the foundation imports no domain app):

- `describe(user, object_ids)`: {object_id: Described} for the records among `object_ids` that
  still exist, in ONE query, saying what `user` may read of them ("Maria Lopez, L-2026-0042" for
  the project director, who reads participants' names: docs/access-policy.md), with the address
  of the record's page when the user may open it. What it does not find keeps the type and id.
- `find(term)`, optional: the object ids of this type a typed reference names (a case reference
  "L-2026-0042", a report number), for the log's "Record" filter.

and, once per app that keeps people, `register_people(find)`: for a typed name or case
reference, {object_type: object ids} of the records about the people it names (a participant,
their referrals and cases), for the log's "Person" filter. Each finder is bounded: a search for
"Smith" names at most `PEOPLE_MAX` people.

A page describes its lines with `describe_events`: one query per type present on the page,
however many lines it shows."""

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

# The most people one "Person" search stands for: enough for every Maria Lopez of a program,
# few enough that the log's query stays a handful of index lookups.
PEOPLE_MAX = 50


@dataclass(frozen=True)
class Described:
    text: str
    url: str = ""


@dataclass(frozen=True)
class RecordType:
    describe: Callable[..., dict[str, Described]]
    find: Callable[[str], Collection[str]] | None = None


TYPES: dict[str, RecordType] = {}
PEOPLE: list[Callable[[str], dict[str, Collection[str]]]] = []


def register(
    object_type: str,
    describe: Callable[..., dict[str, Described]],
    *,
    find: Callable[[str], Collection[str]] | None = None,
) -> None:
    if object_type in TYPES:
        raise ImproperlyConfigured(f"access log records of type {object_type!r} have two descriptions")
    TYPES[object_type] = RecordType(describe=describe, find=find)


def register_people(find: Callable[[str], dict[str, Collection[str]]]) -> None:
    PEOPLE.append(find)


def uuids(object_ids: Iterable[str]) -> dict[UUID, str]:
    """{UUID: the object id as logged} for the ids that are UUIDs (a logged id may be anything a
    request carried: "slug v3", a truncated path)."""
    found = {}
    for object_id in object_ids:
        try:
            found[UUID(object_id)] = object_id
        except ValueError:
            continue
    return found


def by_public_id(model, view_name: str, fields: list[str], text: Callable[..., str], *, allows: Callable):
    """The `describe` of a model whose log lines carry its public id and whose description names
    no participant: `text(*fields)`, linked to the page `view_name` (kwarg public_id) where
    `allows(user, view_name)` (the access map's lead.access.allows, handed in: the audit log sits
    below the access map). One query."""

    def describe(user, object_ids: Collection[str]) -> dict[str, Described]:
        ids = uuids(object_ids)
        linked = allows(user, view_name)
        return {
            ids[public_id]: Described(
                text(*values), reverse(view_name, kwargs={"public_id": public_id}) if linked else ""
            )
            for public_id, *values in model.objects.filter(public_id__in=ids).values_list("public_id", *fields)
        }

    return describe


def fallback(event) -> Described:
    """A record the registry does not know, or that is gone: its type and id, as logged."""
    return Described(f"{event.object_type} {event.object_id}".strip())


def describe_events(user, events: Iterable) -> None:
    """Set `record` on each event: a Described, or None for a line about no record. One query
    per registered type present among the events."""
    events = list(events)
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.object_type in TYPES and event.object_id:
            wanted[event.object_type].add(event.object_id)
    found = {object_type: TYPES[object_type].describe(user, ids) for object_type, ids in wanted.items()}
    for event in events:
        if not (event.object_type or event.object_id):
            event.record = None
        else:
            event.record = found.get(event.object_type, {}).get(event.object_id) or fallback(event)


def record_ids(term: str) -> dict[str, set[str]]:
    """{object_type: object ids} a typed reference names, through each type's `find`."""
    found: dict[str, set[str]] = defaultdict(set)
    for object_type, registered in TYPES.items():
        if registered.find is not None:
            found[object_type].update(registered.find(term))
    return {object_type: ids for object_type, ids in found.items() if ids}


def person_ids(term: str) -> dict[str, set[str]]:
    """{object_type: object ids} of the records about the people a typed name or reference names."""
    found: dict[str, set[str]] = defaultdict(set)
    for find in PEOPLE:
        for object_type, ids in find(term).items():
            found[object_type].update(ids)
    return {object_type: ids for object_type, ids in found.items() if ids}
