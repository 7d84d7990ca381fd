"""Every referral (and the case that follows it) gets a reference a person can read over the
phone, "L-2026-0042": existing referrals are numbered in the order they were made, per year in
the site's time zone, and each year's counter starts after the last number given."""

from django.db import migrations, models
from django.utils import timezone


def number_existing(apps, schema_editor):
    Referral = apps.get_model("cases", "Referral")
    HistoricalReferral = apps.get_model("cases", "HistoricalReferral")
    ReferenceCounter = apps.get_model("cases", "ReferenceCounter")
    last: dict[int, int] = {}
    for pk, created_at in Referral.objects.order_by("created_at", "pk").values_list("pk", "created_at").iterator():
        year = timezone.localtime(created_at).year
        last[year] = last.get(year, 0) + 1
        reference = f"L-{year}-{last[year]:04d}"
        Referral.objects.filter(pk=pk).update(reference=reference)
        HistoricalReferral.objects.filter(id=pk).update(reference=reference)
    # History of referrals deleted since (none should be: referrals are protected) keeps no number.
    HistoricalReferral.objects.filter(reference__isnull=True).update(reference="")
    ReferenceCounter.objects.bulk_create(ReferenceCounter(year=y, last=n) for y, n in last.items())


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_deadline_notice_quarantine")]

    operations = [
        migrations.CreateModel(
            name="ReferenceCounter",
            fields=[
                ("year", models.PositiveSmallIntegerField(primary_key=True, serialize=False)),
                ("last", models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.AddField(
            model_name="referral", name="reference", field=models.CharField(max_length=16, null=True, editable=False)
        ),
        migrations.AddField(
            model_name="historicalreferral",
            name="reference",
            field=models.CharField(max_length=16, null=True, editable=False),
        ),
        migrations.RunPython(number_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="referral",
            name="reference",
            field=models.CharField(editable=False, max_length=16, unique=True),
        ),
        migrations.AlterField(
            model_name="historicalreferral",
            name="reference",
            field=models.CharField(db_index=True, editable=False, max_length=16, default=""),
            preserve_default=False,
        ),
    ]
