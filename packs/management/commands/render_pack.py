"""Render a meeting's dialogue pack synchronously, for batch use and operations:

python manage.py render_pack MEETING_ID -o FILE.pdf [--item ITEM_ID]
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.models import Meeting
from packs.content import build_pack_content
from packs.pdf import html_to_pdf
from packs.services import render_pack_html


class Command(BaseCommand):
    help = "Laver mødemateriale (PDF) til et møde uden om Celery."

    def add_arguments(self, parser):
        parser.add_argument("meeting_id", type=int)
        parser.add_argument("-o", "--output", required=True, help="PDF-fil, der skal skrives")
        parser.add_argument("--item", type=int, help="kun dette dagsordenspunkt")

    def handle(self, meeting_id, output, item=None, **options):
        meeting = Meeting.objects.filter(pk=meeting_id).first()
        if meeting is None:
            raise CommandError(f"Mødet {meeting_id} findes ikke.")
        agenda_item = None
        if item is not None:
            agenda_item = meeting.items.filter(pk=item).first()
            if agenda_item is None:
                raise CommandError(f"Punktet {item} findes ikke på mødet {meeting_id}.")
        pdf, pages = html_to_pdf(render_pack_html(build_pack_content(meeting, agenda_item)))
        Path(output).write_bytes(pdf)
        self.stdout.write(f"{output}: {pages} sider, {len(pdf):,} bytes".replace(",", "."))
