"""One PDF from several: the pack's parts, each rendered on its own by
WeasyPrint (`packs.parts`), and any PDF attachments behind them, with the
page numbers stamped over the whole and the parts' PDF/UA tags joined into
one structure tree.

The parts' objects are copied into the merged file as they are, with new
numbers (`packs.pdf_objects`): nothing is parsed but the few dictionaries
that join them (each part's catalog, page tree, structure tree root,
parent tree and top bookmarks), so merging costs a fraction of rendering
one page.

- Pages: in order, in one page tree.
- Bookmarks: each part's headings; a part that `continues` the one before
  (an appendix's later pieces) puts its bookmarks under the last one of
  the part it continues, so the appendix stays one entry.
- Tags: every part is a tagged PDF with a structure tree of its own (a
  Document element, and a parent tree from each page's marked content to
  its elements). The merged file gets one Document element holding every
  part's elements in order, and one parent tree, each part's keys moved
  past the ones before it. Attachments are other people's documents: their
  pages come untagged (appended by pypdf, the only part that reads them).
- Page numbers: "Side N af M" counts every page, attachments included; it
  and the running header are drawn by WeasyPrint (`packs.page_numbers`)
  and laid over each page as forms, marked as an artifact.
"""

import io
import re
import zlib
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import DecodedStreamObject

from .page_numbers import PageNumbers, page_numbers
from .pdf_objects import WeasyPdf, get_int, renumber, set_keys, write_pdf

FURNITURE_FORM, NUMBER_FORM = b"/PackFurniture", b"/PackPageNumber"


@dataclass(frozen=True)
class Part:
    pdf: WeasyPdf
    continues: bool = False  # its bookmarks go under the previous part's last


def merge_pdfs(
    parts: list[Part], *, attachments: list[bytes] = (), footer: dict, title: str
) -> tuple[bytes, int]:
    """The tagged parts in order, then the attachments (untagged), numbered
    as one document: (the PDF, its pages). `footer` is what
    page_numbers.html writes beside the numbers: the committee, the date,
    whether the closed items' notice."""
    own_pages = sum(len(part.pdf.pages) for part in parts)
    attached = [PdfReader(io.BytesIO(pdf)) for pdf in attachments]
    total = own_pages + sum(len(reader.pages) for reader in attached)
    numbers = page_numbers(footer, total)

    merged = _Merged()
    for part in parts:
        merged.add_part(part)
    merged.stamp(numbers, own_pages)
    pdf = merged.write(title)
    if not attached:
        return pdf, own_pages
    return _append_attachments(pdf, attached, numbers, own_pages), total


