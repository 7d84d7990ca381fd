from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone

from lead.system.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, one snapshot) and the private files folder into the new "
        "folder DEST, with a manifest of every table's row count and every file's checksum."
    )

    def add_arguments(self, parser):
        parser.add_argument("dest", type=Path)

    def handle(self, *args, dest, **options):
        try:
            manifest = backup_create(
                database=connections["default"].settings_dict,
                files=Path(settings.LEAD_PRIVATE_FILES),
                dest=dest,
                now=timezone.now(),
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["database"]["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {len(manifest['database']['tables'])} tables ({rows} rows) and "
                f"{len(manifest['files'])} files into {dest}."
            )
        )
