"""Stale saves: the one optimistic lock of every edit page that two people may have open at once.

A record edited from such a page derives from `Revisioned`: its `revision` counts the saves made
through those pages. The page's form (`lead.forms.RevisionedForm`) carries the revision it was
opened at; the service, with the row locked (`select_for_update`), calls `revise(record, seen)`,
which refuses with `Conflict` when someone saved since, and otherwise counts this save. The
view shows the refusal, the record as it is now and what was typed (`lead.forms.refusal_shown`,
`RevisionedForm.carry_revision`): saving again, having seen the other version, goes through.

Why a counter on the row, not the latest history row's id: it is read with the row itself (no
query of the history table), it changes only when an edit page's save does, and it does not
depend on every write going through simple-history (`QuerySet.update()` records nothing)."""

from collections.abc import Callable

from django.db import models

from lead.services import STALE, Conflict


class Revisioned(models.Model):
    # A new record is revision 1; each save through an edit page adds one (`revise`).
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


def revise(record: Revisioned, seen: int, *, stale: str | Callable[[], str] = STALE) -> None:
    """Refuse the save when `record` changed since the page showed revision `seen`; otherwise
    count it: the caller's save of `record` stores the next revision.

    `record` must be locked by the caller (`select_for_update`) so that two saves at the same
    instant cannot both pass. A record not saved yet counts as revision 0: the page was opened
    before it existed. `stale` is the page's own wording of the refusal where it says more; a
    function when the wording is worked out only on refusal (the fields changed since)."""
    current = record.revision if record.pk else 0
    if current != seen:
        raise Conflict(stale() if callable(stale) else stale)
    record.revision = current + 1
