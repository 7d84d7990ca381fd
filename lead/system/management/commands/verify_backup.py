from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from lead.system.backups import BackupError, backup_verify


class Command(BaseCommand):
    help = (
        "Compare the configured database and private files folder with the manifest of the backup "
        "SRC: every table's row count, every applied migration, every file's checksum. Exits 1 "
        "and lists the differences when any."
    )

    def add_arguments(self, parser):
        parser.add_argument("src", type=Path)

    def handle(self, *args, src, **options):
        try:
            differences = backup_verify(
                database=connections["default"].settings_dict, files=Path(settings.LEAD_PRIVATE_FILES), src=src
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        if differences:
            for difference in differences:
                self.stderr.write(difference)
            raise CommandError(f"{len(differences)} differences between this site and the backup (above).")
        self.stdout.write(self.style.SUCCESS(f"Every row count and file checksum matches {src}."))
