"""The objects of a PDF that WeasyPrint wrote (one of the pack's parts, or
its page numbers), read straight from the file, for `packs.merge` to copy
them into the merged pack with new numbers, bytes for bytes.

A general PDF library (pypdf) parses every object into Python values and
writes them out again, which cost more than laying out the pages changed;
this reads only what WeasyPrint writes (pydyf: an xref stream, objects in
object streams, direct stream lengths, literal strings with every
parenthesis escaped) and fails loudly on anything else. Other people's
PDFs (attachments) still go through pypdf.
"""

import hashlib
import re
import zlib
from dataclasses import dataclass, field
from typing import NamedTuple

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_OBJECT = re.compile(rb"(\d+) (\d+) obj\s*")
_LENGTH = re.compile(rb"/Length (\d+)\b")
# A literal string (every "(" and ")" in it escaped, as pydyf writes
# them), a reference, or a page's or annotation's key into the parent tree:
# references and keys are rewritten, strings are left alone.
_TOKENS = re.compile(
    rb"(\((?:\\.|[^\\)])*\))|(?<![\d.])(\d+) 0 R\b|(/StructParents? )(\d+)\b", re.DOTALL
)


class PdfObject(NamedTuple):  # a tuple: thousands of them, and no work for the garbage collector
    value: bytes  # the object itself, or a stream's dictionary
    stream: bytes | None = None  # a stream's data, as it is in the file (compressed)


@dataclass
class WeasyPdf:
    objects: dict[int, PdfObject]
    root: int  # the catalog
    info: int | None
    skip: set[int] = field(default_factory=set)  # object and xref streams

    def value(self, number: int) -> bytes:
        return self.objects[number].value

    def ref(self, number: int, key: bytes) -> int | None:
        """The object a key of a dictionary object refers to."""
        match = re.search(rb"/" + key + rb" (\d+) 0 R", self.value(number))
        return int(match[1]) if match else None

    def refs(self, number: int, key: bytes) -> list[int]:
        """The objects in an array of references under a key."""
        match = re.search(rb"/" + key + rb" \[([^\]]*)\]", self.value(number))
        return [int(n) for n in re.findall(rb"(\d+) 0 R", match[1])] if match else []

    @property
    def pages(self) -> list[int]:
        return self.refs(self.ref(self.root, b"Pages"), b"Kids")


def read_weasyprint_pdf(data: bytes) -> WeasyPdf:
    match = _STARTXREF.search(data[-64:])
    if match is None:
        raise ValueError("Not a PDF as WeasyPrint writes it: no startxref")
    xref_at = int(match[1])
    xref_number, xref = _object_at(data, xref_at)
    if b"/Type /XRef" not in xref.value:
        raise ValueError("Not a PDF as WeasyPrint writes it: no xref stream")
    widths = [int(w) for w in re.search(rb"/W \[([\d ]+)\]", xref.value)[1].split()]
    index = re.search(rb"/Index \[([\d ]+)\]", xref.value)
    size = int(re.search(rb"/Size (\d+)", xref.value)[1])
    ranges = [int(n) for n in index[1].split()] if index else [0, size]
    table = zlib.decompress(xref.stream)
    objects, in_streams, skip = {}, {}, {xref_number}
    position = 0
    for start, count in zip(ranges[::2], ranges[1::2], strict=True):
        for number in range(start, start + count):
            fields = []
            for width in widths:
                fields.append(int.from_bytes(table[position : position + width], "big"))
                position += width
            kind = fields[0] if widths[0] else 1
            if kind == 1 and number != xref_number:
                _, objects[number] = _object_at(data, fields[1])
            elif kind == 2:
                in_streams.setdefault(fields[1], []).append(number)
    for stream_number, numbers in in_streams.items():
        skip.add(stream_number)
        objects.update(_unpack_object_stream(objects[stream_number], set(numbers)))
    root = int(re.search(rb"/Root (\d+) 0 R", xref.value)[1])
    info = re.search(rb"/Info (\d+) 0 R", xref.value)
    return WeasyPdf(objects, root, int(info[1]) if info else None, skip)


