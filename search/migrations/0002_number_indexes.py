"""Indexes for the search's numbers, typed in any case: Django's `iexact` compares
UPPER(column::text) on PostgreSQL, which no plain index answers (at 50,000 participants a search
for a report number read every referral: 600 ms). PostgreSQL only, like 0001."""

from django.db import migrations

INDEXES = {
    "search_referral_report_upper": ("cases_referral", "crime_report_number"),
    "search_screening_report_upper": ("eligibility_screening", "report_number"),
    "search_criminalcase_number_upper": ("owg_criminalcase", "case_number"),
}


def indexes_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} (UPPER({column}::text))")


def indexes_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_trigram_indexes"),
        ("cases", "0012_case_references"),
        ("eligibility", "0001_initial"),
        ("owg", "0001_initial"),
    ]

    operations = [migrations.RunPython(indexes_create, indexes_drop)]
