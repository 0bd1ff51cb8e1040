"""What is laid over every page of a merged pack (`packs.merge`): the
running header (committee · date), the closed items' notice and
"Side N af M".

WeasyPrint spends about 4 ms on a page whatever is on it, so the numbers
are not drawn one page each (0.18 s for the demo pack's 51 pages) but as
a column of lines on a few sheets, 36 to a sheet, and the header and
notice once. Each page then gets the furniture of its kind as a form and
its own number as a form of its own: the sheet's content with every other
number's text object left out, moved down to the foot. So a page holds its
own number and no other, for the eye and for text extraction alike.
"""

import zlib
from dataclasses import dataclass
from functools import cached_property

from django.template.loader import render_to_string
from django.utils.translation import override

from .parts import PackPart, kept_or_rendered
from .pdf_objects import WeasyPdf, read_weasyprint_pdf

ROWS_PER_SHEET = 36  # rows of ROW_MM on an A4 sheet of 297 mm
ROW_MM = 8
# Where a row is laid on the page: the top of the foot, below the bottom
# margin of pack.css (297 - 22 mm), as the foot's margin box would be.
FOOT_TOP_MM = 275
_POINTS_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class PageNumbers:
    """The numbers' PDF: page 1 the furniture of the cover and of
    attachments (the notice only), page 2 that of the pack's own pages
    (header and notice), then the sheets of numbers, 1 to `total`."""

    data: bytes
    pdf: WeasyPdf  # the same, read
    total: int

    def furniture(self, number: int, own_pages: int) -> int:
        """The page (an object of `pdf`) laid over page `number` as it is."""
        pages = self.pdf.pages
        return pages[1] if 1 < number <= own_pages else pages[0]

    def sheet_index(self, number: int) -> int:
        """The page of `pdf` (from 0) holding page `number`'s number."""
        return 2 + (number - 1) // ROWS_PER_SHEET

    def sheet(self, number: int) -> int:
        """The same page, as an object of `pdf`."""
        return self.pdf.pages[self.sheet_index(number)]

    def content(self, number: int) -> bytes:
        """Page `number`'s number alone: its sheet's content (decompressed)
        without the other rows' text. WeasyPrint writes a sheet's rows in one
        text object, each row a text matrix (`Tm`) and the text it shows
        (`TJ`); what else is there (the font, the colour) is kept."""
        lines = self._sheet_lines[self.sheet_index(number) - 2]
        starts = [at for at, line in enumerate(lines) if line.endswith(b" Tm")]
        first = (number - 1) // ROWS_PER_SHEET * ROWS_PER_SHEET
        if len(starts) != min(ROWS_PER_SHEET, self.total - first):
            raise ValueError(f"{len(starts)} rows on a sheet for the numbers from {first + 1}")
        keep = starts[number - 1 - first]
        row = None  # the row the line is in, by its Tm line
        kept = []
        for at, line in enumerate(lines):
            if line.endswith(b" Tm"):
                row = at
            elif not line.endswith((b" TJ", b" Tj")):
                row = None if line == b"ET" else row
                kept.append(line)
                continue
            if row == keep:
                kept.append(line)
        return b"\n".join(kept)

    @cached_property
    def _sheet_lines(self) -> list[list[bytes]]:
        """Each sheet's content, decompressed once for all its rows."""
        contents = [
            self.pdf.objects[self.pdf.ref(page, b"Contents")] for page in self.pdf.pages[2:]
        ]
        return [zlib.decompress(content.stream).split(b"\n") for content in contents]

    def shift(self, number: int) -> float:
        """How far up (in points, negative: down) page `number`'s row moves
        from its sheet to the foot."""
        row = (number - 1) % ROWS_PER_SHEET
        return -(FOOT_TOP_MM - row * ROW_MM) * _POINTS_PER_MM


def page_numbers(footer: dict, total: int) -> PageNumbers:
    """The numbers for a pack of `total` pages, from storage when the same
    were made before (the same committee, date, notice and page count).
    `footer`: the committee, the date, whether the closed items' notice."""
    rows = [
        range(start, min(start + ROWS_PER_SHEET, total + 1))
        for start in range(1, total + 1, ROWS_PER_SHEET)
    ]
    with override("da"):
        html = render_to_string(
            "packs/page_numbers.html", {**footer, "total": total, "sheets": rows}
        )
    pdf, _rendered_now = kept_or_rendered(PackPart("numbers", html), tagged=False, stylesheet="")
    numbers = PageNumbers(pdf, read_weasyprint_pdf(pdf), total)
    if len(numbers.pdf.pages) != 2 + len(rows):
        raise ValueError(f"{len(numbers.pdf.pages)} pages of numbers for {len(rows)} sheets")
    return numbers
