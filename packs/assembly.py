"""The pack's PDF from its parts (`packs.parts`): the items' short parts
and appendices from storage or rendered now, then the overview page with
the page each part starts on, the colophon, and one merged, tagged PDF
with the page numbers over it all (`packs.merge`). Attachments the lead
chose to append come last, counted in the page numbers."""

import time
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import override

from attachments.models import Attachment

from .content.files import appended
from .merge import Part, merge_pdfs
from .parts import PackPart, body_parts, kept_or_rendered, render_html, render_parts
from .pdf_objects import read_weasyprint_pdf
from .templatetags.pack_format import moment


@dataclass(frozen=True)
class AssembledPdf:
    pdf: bytes
    pages: int
    rendered: list[str]  # the parts rendered now (the rest came from storage)
    seconds: dict[str, float]  # per step: parts, front, merge


def assemble_pdf(context: dict, *, share=None) -> AssembledPdf:
    pack = context["pack"]
    seconds, started = {}, time.perf_counter()
    parts = body_parts(context)
    pdfs, rendered = render_parts(parts, share=share)
    # Each part's PDF is read once: for its pages, and for the merge.
    readers = {part.key: read_weasyprint_pdf(pdfs[part.key]) for part in parts}
    counts = [(part.key, len(readers[part.key].pages)) for part in parts]
    files = appended(pack)
    attachments = [_read(file["id"]) for file in files]
    counts += [(f"file-{file['id']}", file["pages"]) for file in files]
    seconds["parts"] = time.perf_counter() - started
    started = time.perf_counter()

    # The overview names the page each item (and appended file) starts on,
    # so it comes last; it is usually one page, and rendered again in the
    # rare case it is not. Like the parts, it is kept: while the agenda and
    # the pages stay the same it is not rendered again.
    front_pages = 1
    for _attempt in range(3):
        page_of = _pages_of(pack, counts, front_pages)
        front = PackPart("front", render_html({**context, "page_of": page_of}, "front"))
        front_pdf, rendered_now = kept_or_rendered(front)
        front_reader = read_weasyprint_pdf(front_pdf)
        if rendered_now and "front" not in rendered:
            rendered.insert(0, "front")
        if len(front_reader.pages) == front_pages:
            break
        front_pages = len(front_reader.pages)
    seconds["front"] = time.perf_counter() - started
    started = time.perf_counter()
    with override("da"):
        title = render_to_string("packs/_body.html#title", context).strip()
        date = formats.date_format(moment(pack["meeting"]["starts_at"]), "j. F Y")
    merged, pages = merge_pdfs(
        [Part(front_reader), *(Part(readers[p.key], p.continues) for p in parts)],
        attachments=attachments,
        footer={
            "committee": pack["committee"]["name"],
            "date": date,
            "closed": pack["part"] == "lukkede",
        },
        title=title,
    )
    seconds["merge"] = time.perf_counter() - started
    return AssembledPdf(merged, pages, rendered, seconds)


def _pages_of(pack: dict, counts, front_pages: int) -> dict[str, int]:
    """{anchor (or part key): the page its part starts on}."""
    anchors = {f"item-{i['id']}": i["anchor"] for i in pack["items"]}
    anchors |= {f"appendix-{i['id']}": f"bilag-{i['anchor']}" for i in pack["items"]}
    page_of, page = {}, front_pages + 1
    for key, pages in counts:
        page_of[anchors.get(key, key)] = page
        page += pages
    return page_of


def _read(attachment_id: int) -> bytes:
    with Attachment.objects.get(pk=attachment_id).file.open("rb") as stored:
        return stored.read()
