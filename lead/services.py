"""What every app's services share: the refusal of a change made from a stale page or in the
wrong state, and naming the acting user in a record's history."""


class Conflict(Exception):
    """The record changed since the page was loaded, or the action is not possible now; the
    message says what happened, in words for the person who tried."""


def acting(record, user):
    """Name `user` in the history row that saving `record` writes, also outside a request
    (management commands, Celery tasks), where simple-history's middleware cannot know it."""
    record._history_user = user
    return record


STALE = "Someone else saved this after you opened the page. Their version is shown now; your changes are kept in the form: check them and save again."


def version_of(record) -> int:
    """The id of the record's latest history row. A form carries it, and `check_version` refuses
    a save made from a page opened before someone else's (no lost updates, no schema change)."""
    return record.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0


def check_version(record, version: int | None) -> None:
    """Refuse the save when `record` (locked by the caller) changed since `version` was read."""
    if version is not None and version_of(record) != version:
        raise Conflict(STALE)
