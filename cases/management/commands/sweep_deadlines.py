from django.core.management.base import BaseCommand
from django.utils import timezone

from cases.deadlines import sweep


class Command(BaseCommand):
    help = "Run the assessment deadline sweep once now (for operators, or for sites that use cron instead of beat)."

    def handle(self, *args, **options):
        effects = sweep(now=timezone.now())
        self.stdout.write(f"Deadline sweep done: {effects} effect{'s' if effects != 1 else ''} carried out.")
