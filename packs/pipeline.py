"""The one pack pipeline: a meeting (or one of its items) → the content
(`packs.content`) → HTML (`templates/packs/pack.html`, always in Danish) →
a tagged PDF, rendered in parts that are kept and merged (`packs.assembly`;
`packs.pdf` is the only WeasyPrint call), and from the same HTML the Word
file (`packs.docx`).

Everything that makes a pack calls `make_pack`: the worker's rendering
(`packs.rendering`), the `render_pack` command, the browser preview (HTML
only) and `bench/pack_benchmark.py`; so they all show the same content.
"""

import time
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import override

from .assembly import assemble_pdf
from .content import build_pack_content
from .docx import html_to_docx
from .models import DialoguePack, Part


@dataclass(frozen=True)
class PackOutput:
    content: dict  # the plain data the pack shows, stored as its source
    html: str | None  # the whole pack's HTML: with pdf=False, word=True or screen_for
    pdf: bytes | None  # None when only the HTML was asked for
    pages: int | None
    docx: bytes | None = None  # the Word file, when asked for
    seconds: dict[str, float] = field(default_factory=dict)  # per step, for logs and benchmarks
    rendered: list[str] = field(default_factory=list)  # the PDF's parts rendered now

    @property
    def checksum(self) -> str:
        return DialoguePack.checksum_of(self.content)


def make_pack(
    meeting,
    item=None,
    *,
    part: str = Part.OPEN,
    appendix: bool = True,
    attachments: bool = False,
    pdf: bool = True,
    word: bool = False,
    screen_for=None,
    share=None,
) -> PackOutput:
    """The pack for one item, or for the meeting's open or closed items
    (`part`), with or without the appendix behind the short part, and the
    PDF files attached to its items appended (`attachments`);
    `pdf=False` stops after the HTML; `word=True` makes the Word file from
    the same HTML too. `screen_for` (a request) makes the screen version
    instead: the same content in the app's layout, HTML only. The PDF
    does not need the whole pack's HTML (its parts are rendered each on its
    own), so with pdf=True it is made only for the Word file. `share`
    hands parts of the PDF to other workers (`packs.tasks.share_parts`)."""
    seconds = {}
    started = time.perf_counter()
    content = build_pack_content(
        meeting, item, part=part, appendix=appendix, attachments=attachments
    )
    seconds["content"] = _since(started)

    started = time.perf_counter()
    context = {"pack": content, "checksum": DialoguePack.checksum_of(content)}
    if screen_for is not None:  # the page's own language outside; the pack is Danish
        html = render_to_string("packs/screen.html", context, request=screen_for)
        return PackOutput(content, html, None, None, seconds={**seconds, "html": _since(started)})
    if not pdf:
        html = _whole_html(context)
        return PackOutput(content, html, None, None, seconds={**seconds, "html": _since(started)})

    # The PDF is rendered in parts from the content (`packs.assembly`); the
    # whole pack's HTML is only for the Word file, made after it.
    assembled = assemble_pdf(context, share=share)
    seconds["pdf"] = _since(started)
    seconds |= {f"pdf {step}": value for step, value in assembled.seconds.items()}
    html = word_file = None
    if word:
        started = time.perf_counter()
        html = _whole_html(context)
        seconds["html"] = _since(started)
        started = time.perf_counter()
        word_file = html_to_docx(html, title=_title(content))
        seconds["word"] = _since(started)
    return PackOutput(
        content,
        html,
        assembled.pdf,
        assembled.pages,
        seconds=seconds,
        docx=word_file,
        rendered=assembled.rendered,
    )


def _whole_html(context: dict) -> str:
    with override("da"):
        return render_to_string("packs/pack.html", context)


def _title(content: dict) -> str:
    return f"Mødemateriale – {content['committee']['name']}"


def _since(started: float) -> float:
    return time.perf_counter() - started
