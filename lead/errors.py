"""The answer to an error no view handled (`handler500` in lead/urls.py): 503 while the database
cannot be reached, so that users and load balancers know to come back, the usual 500 otherwise."""

import sqlite3
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

# A PostgreSQL restart or fail-over takes seconds; half a minute spares it a crowd of retries.
RETRY_AFTER_SECONDS = 30
# The server is shutting down (57P01 admin_shutdown, 57P02 crash_shutdown) or not yet accepting
# connections (57P03 cannot_connect_now).
SHUTDOWN_SQLSTATES = {"57P01", "57P02", "57P03"}
SQLITE_UNAVAILABLE = {"database is locked", "unable to open database file"}


def server_error(request):
    if not database_unreachable(sys.exc_info()[1]):
        return defaults.server_error(request)
    # Rendered without the request: its context processors read the database.
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def database_unreachable(error: BaseException | None) -> bool:
    """The connection failed, not the query: the driver's error has no SQLSTATE (it could not
    connect, or lost the connection), or one of class 08 (connection exception) or of a shutdown."""
    if not isinstance(error, InterfaceError | OperationalError):
        return False
    if isinstance(error.__cause__, sqlite3.Error):
        # SQLite (the demo) has no SQLSTATE: only a busy or missing file is "come back later";
        # "no such table" and the like are the site's own faults.
        return str(error.__cause__) in SQLITE_UNAVAILABLE
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith("08") or sqlstate in SHUTDOWN_SQLSTATES
