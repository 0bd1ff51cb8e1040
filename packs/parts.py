"""A pack's PDF in parts: the overview page ("front"), each item's short
part, each item's appendix in pieces (`appendix_parts`) and the colophon
("end") are rendered each on its own, kept in file storage under a
checksum of what they are made of (their HTML, the stylesheet and the
renderer), and merged (`packs.merge`). So a pack where one answer changed
renders only the parts of that item that show it again, the overview
page only when the pages it names moved, and the small colophon, which
names the minute the pack was made; every other part comes from storage.

Rendering what is missing is shared: the part tasks (`packs.tasks.
render_part_task`, a Celery group) take parts on the other workers while
the pack's own task renders them too, each part taken by whoever claims it
first (a claim in the cache, which runs out, so a part whose worker died is
rendered by the pack's task). Everything it waits for has a deadline; what
no one renders, it renders itself.
"""

import hashlib
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache as claims
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.translation import override

from .pdf import html_to_pdf

# A part claimed but not stored by then lost its renderer: take it over.
CLAIM_SECONDS = settings.PACK_LEASE_SECONDS
WAIT_STEP = 0.05
# Applied by the renderer to every part (the parts' HTML does not link it).
PACK_STYLESHEET = "pack/pack.css"


@dataclass(frozen=True)
class PackPart:
    key: str  # "front", "item-3", "appendix-3", "appendix-3-kerneopgave", "end"
    html: str
    continues: bool = False  # the part before it goes on here (its bookmarks go under it)

    @property
    def checksum(self) -> str:
        return hashlib.sha256((_renderer() + self.html).encode("utf-8")).hexdigest()

    @property
    def path(self) -> str:
        return f"pack-parts/{self.checksum[:2]}/{self.checksum}.pdf"


@cache
def _renderer() -> str:
    """What else a part's PDF depends on: the stylesheets and WeasyPrint."""
    sheets = [Path(finders.find(name)) for name in (PACK_STYLESHEET, "fonts/fonts.css")]
    text = "".join(sheet.read_text(encoding="utf-8") for sheet in sheets)
    return f"weasyprint {weasyprint.__version__}\n{hashlib.sha256(text.encode()).hexdigest()}\n"


def render_html(context: dict, only: str, item: dict | None = None, piece: str = "") -> str:
    with override("da"):
        return render_to_string(
            "packs/pack.html", {**context, "only": only, "item": item, "piece": piece}
        )


def body_parts(context: dict) -> list[PackPart]:
    """The parts whose PDF does not depend on the others, in their order:
    each item's short part, each appendix in its pieces, the colophon ("end")."""
    pack = context["pack"]
    parts = [PackPart(f"item-{i['id']}", render_html(context, "item", i)) for i in pack["items"]]
    if pack["with_appendix"]:
        for item in pack["items"]:
            if item["project"]:
                parts += appendix_parts(context, item)
    return [*parts, PackPart("end", render_html(context, "end"))]


def appendix_parts(context: dict, item: dict) -> list[PackPart]:
    """An appendix in pieces, each starting on a new page, so that a
    changed answer renders only the few pages that show it: the head (the
    project and where it stands: "appendix-ID", the key the overview gives
    the appendix's page by), what changed, where the sides disagree, one
    piece per core question ("appendix-ID-KEY"), the tail (open comments,
    earlier decisions)."""
    cores = [core["key"] for core in item["project"]["core_questions"]]
    pieces = ["head", "changes", "dialogue", *cores, "tail"]
    return [
        PackPart(
            f"appendix-{item['id']}" + ("" if piece == "head" else f"-{piece}"),
            render_html(context, "appendix", item, piece),
            continues=piece != "head",
        )
        for piece in pieces
    ]


def stored(part: PackPart) -> bytes | None:
    if not default_storage.exists(part.path):
        return None
    with default_storage.open(part.path, "rb") as kept:
        pdf = kept.read()
    # Another worker may be writing it this moment (the file system's
    # storage writes in place): a PDF is whole once it ends.
    return pdf if pdf.rstrip().endswith(b"%%EOF") else None


def render_part(part: PackPart, *, tagged: bool = True, stylesheet: str = PACK_STYLESHEET) -> bytes:
    """Render and store one part (the same bytes whoever renders it)."""
    pdf, _pages = html_to_pdf(part.html, tagged=tagged, stylesheet=stylesheet)
    if stored(part) is None:  # not there, or cut off (its writer died while writing)
        default_storage.delete(part.path)
        default_storage.save(part.path, ContentFile(pdf))
    return pdf


def kept_or_rendered(
    part: PackPart, *, tagged: bool = True, stylesheet: str = PACK_STYLESHEET
) -> tuple[bytes, bool]:
    """The PDF of a part only the pack's own task renders (the overview
    page; the page numbers, whose HTML links its own stylesheet), from
    storage when it is there: (pdf, rendered now)."""
    pdf = stored(part)
    if pdf is not None:
        return pdf, False
    return render_part(part, tagged=tagged, stylesheet=stylesheet), True


def render_parts(parts: list[PackPart], *, share=None) -> tuple[dict[str, bytes], list[str]]:
    """Every part's PDF, from storage or rendered now: ({key: pdf}, the keys
    rendered now). `share(missing)` hands the missing parts to other workers."""
    pdfs = {part.key: pdf for part in parts if (pdf := stored(part)) is not None}
    # Largest first (by its HTML, which the render time follows): the
    # workers then end together on small parts, instead of one rendering
    # a six-page appendix while the other waits (the demo pack's cold
    # render, two processes: 1.19 s of parts in agenda order, 1.03 s so).
    missing = sorted(
        (part for part in parts if part.key not in pdfs), key=lambda part: -len(part.html)
    )
    if len(missing) > 1 and share is not None:
        share(missing[1:])
    rendered = []
    deadline = time.monotonic() + CLAIM_SECONDS
    while missing:
        for part in list(missing):
            pdf = stored(part)
            if pdf is None and claims.add(f"pack-part:{part.checksum}", 1, CLAIM_SECONDS):
                pdf = render_part(part)
                rendered.append(part.key)
            if pdf is not None:
                pdfs[part.key] = pdf
                missing.remove(part)
        if missing:  # taken by another worker: wait for it, then take over
            if time.monotonic() > deadline:
                for part in missing:
                    claims.delete(f"pack-part:{part.checksum}")
                deadline = time.monotonic() + CLAIM_SECONDS
            time.sleep(WAIT_STEP)
    return pdfs, rendered


def take_part(html: str) -> bool:
    """A part task: render the part unless it is stored or claimed."""
    part = PackPart("shared", html)
    if stored(part) is not None or not claims.add(f"pack-part:{part.checksum}", 1, CLAIM_SECONDS):
        return False
    render_part(part)
    return True
