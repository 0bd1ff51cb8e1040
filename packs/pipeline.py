"""The one pack pipeline: a meeting (or one of its items) → the content
(`packs.content`) → HTML (`templates/packs/pack.html`, always in Danish) →
a tagged PDF (`packs.pdf`, the only WeasyPrint call).

Everything that makes a pack calls `make_pack`: the worker's rendering
(`packs.rendering`), the `render_pack` command, the browser preview (HTML
only) and `bench/pack_benchmark.py`; so they all show the same content.
"""

import time
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import override

from .content import build_pack_content
from .models import DialoguePack, Part
from .pdf import html_to_pdf


@dataclass(frozen=True)
class PackOutput:
    content: dict  # the plain data the pack shows, stored as its source
    html: str
    pdf: bytes | None  # None when only the HTML was asked for
    pages: int | None
    seconds: dict[str, float] = field(default_factory=dict)  # per step, for logs and benchmarks

    @property
    def checksum(self) -> str:
        return DialoguePack.checksum_of(self.content)


def make_pack(
    meeting, item=None, *, part: str = Part.OPEN, appendix: bool = True, pdf: bool = True
) -> PackOutput:
    """The pack for one item, or for the meeting's open or closed items
    (`part`), with or without the appendix behind the short part;
    `pdf=False` stops after the HTML."""
    seconds = {}
    started = time.perf_counter()
    content = build_pack_content(meeting, item, part=part, appendix=appendix)
    seconds["content"] = _since(started)

    started = time.perf_counter()
    with override("da"):
        html = render_to_string(
            "packs/pack.html", {"pack": content, "checksum": DialoguePack.checksum_of(content)}
        )
    seconds["html"] = _since(started)
    if not pdf:
        return PackOutput(content, html, None, None, seconds)

    started = time.perf_counter()
    document, pages = html_to_pdf(html)
    seconds["pdf"] = _since(started)
    return PackOutput(content, html, document, pages, seconds)


def _since(started: float) -> float:
    return time.perf_counter() - started
