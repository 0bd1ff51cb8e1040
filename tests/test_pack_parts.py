"""The pack's PDF in parts: each item's short part and appendix rendered on
its own and kept under a checksum of its content, so one changed answer
renders only that item's parts again; merged into one PDF whose page
numbers, overview pages and PDF/UA tags are those of one document."""

import io
import re
import subprocess

import pytest
from pypdf import PdfReader

from tests.factories import answer, make_project
from tests.test_packs import pdf_text


@pytest.fixture
def two_projects(municipality, committee, lead, chair, meeting, project):  # noqa: F811
    other = make_project(municipality, lead, [committee], title="Robot i lønkontoret")
    first = meeting.add_item(title="Skærmbesøg", kind="beslutning", project=project)
    second = meeting.add_item(title="Lønrobot", kind="droeftelse", project=other)
    question = other.assessment.questions().first()
    answer(other.assessment, question, lead, "Udvalget er positivt.", joint=True, status="enige")
    return first, second, other, question


def overview_pages(pdf: bytes, title: str) -> tuple[int, int]:
    """The pages the overview gives for an item and its appendix: the last
    number on the item's row, and the "bilag N" below it."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", "-", "-"], input=pdf, capture_output=True
    )
    lines = result.stdout.decode().splitlines()
    row = next(index for index, line in enumerate(lines) if title in line)
    start = int(re.findall(r"(\d+)\s*$", lines[row])[0])
    appendix = next(int(m[1]) for line in lines[row:] if (m := re.search(r"bilag (\d+)", line)))
    return start, appendix


def pages_of(pdf: bytes) -> list[str]:
    return [" ".join(page.split()) for page in pdf_text(pdf).split("\f")[:-1]]


@pytest.fixture
def own_storage(settings, tmp_path):
    """Parts are kept by a checksum of their HTML: a part another test made
    with the same HTML (the closing page, say) would be found, not made."""
    settings.MEDIA_ROOT = tmp_path


def appendix_keys(item, core_keys) -> set[str]:
    pieces = ["", "-changes", "-dialogue", *(f"-{key}" for key in core_keys), "-tail"]
    return {f"appendix-{item.pk}{piece}" for piece in pieces}


def test_one_changed_answer_renders_only_the_parts_that_show_it_again(
    own_storage,
    meeting,  # noqa: F811
    lead,
    two_projects,
):
    from method.vocabulary import CoreQuestion
    from packs.pipeline import make_pack

    first, second, other, question = two_projects
    cores = [str(core) for core in CoreQuestion]
    cold = make_pack(meeting)
    assert set(cold.rendered) == {
        "front",
        f"item-{first.pk}",
        f"item-{second.pk}",
        *appendix_keys(first, cores),
        *appendix_keys(second, cores),
        "end",
    }
    # Nothing changed: all kept, the overview page too. Only the colophon,
    # which names the minute the pack was made, when that minute has passed.
    assert set(make_pack(meeting).rendered) <= {"end"}

    answer(other.assessment, question, lead, "Udvalget er mere positivt nu.", joint=True)
    again = make_pack(meeting)
    # The appendix is in pieces: of the item's core questions only the
    # one the question belongs to is rendered again; nothing of the other item.
    core = str(question.section.core_question)
    assert f"appendix-{second.pk}-{core}" in again.rendered
    assert set(again.rendered) <= {
        "front",
        "end",
        f"item-{second.pk}",
        f"appendix-{second.pk}-changes",
        f"appendix-{second.pk}-dialogue",
        f"appendix-{second.pk}-{core}",
    }
    assert "Udvalget er mere positivt nu." in " ".join(pdf_text(again.pdf).split())

    # One document: every page numbered of the whole, and the overview's
    # pages are where the items start.
    pages = pages_of(again.pdf)
    assert len(pages) == again.pages
    for number, page in enumerate(pages, 1):
        assert re.findall(r"Side \d+ af \d+", page) == [f"Side {number} af {again.pages}"]
    for item in (first, second):
        start, appendix = overview_pages(again.pdf, f"{item.order}. {item.title}")
        assert f"Punkt {item.order} ·".lower() in pages[start - 1].lower()
        assert f"Bilag til punkt {item.order}. {item.title}" in pages[appendix - 1]


def test_the_merged_pack_is_one_tagged_pdf(meeting, two_projects):  # noqa: F811
    from packs.pipeline import make_pack

    pdf = make_pack(meeting).pdf
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "da" and catalog["/MarkInfo"]["/Marked"]
    assert b"pdfuaid" in catalog["/Metadata"].get_object().get_data()
    tree = catalog["/StructTreeRoot"].get_object()
    (document,) = [kid.get_object() for kid in tree["/K"]]
    assert document["/S"] == "/Document" and len(document["/K"]) > 4
    nums = tree["/ParentTree"].get_object()["/Nums"]
    keys = {int(nums[i]) for i in range(0, len(nums), 2)}
    page_ids = {page.indirect_reference.idnum for page in reader.pages}
    for page in reader.pages:
        assert int(page["/StructParents"]) in keys  # each page's content is in the tree
    # Every tagged element points to a page of this document.
    for index in range(1, len(nums), 2):
        for element in nums[index]:
            element = element.get_object()
            if "/Pg" in element:
                assert element.raw_get("/Pg").idnum in page_ids
    assert int(tree["/ParentTreeNextKey"]) > max(keys)


def bookmarks(pdf: bytes) -> list[tuple[int, str, int]]:
    """(depth, title, page number) of every bookmark, in order."""
    reader = PdfReader(io.BytesIO(pdf))
    found = []

    def walk(entries, depth):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                found.append((depth, entry.title, reader.get_destination_page_number(entry) + 1))

    walk(reader.outline, 0)
    return found


def test_a_part_that_grows_by_a_page_moves_the_pages_after_it(
    own_storage,
    meeting,  # noqa: F811
    lead,
    two_projects,
):
    from packs.pipeline import make_pack

    first, second, other, question = two_projects
    before = make_pack(meeting)
    long_answer = " ".join(
        ["Udvalget vil høre mere om robottens fejl og følgerne for lønnen."] * 90
    )
    answer(other.assessment, question, lead, long_answer, joint=True)
    again = make_pack(meeting)
    core = str(question.section.core_question)
    assert f"appendix-{second.pk}-{core}" in again.rendered
    assert f"appendix-{first.pk}" not in again.rendered  # the first item's parts came from storage
    assert again.pages > before.pages

    pages = pages_of(again.pdf)
    assert len(pages) == again.pages
    for number, page in enumerate(pages, 1):
        assert f"Side {number} af {again.pages}" in page, number
    for item in (first, second):
        start, appendix = overview_pages(again.pdf, f"{item.order}. {item.title}")
        assert f"Punkt {item.order} ·".lower() in pages[start - 1].lower()
        assert f"Bilag til punkt {item.order}. {item.title}" in pages[appendix - 1]

    # The bookmarks: the overview, each item, each appendix with its
    # sections and core questions under it (its pieces are one entry), the
    # colophon; each one on the page its heading is on.
    marks = bookmarks(again.pdf)
    top = [title for depth, title, _page in marks if depth == 0]
    assert top == [
        "Mødemateriale",
        f"{first.order}. {first.title}",
        f"{second.order}. {second.title}",
        f"Bilag til punkt {first.order}. {first.title}",
        f"Bilag til punkt {second.order}. {second.title}",
        "Om materialet",
    ]
    titles = [title for _depth, title, _page in marks]
    under_second = marks[titles.index(top[4]) + 1 : titles.index("Om materialet")]
    assert [title for depth, title, _p in under_second if depth == 1 and title[0].isdigit()] == [
        "1. Kerneopgave",
        "2. Opgaveløsning",
        "3. Kompetenceudvikling",
        "4. Inddragelse",
    ]
    for _depth, title, page in marks:
        assert " ".join(title.split()[:3]) in pages[page - 1], (title, page)


def test_the_overview_is_kept_until_its_agenda_changes_and_the_colophon_names_the_minute(
    own_storage,
    meeting,  # noqa: F811
    two_projects,
):
    from django.utils import formats, timezone, translation

    from packs.pipeline import make_pack
    from packs.templatetags.pack_format import moment

    make_pack(meeting)
    again = make_pack(meeting)
    assert "front" not in again.rendered
    pages = pages_of(again.pdf)
    assert "Materialet er lavet" not in pages[0]
    made = timezone.localtime(moment(again.content["generated_at"]))
    with translation.override("da"):
        day = formats.date_format(made, "j. F Y")
    committee, municipality = meeting.committee.name, meeting.committee.municipality.name
    assert (
        f"Materialet er lavet til {committee}, {municipality}, {day} kl. {made:%H.%M}."
    ) in pages[-1]

    meeting.add_item(title="Nyt om arbejdsmiljøet", kind="orientering")
    with_item = make_pack(meeting)
    assert "front" in with_item.rendered
    assert "Nyt om arbejdsmiljøet" in pages_of(with_item.pdf)[0]


def test_a_part_cut_off_while_it_was_written_is_made_again(own_storage):
    """Workers share the parts through storage, and the file system's
    storage writes a file in place: a part whose writer is still writing,
    or died while writing, is not taken as kept."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from packs.parts import PackPart, render_part, stored

    part = PackPart("end", '<html lang="da"><body><p>Om materialet</p></body></html>')
    default_storage.save(part.path, ContentFile(b"%PDF-1.7\n1 0 obj\n<</Type /Catalog"))
    assert stored(part) is None
    pdf = render_part(part)
    assert stored(part) == pdf
    assert "Om materialet" in pdf_text(pdf)


def test_the_parts_a_pack_lacks_are_rendered_largest_first(own_storage):
    """Two workers share the missing parts, each taking the next unclaimed
    one: largest first, they end together on small parts instead of one
    rendering a long appendix after the other is done. This worker keeps the
    largest; the others get the rest in the same order."""
    from packs.parts import PackPart, render_parts

    def page(words: int) -> str:
        return f'<html lang="da"><body><p>{"Tekst " * words}</p></body></html>'

    parts = [
        PackPart("item-1", page(5)),
        PackPart("appendix-1", page(400)),
        PackPart("end", page(1)),
        PackPart("appendix-1-tail", page(60)),
    ]
    shared = []
    pdfs, rendered = render_parts(parts, share=lambda missing: shared.extend(missing))
    assert [part.key for part in shared] == ["appendix-1-tail", "item-1", "end"]
    assert rendered == ["appendix-1", "appendix-1-tail", "item-1", "end"]
    assert set(pdfs) == {part.key for part in parts}
