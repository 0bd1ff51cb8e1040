"""Render a meeting's dialogue pack synchronously, for batch use and operations:

python manage.py render_pack MEETING_ID -o FILE.pdf [--item ITEM_ID] [--kort] [--lukkede]

It makes the pack with the same pipeline as the worker (`packs.pipeline`),
stores nothing, and prints the pages, the size and the content's checksum
(compare it with a stored pack's).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.models import Meeting
from packs.models import Part
from packs.pipeline import make_pack


class Command(BaseCommand):
    help = "Laver mødemateriale (PDF) til et møde uden om Celery."

    def add_arguments(self, parser):
        parser.add_argument("meeting_id", type=int)
        parser.add_argument("-o", "--output", required=True, help="PDF-fil, der skal skrives")
        parser.add_argument("--item", type=int, help="kun dette dagsordenspunkt")
        parser.add_argument(
            "--kort", action="store_true", help="kun den korte del, uden bilag med alle svar"
        )
        parser.add_argument(
            "--lukkede", action="store_true", help="mødets lukkede punkter i stedet for de åbne"
        )

    def handle(self, meeting_id, output, item=None, kort=False, lukkede=False, **options):
        meeting = Meeting.objects.filter(pk=meeting_id).first()
        if meeting is None:
            raise CommandError(f"Mødet {meeting_id} findes ikke.")
        agenda_item = None
        if item is not None:
            agenda_item = meeting.items.filter(pk=item).first()
            if agenda_item is None:
                raise CommandError(f"Punktet {item} findes ikke på mødet {meeting_id}.")
        part = Part.CLOSED if lukkede else Part.OPEN
        pack = make_pack(meeting, agenda_item, part=part, appendix=not kort)
        Path(output).write_bytes(pack.pdf)
        size = f"{len(pack.pdf):,}".replace(",", ".")
        self.stdout.write(f"{output}: {pack.pages} sider, {size} bytes, kontrolsum {pack.checksum}")
