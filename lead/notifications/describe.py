"""What a notification is about, said to its recipient within what they may see now.

A notification keeps only a pointer to its subject (`about_kind`, `about_id`: see the model).
The app owning a kind of object registers here, from its AppConfig.ready (the foundation imports
no domain app), how to describe objects of that kind:

- `describe(user, public_ids)`: {public_id: words} for the objects among `public_ids` that `user`
  may see now, through the kind's one scoped lookup (`visible_to(user).filter(public_id__in=...)`),
  in ONE query, saying only what the user's role may read of them ("Maria Lopez, L-2026-0042" for
  a case manager, "Report 26-00123, L-2026-0042" for an officer). What the lookup does not find
  is not described: the notification shows its generic subject only.
- `reference(public_ids)`, optional: {public_id: the case reference}, for the e-mail. A reference
  ("L-2026-0042") names no person, charge or clinical fact; it lets the recipient, who was
  notified because they work on the record, tell which record the e-mail is about and read it
  over the phone. The e-mail carries nothing else of the record (lead/notifications/services.py).

A page describes its notifications with `describe_all`: one query per kind present on the page,
however many notifications it shows.
"""

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class AboutKind:
    describe: Callable[..., dict[UUID, str]]
    reference: Callable[[Collection[UUID]], dict[UUID, str]] | None = None


KINDS: dict[str, AboutKind] = {}
# The kind `notify(about=obj)` means for an object of each model (a case is a "case", unless the
# caller says "engaged_case").
MODEL_KINDS: dict[type, str] = {}


def register(
    kind: str,
    describe: Callable[..., dict[UUID, str]],
    *,
    model: type | None = None,
    reference: Callable[[Collection[UUID]], dict[UUID, str]] | None = None,
) -> None:
    if kind in KINDS:
        raise ImproperlyConfigured(f"notifications about {kind!r} have two descriptions")
    KINDS[kind] = AboutKind(describe=describe, reference=reference)
    if model is not None:
        if model in MODEL_KINDS:
            raise ImproperlyConfigured(f"{model.__name__} already means notifications about {MODEL_KINDS[model]!r}")
        MODEL_KINDS[model] = kind


def kind_of(obj) -> str:
    """The kind `notify(about=obj)` records for `obj`."""
    try:
        return MODEL_KINDS[type(obj)]
    except KeyError:
        raise ImproperlyConfigured(
            f"no notification kind is registered for {type(obj).__name__}: name it with about_kind="
        ) from None


def describe_all(user, notifications: Iterable) -> None:
    """Set `about_text` on each notification: what `user` may see now of what it is about, or ""
    (the generic subject alone). One query per kind present among them."""
    notifications = list(notifications)
    wanted: dict[str, set[UUID]] = defaultdict(set)
    for notification in notifications:
        if notification.about_kind in KINDS and notification.about_id is not None:
            wanted[notification.about_kind].add(notification.about_id)
    texts = {kind: KINDS[kind].describe(user, ids) for kind, ids in wanted.items()}
    for notification in notifications:
        notification.about_text = texts.get(notification.about_kind, {}).get(notification.about_id, "")


def references(pointers: Iterable[tuple[str, UUID | None]]) -> dict[tuple[str, UUID], str]:
    """{(kind, public_id): reference} for the pointers whose kind has references: one query per
    kind present."""
    wanted: dict[str, set[UUID]] = defaultdict(set)
    for kind, public_id in pointers:
        registered = KINDS.get(kind)
        if registered is not None and registered.reference is not None and public_id is not None:
            wanted[kind].add(public_id)
    found = {}
    for kind, ids in wanted.items():
        reference = KINDS[kind].reference
        assert reference is not None
        found.update({(kind, public_id): text for public_id, text in reference(ids).items() if text})
    return found
