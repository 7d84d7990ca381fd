"""Indexes for the access log page's searches (lead/audit/models.py). Indexes only: no row of the
append-only log is read or changed, so the trigger of 0005 is not involved. Built CONCURRENTLY on
PostgreSQL (lead/indexes.py): a live site's log has millions of lines and takes writes on every
request, which a plain CREATE INDEX would block for the whole build."""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

from lead import indexes


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('audit', '0005_access_log_append_only_trigger'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        indexes.RemoveIndexConcurrently(
            model_name='accessevent',
            name='accessevent_username_at_idx',
        ),
        indexes.RemoveIndexConcurrently(
            model_name='accessevent',
            name='accessevent_object_idx',
        ),
        indexes.AddIndexConcurrently(
            model_name='accessevent',
            index=models.Index(django.db.models.functions.text.Upper('username'), models.OrderBy(models.F('at'), descending=True), models.OrderBy(models.F('id'), descending=True), name='accessevent_username_at_idx'),
        ),
        indexes.AddIndexConcurrently(
            model_name='accessevent',
            index=models.Index(fields=['outcome', '-at'], name='accessevent_outcome_at_idx'),
        ),
        indexes.AddIndexConcurrently(
            model_name='accessevent',
            index=models.Index(django.db.models.functions.text.Upper('object_id'), models.OrderBy(models.F('at'), descending=True), models.OrderBy(models.F('id'), descending=True), name='accessevent_object_at_idx'),
        ),
    ]
