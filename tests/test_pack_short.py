"""The short pack: one overview page for the meeting, a few pages per item,
every question and answer in an appendix per item that can be left out,
and empty answers summed up in one line. Read from the PDF with pdftotext,
as a committee member would read it, on the demo meeting."""

import re
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from organisations.models import User
from packs.models import DialoguePack, Part
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
    items = list(demo_meeting.items.filter(is_closed=False).order_by("order"))
    pack = make_pack(demo_meeting)  # the open items: the pack that is circulated
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


def test_the_open_pack_never_mentions_a_closed_item_and_the_closed_pack_comes_apart(
    demo_meeting, client, committed
):
    closed = demo_meeting.items.get(is_closed=True)
    open_items = list(demo_meeting.items.filter(is_closed=False))
    closed_only_project = closed.project.title  # on no open item of the meeting
    assert all(item.project_id != closed.project_id for item in open_items)

    open_pages = pdf_pages(make_pack(demo_meeting, part=Part.OPEN).pdf)
    for number, page in enumerate(open_pages, 1):
        for word in (closed.title, closed_only_project, "Lukket punkt", "lukkede punkter"):
            assert word.lower() not in page.lower(), (number, word)
        assert "kun til udvalgets medlemmer" not in page, number

    closed_pages = pdf_pages(make_pack(demo_meeting, part=Part.CLOSED).pdf)
    closed_text = " ".join(closed_pages)
    assert (
        closed.title in closed_pages[0]
        and "Lukkede punkter – kun til udvalgets medlemmer" in closed_pages[0]
    )
    assert all("kun til udvalgets medlemmer" in page for page in closed_pages)  # every footer
    assert not any(item.title in closed_text for item in open_items)

    # "Lav mødemateriale" makes both; a colleague without a seat gets only the open one.
    client.force_login(User.objects.get(username="projektleder"))
    with committed():
        client.post(reverse("pack_request", args=[demo_meeting.pk]))
    packs = {pack.part: pack for pack in DialoguePack.objects.filter(meeting=demo_meeting)}
    assert set(packs) == {Part.OPEN, Part.CLOSED}
    assert all(pack.status == DialoguePack.Status.READY for pack in packs.values())
    client.force_login(User.objects.get(username="hr"))  # Fjordby, no seat in Hovedudvalget
    assert client.get(reverse("pack_download", args=[packs[Part.OPEN].pk])).status_code == 200
    assert client.get(reverse("pack_download", args=[packs[Part.CLOSED].pk])).status_code == 404
    preview = reverse("pack_preview", args=[demo_meeting.pk])
    assert client.get(preview).status_code == 200
    assert client.get(preview + "?lukkede=1").status_code == 404
    client.force_login(User.objects.get(username="naestformand"))  # sits in the committee
    assert client.get(reverse("pack_download", args=[packs[Part.CLOSED].pk])).status_code == 200
    assert closed.title in client.get(preview + "?lukkede=1").content.decode()
