"""Word files (.docx, python-docx) made from the same HTML as the PDF: the
dialogue pack (`packs.pipeline`) and the minutes (`meetings.minutes`).

Committees paste the material into their own agendas and minutes, so the
document is real Word structure, not a picture of the PDF: the HTML's
headings become Word headings (h1 the title, h2–h4 levels 1–3), tables
become Word tables with their header row, lists become bullet and number
lists, bold and italic stay. The words are the templates' own, so the Word
file and the PDF never say different things. Charts are left out (their
numbers stand in the table and list beside them), and so are the parts
only a screen or a printed page has (page numbers, links between items).
The document's language is Danish."""

import io

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import html as lxml_html

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADING_LEVELS = {"h1": 0, "h2": 1, "h3": 2, "h4": 3, "h5": 3, "h6": 3}
PARAGRAPHS = {"p", "dt", "dd", "figcaption", "caption"}
CONTAINERS = {"body", "div", "section", "article", "header", "footer", "main", "nav", "figure",
              "blockquote", "dl", "aside"}  # fmt: skip
SKIPPED = {"head", "script", "style", "svg", "title", "meta", "link", "form", "button"}
# Spans the stylesheets show as blocks of their own: a new line in Word.
BLOCK_SPANS = {"cell-note", "open__note", "dialogue__joint-text", "wheel__caption", "legend"}
# Only on a screen or a printed page: navigation between items, page numbers.
SKIPPED_CLASSES = {"pack-steps", "pack-nav", "toc__page", "toc__pages", "legend__swatch",
                   "chart__legend"}  # fmt: skip
# Each agenda item (and its appendix) starts on a new page, as in the PDF.
NEW_PAGE_CLASSES = {"item", "appendix"}


def html_to_docx(html: str, *, title: str = "") -> bytes:
    document = Document()
    _danish(document, title)
    root = lxml_html.document_fromstring(html)
    _Writer(document).blocks(root.body)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _danish(document, title: str) -> None:
    """Danish spelling and hyphenation for the whole document, one font."""
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10.5)
    properties = style.element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "da-DK")
    properties.append(language)
    document.core_properties.language = "da-DK"
    document.core_properties.title = title


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


class _Writer:
    def __init__(self, document):
        self.document = document
        self.started = False  # no page break before the first item
        # python-docx looks a style up by name among all of the document's
        # styles on every paragraph (two thirds of the time for a pack):
        # each style's id is looked up once.
        self.style_ids = {}

    def style_id(self, name: str) -> str:
        if name not in self.style_ids:
            self.style_ids[name] = self.document.styles[name].style_id
        return self.style_ids[name]

    def paragraph(self, style: str = ""):
        paragraph = self.document.add_paragraph()
        if style:  # as `paragraph.style = style` sets it
            paragraph._p.style = self.style_id(style)
        return _Paragraph(paragraph)

    def blocks(self, element) -> None:
        """Write an element's block content: headings, paragraphs, lists,
        tables; loose text between blocks becomes a paragraph of its own."""
        loose = []
        if element.text and element.text.strip():
            loose.append(element.text)
        for child in element:
            if not isinstance(child.tag, str) or child.tag in SKIPPED:
                self._tail(child, loose)
                continue
            if _classes(child) & SKIPPED_CLASSES:
                self._tail(child, loose)
                continue
            if child.tag in HEADING_LEVELS or child.tag in PARAGRAPHS or child.tag in CONTAINERS:
                self._flush(loose)
                self.block(child)
            elif child.tag in ("ul", "ol"):
                self._flush(loose)
                self.list(child)
            elif child.tag == "table":
                self._flush(loose)
                self.table(child)
            else:  # inline content between blocks
                loose.append(child)
            self._tail(child, loose)
        self._flush(loose)

    def block(self, element) -> None:
        tag = element.tag
        if tag in HEADING_LEVELS:
            level = HEADING_LEVELS[tag]
            _inline(self.paragraph("Title" if level == 0 else f"Heading {level}"), element)
        elif tag in PARAGRAPHS:
            if _text(element):
                _inline(self.paragraph(), element)
        else:
            if tag == "article" and _classes(element) & NEW_PAGE_CLASSES:
                if self.started:
                    self.document.add_page_break()
                self.started = True
            self.blocks(element)

    def list(self, element, depth: int = 0) -> None:
        style = "List Number" if element.tag == "ol" else "List Bullet"
        for item in element.iterchildren("li"):
            nested = [child for child in item if child.tag in ("ul", "ol")]
            _inline(self.paragraph(style), item, skip=set(nested))
            for inner in nested:
                self.list(inner, depth + 1)

    def table(self, element) -> None:
        caption = element.find("caption")
        if caption is not None and _text(caption):
            self.paragraph().run(_text(caption), bold=True)
        rows = [_cells(row) for row in element.iter("tr")]
        if not rows:
            return
        table = self.document.add_table(rows=len(rows), cols=max(len(cells) for cells in rows))
        table._tbl.tblStyle_val = self.style_id("Table Grid")  # as `table.style = …` sets it
        for row, cells, word_row in zip(element.iter("tr"), rows, table.rows, strict=True):
            word_cells = word_row.cells  # (`table.cell(r, c)` reads the whole table each time)
            for cell, word_cell in zip(cells, word_cells, strict=False):
                _inline(_Paragraph(word_cell.paragraphs[0]), cell)
            if row.getparent().tag == "thead":
                _repeat_as_header(word_row)
        self.document.add_paragraph()

    def _flush(self, loose) -> None:
        """Loose inline content (text, <strong>, <a> …) as one paragraph."""
        if any((part.strip() if isinstance(part, str) else _text(part)) for part in loose):
            paragraph = self.paragraph()
            for part in loose:
                if isinstance(part, str):
                    paragraph.run(_squash(part))
                else:
                    _inline(paragraph, part, with_tail=False)
        loose.clear()

    @staticmethod
    def _tail(child, loose) -> None:
        if child.tail and child.tail.strip():
            loose.append(child.tail)


