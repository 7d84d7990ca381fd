"""The SQL the report's figures need beyond Django's own expressions, for PostgreSQL (the site's
database) and SQLite (the demo's), written here and nowhere else:

- `Median`: PostgreSQL's `percentile_cont(0.5)`; on SQLite an aggregate function written in
  Python (`lead_median`, registered on each new connection by `register_sqlite_functions`), the
  same value (`statistics.median`: the mean of the middle two of an even count).
- `Seconds`: the seconds of a duration, a difference of two datetimes or dates.
- `json_elements`: a FROM-clause item giving one row (`e.value`) per element of a JSON array
  column, for counting reasons in SQL; `race_group`: a screening's race group.
"""

import statistics

from django.db.models import Aggregate, FloatField, Func


class Median(Aggregate):
    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        clone = self.copy()
        clone.function, clone.template = "lead_median", "%(function)s(%(expressions)s)"
        return clone.as_sql(compiler, connection, **extra_context)


class Seconds(Func):
    """`Seconds(F("end") - F("start"))`: Django writes the difference (an interval on PostgreSQL,
    microseconds on SQLite); this reads it as seconds."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="(%(expressions)s / 1000000.0)")


def race_group(column: str, vendor: str) -> str:
    """`metrics.race_group` in SQL, for a JSON array of races: the races stated other than
    "declined"; none is "not_stated", one is that race, several "two_or_more"."""
    if vendor == "postgresql":  # jsonb's "-" drops every "declined" element, without a subquery
        stated = f"({column} - 'declined')"
        return (
            f"CASE jsonb_array_length({stated}) WHEN 0 THEN 'not_stated' WHEN 1 THEN {stated} ->> 0"
            " ELSE 'two_or_more' END"
        )
    return (
        "(SELECT CASE COUNT(*) WHEN 0 THEN 'not_stated' WHEN 1 THEN MIN(e.value) ELSE 'two_or_more' END"
        f" FROM {json_elements(column, vendor)} WHERE e.value <> 'declined')"
    )


def json_elements(column: str, vendor: str) -> str:
    if vendor == "postgresql":
        return f"jsonb_array_elements_text({column}) AS e(value)"
    return f"json_each({column}) AS e"


class _SQLiteMedian:
    def __init__(self):
        self.values = []

    def step(self, value):
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return statistics.median(self.values) if self.values else None


def register_sqlite_functions(sender, connection, **kwargs):
    """`connection_created` receiver (reports/apps.py)."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("lead_median", 1, _SQLiteMedian)