def _object_at(data: bytes, offset: int) -> tuple[int, PdfObject]:
    match = _OBJECT.match(data, offset)
    if match is None or match[2] != b"0":
        raise ValueError(f"No object at {offset}")
    start = match.end()
    end = data.index(b"endobj", start)
    stream_at = data.find(b"stream", start, end)
    if stream_at < 0:
        return int(match[1]), PdfObject(data[start:end].rstrip())
    value = data[start:stream_at].rstrip()
    begin = stream_at + len(b"stream")
    begin += 2 if data[begin : begin + 2] == b"\r\n" else 1
    length = int(_LENGTH.search(value)[1])
    return int(match[1]), PdfObject(value, data[begin : begin + length])


def _unpack_object_stream(stream: PdfObject, wanted: set[int]) -> dict[int, PdfObject]:
    count = int(re.search(rb"/N (\d+)", stream.value)[1])
    first = int(re.search(rb"/First (\d+)", stream.value)[1])
    data = zlib.decompress(stream.stream)
    header = [int(n) for n in data[:first].split()]
    numbers, offsets = header[0::2], [first + offset for offset in header[1::2]]
    ends = [*offsets[1:], len(data)]
    return {
        number: PdfObject(data[begin:end].strip())
        for number, begin, end in zip(numbers[:count], offsets, ends, strict=True)
        if number in wanted
    }


def renumber(value: bytes, numbers: dict[int, int], key_offset: int = 0) -> tuple[bytes, int]:
    """The object with every reference renumbered (`numbers`: old → new;
    a reference to an object not in it is an error) and every key into the
    parent tree moved by `key_offset`: (the bytes, the highest key seen
    before moving, or -1)."""
    highest = -1

    def replace(match: re.Match) -> bytes:
        nonlocal highest
        if match[1] is not None:
            return match[1]
        if match[2] is not None:
            return b"%d 0 R" % numbers[int(match[2])]
        key = int(match[4])
        highest = max(highest, key)
        return match[3] + b"%d" % (key + key_offset)

    return _TOKENS.sub(replace, value), highest


def set_keys(value: bytes, **entries: bytes) -> bytes:
    """A dictionary object with its simple entries (a number or a
    reference) replaced or added, e.g. set_keys(item, Next=b"12 0 R")."""
    for key, new in entries.items():
        pattern = re.compile(rb"/" + key.encode() + rb" (?:\d+ 0 R|-?\d+)(?![\d.])")
        spans = [m.span() for m in _outside_strings(pattern, value)]
        if spans:
            start, end = spans[0]
            value = value[:start] + b"/" + key.encode() + b" " + new + value[end:]
        else:
            value = b"<</" + key.encode() + b" " + new + value[2:]
    return value


def get_int(value: bytes, key: bytes) -> int | None:
    pattern = re.compile(rb"/" + key + rb" (-?\d+)(?![\d.]| \d+ R)")
    matches = list(_outside_strings(pattern, value))
    return int(matches[0][1]) if matches else None


def _outside_strings(pattern: re.Pattern, value: bytes):
    strings = [m.span() for m in re.finditer(rb"\((?:\\.|[^\\)])*\)", value, re.DOTALL)]
    for match in pattern.finditer(value):
        if not any(start <= match.start() < end for start, end in strings):
            yield match


def write_pdf(values: list[bytes], streams: dict[int, bytes], *, root: int, info: int) -> bytes:
    """A PDF of the objects numbered 1, 2, … in the order of `values` (a
    stream's dictionary, its data in `streams` by number), with a classic
    xref table."""
    out = [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"]
    size = len(out[0])
    offsets = []
    for number, value in enumerate(values, 1):
        offsets.append(size)
        stream = streams.get(number)
        if stream is None:
            chunk = b"%d 0 obj\n%s\nendobj\n" % (number, value)
        else:
            chunk = b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (number, value, stream)
        out.append(chunk)
        size += len(chunk)
    ident = hashlib.md5(b"".join(out), usedforsecurity=False).hexdigest().encode()
    rows = [b"0000000000 65535 f \n", *(b"%010d 00000 n \n" % offset for offset in offsets)]
    out += [b"xref\n0 %d\n" % (len(values) + 1), *rows]
    out.append(
        b"trailer\n<</Size %d/Root %d 0 R/Info %d 0 R/ID [<%s> <%s>]>>\nstartxref\n%d\n%%%%EOF\n"
        % (len(values) + 1, root, info, ident, ident, size)
    )
    return b"".join(out)