def _cells(row) -> list:
    return [
        cell for cell in row if cell.tag in ("th", "td") and not _classes(cell) & SKIPPED_CLASSES
    ]


def _repeat_as_header(row) -> None:
    """A table's header row repeats on every page it runs over."""
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


class _Paragraph:
    """A Word paragraph being written, and its text so far (python-docx
    reads every run again to tell it)."""

    def __init__(self, paragraph):
        self.paragraph = paragraph
        self.text = ""  # every run adds to it: a line break "\n", text at least " "

    def run(self, text: str = "", *, bold: bool = False, italic: bool = False):
        run = self.paragraph.add_run(text)
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        self.text += text
        return run

    def line_break(self) -> None:
        self.run().add_break(WD_BREAK.LINE)
        self.text += "\n"


def _inline(paragraph, element, *, bold=False, italic=False, skip=(), with_tail=False) -> None:
    """The element's text into the paragraph as runs, keeping bold and
    italic; <br> and block-like children become line breaks."""
    bold = bold or element.tag in ("strong", "b", "th")
    italic = italic or element.tag in ("em", "i", "cite")
    if element.text:
        _run(paragraph, element.text, bold, italic)
    for child in element:
        if (
            child in skip
            or not isinstance(child.tag, str)
            or child.tag in SKIPPED
            or _classes(child) & SKIPPED_CLASSES
        ):
            pass
        elif child.tag == "br":
            paragraph.line_break()
        else:
            starts_line = (
                child.tag in ("p", "div", "li", "ul", "ol") or _classes(child) & BLOCK_SPANS
            )
            if starts_line and paragraph.text.strip():
                paragraph.line_break()
            _inline(paragraph, child, bold=bold, italic=italic, skip=skip)
        if child.tail:
            _run(paragraph, child.tail, bold, italic)
    if with_tail and element.tail:
        _run(paragraph, element.tail, bold, italic)


def _run(paragraph, text: str, bold: bool, italic: bool) -> None:
    text = _squash(text)
    if not text.strip() and (not paragraph.text or paragraph.text.endswith(" ")):
        return
    paragraph.run(text, bold=bold, italic=italic)


def _squash(text: str) -> str:
    """HTML whitespace: runs of spaces and newlines are one space."""
    if not text.strip():
        return " "
    inner = " ".join(text.split())
    return (" " if text[0].isspace() else "") + inner + (" " if text[-1].isspace() else "")


def _text(element) -> str:
    return " ".join(element.text_content().split())
