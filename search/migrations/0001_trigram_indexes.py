"""pg_trgm and the GIN trigram indexes of the participants' name keys (PostgreSQL only: SQLite,
the demo's database, matches names by their start; search/selectors.py).

The indexes belong to cases' table but serve the search alone, so the search creates them; the
keys are already unaccented and casefolded (cases.selectors.name_key), so unaccent is not needed.
CREATE EXTENSION needs the database's owner on PostgreSQL 13 and later (pg_trgm is a trusted
extension): docs/deployment.md."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = {
    "search_participantname_last_trgm": "last_key",
    "search_participantname_first_trgm": "first_key",
}


def indexes_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON cases_participantname USING gin ({column} gin_trgm_ops)"
        )


def indexes_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
        # Does nothing on other databases (Django's operation checks the vendor).
        TrigramExtension(),
        migrations.RunPython(indexes_create, indexes_drop),
    ]
