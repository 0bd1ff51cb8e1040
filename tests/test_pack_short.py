"""The short pack: one overview page for the meeting, a few pages per item,
every question and answer in an appendix per item that can be left out,
and empty answers summed up in one line. Read from the PDF with pdftotext,
as a committee member would read it, on the demo meeting."""

import re
import subprocess

import pytest
from django.core.management import call_command
from django.utils import timezone

from meetings.models import Meeting
from packs.pipeline import make_pack

SHORT_PART_MAX_PAGES = 12


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, whitespace folded (hyphenated words joined)."""
    result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    pages = result.stdout.decode().split("\f")
    return [" ".join(page.replace("\u2010\n", "").split()) for page in pages if page.strip()]


@pytest.fixture
def demo_meeting(db):
    call_command("load_demo", verbosity=0)
    return Meeting.objects.filter(starts_at__gte=timezone.now()).get()


def first_page_with(pages, text) -> int:
    """1-based number of the first page containing the text, in any case
    (headings may be set in capitals); 0 for none."""
    text = text.lower()
    return next((number for number, page in enumerate(pages, 1) if text in page.lower()), 0)


def test_the_demo_meetings_pack_opens_short_and_keeps_every_answer_in_the_appendix(
    demo_meeting,
):
    items = list(demo_meeting.items.order_by("order"))
    pack = make_pack(demo_meeting)
    pages = pdf_pages(pack.pdf)

    overview = pages[0]
    assert "Overblik over mødet" in overview
    for item in items:
        assert item.title in overview, item.title
        assert item.get_kind_display() in overview
    proposed = next(item for item in items if item.proposal)
    assert " ".join(proposed.proposal.split()[:3]) in overview  # a table cell: its first line

    # Each item's short part starts on its own page with what the committee is asked.
    starts = [
        first_page_with(pages, f"Punkt {item.order} · {item.get_kind_display()}") for item in items
    ]
    assert starts == sorted(starts) and 0 not in starts
    for start in starts:
        assert "Hvad udvalget skal" in pages[start - 1]
    with_project = [item for item in items if item.project_id]
    for item in with_project:
        start = starts[items.index(item)]
        short = " ".join(pages[start - 1 : start + 2])
        assert "Hvor står projektet" in short and "Hvor siderne er uenige" in short

    # The short part ends where the first appendix begins; it is short.
    appendix_starts = [
        first_page_with(pages, f"Bilag til punkt {item.order}.") for item in with_project
    ]
    assert 0 not in appendix_starts
    short_part = min(appendix_starts) - 1
    assert short_part <= SHORT_PART_MAX_PAGES, f"the short part has {short_part} pages"
    assert "Intet fælles svar endnu" not in " ".join(pages[:short_part])

    # Unanswered questions are summed up in one line, never listed.
    appendix = " ".join(pages[short_part:])
    summaries = re.findall(r"(\d+) spørgsmål i fasen er ikke besvaret endnu", appendix)
    assert summaries and all(int(count) > 0 for count in summaries)
    assert "ingen har svaret på" not in appendix

    # The same without the appendix: the short part alone.
    short_only = pdf_pages(make_pack(demo_meeting, appendix=False).pdf)
    assert len(short_only) < len(pages)
    assert not any("Bilag til punkt" in page for page in short_only)
    assert all(item.title in short_only[0] for item in items)
