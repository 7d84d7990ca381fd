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
