"""What every app's services share: the one way they refuse (`Conflict`) and naming the acting
user in a record's history.

A service refuses what a person can act on (the record changed since the page was opened, the
case is closed, a date is out of order) by raising `Conflict` with the reason in their words;
views show it (`lead.forms.refusal_shown`). Anything else a service raises is a programming
error (a caller's bug: a wrong argument, a broken invariant) and no view catches it: it surfaces
as a server error and in the logs, never as a message. Stale saves: `lead.locking`."""


class Conflict(Exception):
    """The record changed since the page was loaded, or the action is not possible now; the
    message says what happened, in words for the person who tried. `field` names the form field
    the refusal is about, when it is about one (shown next to it rather than at the top)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def acting(record, user):
    """Name `user` in the history row that saving `record` writes, also outside a request
    (management commands, Celery tasks), where simple-history's middleware cannot know it."""
    record._history_user = user
    return record


STALE = "Someone else saved this after you opened the page. Their version is shown now; your changes are kept in the form: check them and save again."


def rows_sync(rows, key: str, wanted: dict, make, *, by) -> None:
    """Make `rows` (one record's rows of a list: a meeting's attendance, a session's) hold exactly
    one row per key of `wanted` ({key value: object}): rows for other keys are deleted, missing
    ones added with `make(object)`, each with `by` in its history."""
    for row in rows.exclude(**{f"{key}__in": list(wanted)}):
        acting(row, by).delete()
    already = set(rows.values_list(key, flat=True))
    for value, obj in wanted.items():
        if value not in already:
            acting(make(obj), by).save()
