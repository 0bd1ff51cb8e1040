"""One PDF from several (pypdf): the pack's parts, each rendered on its own
(`packs.parts`), and any PDF attachments behind them, with the page numbers
stamped over the whole and the parts' PDF/UA tags joined into one
structure tree.

- Pages: appended in order; each part's bookmarks (its headings) come along.
- Tags: every part is a tagged PDF with a structure tree of its own (a
  Document element, and a parent tree from each page's marked content to
  its elements). The merged file gets one Document element holding every
  part's elements in order, and one parent tree, each part's keys moved
  past the ones before it. Attachments are other people's documents: their
  pages come untagged.
- Page numbers: "Side N af M" counts every page, attachments included; it
  is drawn by WeasyPrint on otherwise empty pages (as a pagination
  artifact, `templates/packs/page_numbers.html`) and laid over each page.
"""

import io

from django.template.loader import render_to_string
from django.utils.translation import override
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from .parts import kept_or_rendered


def read_pdf(pdf: bytes) -> PdfReader:
    """A PDF opened once: counting its pages parses it, and merging it
    reuses what was parsed."""
    return PdfReader(io.BytesIO(pdf))


def merge_pdfs(
    tagged: list[PdfReader], *, attachments: list[PdfReader] = (), footer: dict, title: str
) -> tuple[bytes, int]:
    """The tagged parts in order, then the attachments (untagged), numbered
    as one document: (the PDF, its pages). `footer` is what
    page_numbers.html writes beside the numbers: the committee, the date,
    whether the closed items' notice."""
    writer = PdfWriter()
    tree = _StructureTree(writer)
    for reader in tagged:
        first = len(writer.pages)
        writer.append(reader, import_outline=True)
        tree.add(reader, writer.pages[first:])
    own_pages = len(writer.pages)
    for reader in attachments:
        writer.append(reader, import_outline=False)
    tree.finish(title)
    sheets = [
        "cover",
        *["pack"] * (own_pages - 1),
        *["attachment"] * (len(writer.pages) - own_pages),
    ]
    _stamp_page_numbers(writer, {**footer, "sheets": sheets})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


class _StructureTree:
    def __init__(self, writer: PdfWriter):
        self.writer = writer
        self.document = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Document"),
            }
        )
        self.document[NameObject("/K")] = ArrayObject()
        self.document_ref = writer._add_object(self.document)
        self.nums = ArrayObject()
        self.next_key = 0
        self.first_reader = None

    def add(self, reader: PdfReader, pages) -> None:
        root = reader.trailer["/Root"]
        if self.first_reader is None:
            self.first_reader = reader
        struct = root.get("/StructTreeRoot")
        if struct is None:
            return
        struct = struct.get_object()
        offset = self.next_key
        highest = -1
        # pypdf leaves a page's key into the parent tree behind when it
        # copies the page: set it again, moved past the parts before.
        for original, page in zip(reader.pages, pages, strict=True):
            if "/StructParents" in original:
                key = int(original["/StructParents"])
                page[NameObject("/StructParents")] = NumberObject(key + offset)
                highest = max(highest, key)
            for annotation in page.get("/Annots", []):
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    key = int(annotation["/StructParent"])
                    annotation[NameObject("/StructParent")] = NumberObject(key + offset)
                    highest = max(highest, key)
        nums = struct["/ParentTree"].get_object().get("/Nums", [])
        for index in range(0, len(nums), 2):
            key = int(nums[index])
            self.nums.append(NumberObject(key + offset))
            self.nums.append(nums[index + 1].clone(self.writer))
            highest = max(highest, key)
        for kid in _kids(struct):
            element = kid.get_object()
            # The part's Document element: its children join ours.
            children = _kids(element) if element.get("/S") == "/Document" else [kid]
            for child in children:
                cloned = child.clone(self.writer)
                cloned.get_object()[NameObject("/P")] = self.document_ref
                self.document["/K"].append(cloned)
        self.next_key = offset + highest + 1

    def finish(self, title: str) -> None:
        writer = self.writer
        parent_tree = DictionaryObject({NameObject("/Nums"): self.nums})
        struct_root = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructTreeRoot"),
                NameObject("/K"): ArrayObject([self.document_ref]),
                NameObject("/ParentTree"): writer._add_object(parent_tree),
                NameObject("/ParentTreeNextKey"): NumberObject(self.next_key),
            }
        )
        struct_ref = writer._add_object(struct_root)
        self.document[NameObject("/P")] = struct_ref
        catalog = writer._root_object
        catalog[NameObject("/StructTreeRoot")] = struct_ref
        catalog[NameObject("/MarkInfo")] = DictionaryObject(
            {NameObject("/Marked"): BooleanObject(True)}
        )
        catalog[NameObject("/ViewerPreferences")] = DictionaryObject(
            {NameObject("/DisplayDocTitle"): BooleanObject(True)}
        )
        if self.first_reader is not None:
            first = self.first_reader.trailer["/Root"]
            if "/Lang" in first:
                catalog[NameObject("/Lang")] = TextStringObject(str(first["/Lang"]))
            if "/Metadata" in first:  # the XMP saying PDF/UA-1
                catalog[NameObject("/Metadata")] = first["/Metadata"].clone(writer)
        writer.add_metadata({"/Title": title})


def _kids(element) -> list:
    kids = element.get("/K", [])
    if not isinstance(kids, list):
        kids = [kids]
    return [
        kid for kid in kids if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict)
    ]


def _stamp_page_numbers(writer: PdfWriter, footer: dict) -> None:
    total = len(writer.pages)
    with override("da"):
        html = render_to_string("packs/page_numbers.html", footer)
    numbers = kept_or_rendered(html, tagged=False)
    overlay = PdfWriter(clone_from=io.BytesIO(numbers))
    if len(overlay.pages) != total:
        raise ValueError(f"{len(overlay.pages)} pages of numbers for {total} pages")
    for page, number in zip(writer.pages, overlay.pages, strict=True):
        # Page numbers are pagination artifacts: outside the structure tree.
        marked = DecodedStreamObject()
        marked.set_data(b"/Artifact BMC\n" + number.get_contents().get_data() + b"\nEMC\n")
        number.replace_contents(marked)
        page.merge_page(number, over=True)
