"""`Determination` now belongs to cases (cases.0008): removed from owg's state only; the tables
and their rows stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('owg', '0003_report_indexes'),
        ('cases', '0008_determination_from_owg'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='HistoricalDetermination'),
                migrations.DeleteModel(name='Determination'),
            ],
        ),
    ]
