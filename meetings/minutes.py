"""A meeting's minutes (before the meeting: its agenda) as a PDF or a Word
file, made for the user who downloads it: who attended, each item's
decision and any dissent, the follow-up with owner and deadline, the
signatures; closed items only if `visible_items` lets them see them, and
then the copy says whose it is. Always in Danish, like the packs: the
minutes are the committee's document. The Word file is made from the same
HTML as the PDF (`packs.docx`), so the two say the same.

Rendered in the request, not by the pack worker: minutes are a few pages of
text without charts, which WeasyPrint makes in well under a second, and the
user wants the file at once. The queued path is for the dialogue packs,
which gather whole assessments."""

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import override

from packs.docx import html_to_docx
from packs.pdf import html_to_pdf

from .access import visible_items
from .models import Action


def minutes_pdf(meeting, user) -> bytes:
    pdf, _pages = html_to_pdf(minutes_html(meeting, user))
    return pdf


def minutes_docx(meeting, user) -> bytes:
    title = f"{'Referat' if meeting.was_held else 'Dagsorden'} – {meeting.committee.name}"
    return html_to_docx(minutes_html(meeting, user), title=title)


def minutes_html(meeting, user) -> str:
    items = list(
        visible_items(user)
        .filter(meeting=meeting)
        .select_related("project")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.select_related("owner")))
    )
    attended, absent = meeting.attendance()
    context = {
        "meeting": meeting,
        "attended": attended,
        "absent": absent,
        "items": items,
        "hidden_closed": meeting.items.count() - len(items),
        "has_closed": any(item.is_closed for item in items),
        "reader": user,
        "printed_at": timezone.localtime(),
        "signatures": meeting.signature_sheet() if meeting.was_held else [],
    }
    with override("da"):
        return render_to_string("meetings/minutes_pdf.html", context)


def minutes_filename(meeting) -> str:
    kind = "referat" if meeting.was_held else "dagsorden"
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    return f"{kind}-{slugify(meeting.committee.name)}-{day}.pdf"
