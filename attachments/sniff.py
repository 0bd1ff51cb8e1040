"""What a file is, told by its content, never by its name: a PDF, a Word
or Excel file (Office Open XML: a zip with the parts those formats must
have), or a PNG or JPEG image. Anything else (a program, a script, an old
binary Office file, a zip of something else) is none of them."""

import io
import zipfile

from pypdf import PdfReader
from pypdf.errors import PdfReadError

PDF, DOCX, XLSX, PNG, JPEG = "pdf", "docx", "xlsx", "png", "jpeg"
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    PNG: "image/png",
    JPEG: "image/jpeg",
}
EXTENSIONS = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", PNG: "png", JPEG: "jpg"}
_OFFICE_PARTS = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}


def kind_of(head: bytes, file) -> str | None:
    """The kind of the file whose first bytes are `head` (`file` is read
    again from the start for the zip formats), or None."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(file)
    return None


def _office_kind(file) -> str | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    return next((kind for kind, part in _OFFICE_PARTS.items() if part in names), None)


def pdf_pages(data: bytes) -> int | None:
    """The number of pages of a readable, unencrypted PDF, else None."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return None
        return len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError):
        return None
