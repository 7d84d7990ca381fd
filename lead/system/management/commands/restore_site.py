from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from lead.system.backups import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = (
        "Restore the backup SRC (made by backup_site) into the configured database and private "
        "files folder, which must be empty unless --replace; then check every row count and checksum."
    )

    def add_arguments(self, parser):
        parser.add_argument("src", type=Path)
        parser.add_argument(
            "--replace", action="store_true", help="Drop everything in the database and the files folder first."
        )

    def handle(self, *args, src, replace, **options):
        database = connections["default"].settings_dict
        files = Path(settings.LEAD_PRIVATE_FILES)
        # Django's own connection must not hold the tables the restore drops and creates.
        connections["default"].close()
        try:
            backup_restore(database=database, files=files, src=src, replace=replace)
            differences = backup_verify(database=database, files=files, src=src)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if differences:
            for difference in differences:
                self.stderr.write(difference)
            raise CommandError(f"Restored, but {len(differences)} differences from the backup (above).")
        self.stdout.write(self.style.SUCCESS(f"Restored {src}: every row count and file checksum matches."))