class _Merged:
    """The merged file's objects, numbered in the order they are added."""

    def __init__(self):
        self.values: list[bytes] = []  # object N is values[N - 1]
        self.streams: dict[int, bytes] = {}  # a stream object's data, by number
        self.catalog, self.page_tree, self.struct_root, self.document = (
            self._reserve() for _ in range(4)
        )
        self.parent_tree, self.outlines, self.info = (self._reserve() for _ in range(3))
        self.pages: list[int] = []
        self.elements: list[bytes] = []  # the Document element's kids
        self.nums: list[bytes] = []  # the parent tree
        self.next_key = 0
        self.lang = self.metadata = None
        # Bookmarks: the top ones (first, last), how many are visible; the
        # last top one of the last part that did not continue another,
        # and the last bookmark under it.
        self.first_mark = self.last_mark = None
        self.visible = 0
        self.parent_mark = self.last_child = None

    def _reserve(self) -> int:
        self.values.append(b"")
        return len(self.values)

    def _add(self, value: bytes, stream: bytes | None = None) -> int:
        self.values.append(value)
        if stream is not None:
            self.streams[len(self.values)] = stream
        return len(self.values)

    def _value(self, number: int) -> bytes:
        return self.values[number - 1]

    def _set(self, number: int, **entries: bytes) -> None:
        self._put(number, set_keys(self._value(number), **entries))

    def _put(self, number: int, value: bytes, stream: bytes | None = None) -> None:
        self.values[number - 1] = value
        if stream is not None:
            self.streams[number] = stream

    def add_part(self, part: Part) -> None:
        pdf = part.pdf
        root = pdf.root
        struct = pdf.ref(root, b"StructTreeRoot")
        (document,) = pdf.refs(struct, b"K")
        if b"/S /Document" not in pdf.value(document):
            raise ValueError("A part's structure tree has no Document element")
        parent_tree = pdf.ref(struct, b"ParentTree")
        outline = pdf.ref(root, b"Outlines")
        metadata = pdf.ref(root, b"Metadata")
        if self.lang is None:
            lang = re.search(rb"/Lang (\([^)]*\))", pdf.value(root))
            self.lang = lang[1] if lang else b"(da)"
        leave_out = pdf.skip | {root, pdf.info, struct, parent_tree, document, outline}
        if self.metadata is not None:
            leave_out.add(metadata)
        continues = part.continues and self.parent_mark is not None
        numbers = {
            pdf.ref(root, b"Pages"): self.page_tree,
            document: self.document,
            struct: self.struct_root,
        }
        if outline is not None:
            numbers[outline] = self.parent_mark if continues else self.outlines
        leave_out |= set(numbers)
        kept = [number for number in pdf.objects if number not in leave_out]
        numbers |= {number: self._reserve() for number in kept}
        highest = -1
        for number in kept:
            original = pdf.objects[number]
            value, key = renumber(original.value, numbers, self.next_key)
            self._put(numbers[number], value, original.stream)
            highest = max(highest, key)
        if self.metadata is None and metadata is not None:
            self.metadata = numbers[metadata]
        self.pages += [numbers[page] for page in pdf.pages]
        self.elements.append(_array(pdf.value(document), b"K", numbers))
        for key, value in _pairs(pdf.value(parent_tree)):
            self.nums += [b"%d" % (int(key) + self.next_key), renumber(value, numbers)[0]]
            highest = max(highest, int(key))
        self.next_key += highest + 1
        if outline is not None:
            self._join_bookmarks(pdf, outline, numbers, continues)

    def _join_bookmarks(self, pdf: WeasyPdf, outline: int, numbers, continues: bool) -> None:
        first, last = pdf.ref(outline, b"First"), pdf.ref(outline, b"Last")
        if first is None:
            return
        first, last = numbers[first], numbers[last]
        count = get_int(pdf.value(outline), b"Count") or 0
        if continues:
            parent, before = self.parent_mark, self.last_child
            parent_count = get_int(self._value(parent), b"Count") or 0
            if before is None:
                self._set(parent, First=b"%d 0 R" % first)
            else:
                self._set(before, Next=b"%d 0 R" % first)
                self._set(first, Prev=b"%d 0 R" % before)
            opened = parent_count >= 0
            self._set(
                parent,
                Last=b"%d 0 R" % last,
                Count=b"%d" % (parent_count + count if opened else parent_count - count),
            )
            self.visible += count if opened else 0
            self.last_child = last
            return
        if self.last_mark is None:
            self.first_mark = first
        else:
            self._set(self.last_mark, Next=b"%d 0 R" % first)
            self._set(first, Prev=b"%d 0 R" % self.last_mark)
        self.last_mark = self.parent_mark = last
        children = self._value(last)
        self.last_child = (
            int(m[1]) if (m := re.search(rb"/Last (\d+) 0 R", children)) is not None else None
        )
        self.visible += count

    def stamp(self, numbers: PageNumbers, own_pages: int) -> None:
        """Lay over each page its furniture and its number, each as a form."""
        source = numbers.pdf
        leave_out = source.skip | {source.root, source.info, source.ref(source.root, b"Pages")}
        leave_out |= set(source.pages)
        kept = [number for number in source.objects if number not in leave_out]
        renumbered = {number: self._reserve() for number in kept}
        for number in kept:
            original = source.objects[number]
            self._put(renumbered[number], renumber(original.value, renumbered)[0], original.stream)

        def form(page: int, matrix: bytes = b"") -> bytes:
            box = re.search(rb"/MediaBox (\[[^\]]*\])", source.value(page))[1]
            resources = renumbered[source.ref(page, b"Resources")]
            return b"<</Type /XObject/Subtype /Form/BBox %s%s/Resources %d 0 R" % (
                box,
                matrix,
                resources,
            )

        furniture = {}
        for page in source.pages[:2]:  # the content streams become forms
            furniture[page] = renumbered[source.ref(page, b"Contents")]
            self._put(furniture[page], form(page) + self._value(furniture[page])[2:])
        begin = self._add(b"<</Length 2>>", b"q\n")
        end_stream = b"\nQ\n/Artifact BMC\n%s Do\n%s Do\nEMC\n" % (FURNITURE_FORM, NUMBER_FORM)
        end = self._add(b"<</Length %d>>" % len(end_stream), end_stream)
        for number, page in enumerate(self.pages, 1):
            content = zlib.compress(numbers.content(number))
            matrix = b"/Matrix [1 0 0 1 0 %.3f]" % numbers.shift(number)
            own_number = self._add(
                form(numbers.sheet(number), matrix)
                + b"/Filter /FlateDecode/Length %d>>" % len(content),
                content,
            )
            self._lay_over(
                page, begin, end, furniture[numbers.furniture(number, own_pages)], own_number
            )

    def _lay_over(self, page: int, begin: int, end: int, furniture: int, number: int) -> None:
        value = self._value(page)
        contents = re.search(rb"/Contents (\d+) 0 R", value)
        resources = re.search(rb"/Resources (\d+) 0 R", value)
        if contents is None or resources is None:
            raise ValueError("A part's page without its contents and resources by reference")
        own = self._value(int(resources[1]))
        xobjects = own.find(b"/XObject <<")
        entry = b"%s %d 0 R%s %d 0 R" % (FURNITURE_FORM, furniture, NUMBER_FORM, number)
        if xobjects >= 0:
            at = xobjects + len(b"/XObject <<")
            own = own[:at] + entry + own[at:]
        else:
            own = b"<</XObject <<" + entry + b">>" + own[2:]
        value = value.replace(
            contents[0], b"/Contents [%d 0 R %s 0 R %d 0 R]" % (begin, contents[1], end)
        )
        value = value.replace(resources[0], b"/Resources %d 0 R" % self._add(own))
        self._put(page, value)

    def write(self, title: str) -> bytes:
        self.values[self.page_tree - 1] = b"<</Type /Pages/Kids [%s]/Count %d>>" % (
            b" ".join(b"%d 0 R" % page for page in self.pages),
            len(self.pages),
        )
        self.values[self.document - 1] = b"<</Type /StructElem/S /Document/P %d 0 R/K [%s]>>" % (
            self.struct_root,
            b" ".join(self.elements),
        )
        self.values[self.struct_root - 1] = (
            b"<</Type /StructTreeRoot/K [%d 0 R]/ParentTree %d 0 R/ParentTreeNextKey %d>>"
            % (self.document, self.parent_tree, self.next_key)
        )
        self.values[self.parent_tree - 1] = b"<</Nums [%s]>>" % b" ".join(self.nums)
        catalog = [
            b"<</Type /Catalog/Pages %d 0 R" % self.page_tree,
            b"/StructTreeRoot %d 0 R/MarkInfo <</Marked true>>" % self.struct_root,
            b"/Lang %s/ViewerPreferences <</DisplayDocTitle true>>" % self.lang,
        ]
        if self.metadata is not None:  # the XMP saying PDF/UA-1
            catalog.append(b"/Metadata %d 0 R" % self.metadata)
        if self.first_mark is not None:
            catalog.append(b"/Outlines %d 0 R" % self.outlines)
            self.values[self.outlines - 1] = (
                b"<</Type /Outlines/First %d 0 R/Last %d 0 R/Count %d>>"
                % (
                    self.first_mark,
                    self.last_mark,
                    self.visible,
                )
            )
        else:
            self.values[self.outlines - 1] = b"null"
        self.values[self.catalog - 1] = b"".join(catalog) + b">>"
        self.values[self.info - 1] = b"<</Title %s/Producer (MED-workbench)>>" % _text(title)
        return write_pdf(self.values, self.streams, root=self.catalog, info=self.info)


