"""Indexes for the access log page's searches (lead/audit/models.py). Indexes only: no row of the
append-only log is read or changed, so the trigger of 0005 is not involved."""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0005_access_log_append_only_trigger'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='accessevent',
            name='accessevent_username_at_idx',
        ),
        migrations.RemoveIndex(
            model_name='accessevent',
            name='accessevent_object_idx',
        ),
        migrations.AddIndex(
            model_name='accessevent',
            index=models.Index(django.db.models.functions.text.Upper('username'), models.OrderBy(models.F('at'), descending=True), models.OrderBy(models.F('id'), descending=True), name='accessevent_username_at_idx'),
        ),
        migrations.AddIndex(
            model_name='accessevent',
            index=models.Index(fields=['outcome', '-at'], name='accessevent_outcome_at_idx'),
        ),
        migrations.AddIndex(
            model_name='accessevent',
            index=models.Index(django.db.models.functions.text.Upper('object_id'), models.OrderBy(models.F('at'), descending=True), models.OrderBy(models.F('id'), descending=True), name='accessevent_object_at_idx'),
        ),
    ]
