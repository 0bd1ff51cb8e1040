from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from packs.retention import delete_old_packs


class Command(BaseCommand):
    help = (
        "Slet færdige mødematerialer, der er ældre end PACK_RETENTION_DAYS dage "
        "(eller --days). 0 beholder dem alle."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days=None, **options):
        days = settings.PACK_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days skal være 0 eller mere.")
        deleted = delete_old_packs(days)
        self.stdout.write(f"{deleted} mødemateriale(r) ældre end {days} dage slettet.")