def _text(text: str) -> bytes:
    return b"<feff" + text.encode("utf-16-be").hex().encode() + b">"


def _array(value: bytes, key: bytes, numbers) -> bytes:
    """The items of a flat array under a key, renumbered."""
    match = re.search(rb"/" + key + rb" \[([^\]]*)\]", value)
    return renumber(match[1], numbers)[0] if match else b""


_NUM_TOKENS = re.compile(rb"\[[^\]]*\]|\d+ 0 R|-?\d+|\]")


def _pairs(parent_tree: bytes) -> list[tuple[bytes, bytes]]:
    """The (key, value) pairs of a flat number tree, as WeasyPrint writes
    its parent tree: /Nums [0 [12 0 R 13 0 R] 1 [...] ...]."""
    if b"/Kids" in parent_tree:
        raise ValueError("A part's parent tree has kids")
    start = parent_tree.index(b"/Nums [") + len(b"/Nums [")
    tokens = []
    for match in _NUM_TOKENS.finditer(parent_tree, start):
        if match[0] == b"]":
            break
        tokens.append(match[0])
    return list(zip(tokens[0::2], tokens[1::2], strict=True))


def _append_attachments(
    pdf: bytes, attached: list[PdfReader], numbers: PageNumbers, own: int
) -> bytes:
    """Other people's PDFs behind the pack (read and written by pypdf),
    each page with the notice, if any, and its number laid over it."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    for reader in attached:
        writer.append(reader, import_outline=False)
    overlay = PdfWriter(clone_from=io.BytesIO(numbers.data))
    furniture = _artifact(overlay.pages[0], overlay.pages[0].get_contents().get_data())
    for number, page in enumerate(writer.pages[own:], own + 1):
        page.merge_page(furniture, over=True)
        sheet = overlay.pages[numbers.sheet_index(number)]
        page.merge_transformed_page(
            _artifact(sheet, numbers.content(number)),
            Transformation().translate(0, numbers.shift(number)),
            over=True,
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _artifact(page, content: bytes):
    """The page with `content`, marked as an artifact: page numbers and
    running headers are pagination, outside the structure tree."""
    marked = DecodedStreamObject()
    marked.set_data(b"/Artifact BMC\n" + content + b"\nEMC\n")
    page.replace_contents(marked)
    return page
