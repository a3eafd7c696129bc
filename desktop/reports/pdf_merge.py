"""Concatenate PDFs into one, streaming, and number every page 'Page X of Y', with bookmarks.

A batch of a thousand sheets arrives as a few dozen PDFs from the worker processes. A PDF
library that builds the merged document in memory (pypdf's PdfWriter) grows by about 20 KB a
page; here each source's objects are read, renumbered and written out one at a time, so memory
holds one object and an offset per object, whatever the batch size. The sources are reportlab's
own output (one /Pages node, no object streams), which is all this needs to handle.

The page number is a few bytes of extra content appended to each page in Helvetica, a standard
font every viewer has, so nothing is laid out or embedded again; the page's own content is
wrapped in q/Q so whatever state it leaves cannot move or recolour the number. It is drawn where
page.draw_page_number draws it on single documents, so both look the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, cast

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.reports.page import MARGIN, NUMBER_FONT, NUMBER_SIZE, page_label
from desktop.reports.styles import MUTED

_FONT_KEY = NameObject("/RapportPageNumber")


class _Writer:
    """Objects written as they come; only their offsets stay in memory."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.offsets: list[int] = []
        handle.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    def reserve(self) -> int:
        self.offsets.append(0)
        return len(self.offsets)

    def write(self, number: int, obj: PdfObject) -> None:
        self.offsets[number - 1] = self.handle.tell()
        self.handle.write(f"{number} 0 obj\n".encode())
        obj.write_to_stream(self.handle)
        self.handle.write(b"\nendobj\n")

    def add(self, obj: PdfObject) -> IndirectObject:
        number = self.reserve()
        self.write(number, obj)
        return _ref(number)

    def finish(self, root: IndirectObject, info: IndirectObject) -> None:
        start = self.handle.tell()
        lines = [f"xref\n0 {len(self.offsets) + 1}\n0000000000 65535 f \n"]
        lines += [f"{offset:010d} 00000 n \n" for offset in self.offsets]
        self.handle.write("".join(lines).encode("ascii"))
        trailer = DictionaryObject(
            {
                NameObject("/Size"): NumberObject(len(self.offsets) + 1),
                NameObject("/Root"): root,
                NameObject("/Info"): info,
            }
        )
        self.handle.write(b"trailer\n")
        trailer.write_to_stream(self.handle)
        self.handle.write(f"\nstartxref\n{start}\n%%EOF\n".encode("ascii"))


def _ref(number: int) -> IndirectObject:
    return IndirectObject(number, 0, None)


def _stream(data: bytes, entries: dict[NameObject, PdfObject] | None = None) -> StreamObject:
    stream = StreamObject()
    stream.update(entries or {})
    stream.set_data(data)
    return stream


def merge_numbered(
    sources: Sequence[Path], out: Path, outline: Sequence[tuple[str, int]] = (), title: str = ""
) -> int:
    """Write `sources` one after another to `out`, numbered; `outline` is (title, 0-based page)
    bookmarks. Returns the number of pages."""
    total = sum(len(PdfReader(source).pages) for source in sources)
    with open(out, "wb") as handle:
        writer = _Writer(handle)
        pages_root = writer.reserve()
        font = writer.add(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Font"),
                    NameObject("/Subtype"): NameObject("/Type1"),
                    NameObject("/BaseFont"): NameObject(f"/{NUMBER_FONT}"),
                    NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
                }
            )
        )
        opening = writer.add(_stream(b"q\n"))
        page_refs: list[IndirectObject] = []
        for index, source in enumerate(sources):
            reader = PdfReader(source)
            first = len(page_refs)
            page_refs += _copy(reader, index, writer, pages_root, font, opening, first, total)
        writer.write(
            pages_root,
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Pages"),
                    NameObject("/Count"): NumberObject(len(page_refs)),
                    NameObject("/Kids"): ArrayObject(page_refs),
                }
            ),
        )
        catalog = DictionaryObject(
            {NameObject("/Type"): NameObject("/Catalog"), NameObject("/Pages"): _ref(pages_root)}
        )
        if outline:
            catalog[NameObject("/Outlines")] = _write_outline(writer, outline, page_refs)
            catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
        info = DictionaryObject(
            {
                NameObject("/Producer"): TextStringObject("Rapport"),
                NameObject("/Title"): TextStringObject(title),
            }
        )
        writer.finish(writer.add(catalog), writer.add(info))
    return len(page_refs)


def _copy(
    reader: PdfReader,
    source_index: int,
    writer: _Writer,
    pages_root: int,
    font: IndirectObject,
    opening: IndirectObject,
    first_number: int,
    total: int,
) -> list[IndirectObject]:
    """Write one source's objects renumbered, its pages numbered from first_number + 1."""
    catalog = cast(DictionaryObject, reader.trailer["/Root"])
    source_root = cast(IndirectObject, catalog.raw_get("/Pages")).idnum
    skipped = {
        cast(IndirectObject, reader.trailer.raw_get("/Root")).idnum,
        cast(IndirectObject, reader.trailer.raw_get("/Info")).idnum,
        source_root,
    }
    numbers = {source_root: pages_root}
    for old in sorted(reader.xref[0]):
        if old not in skipped:
            numbers[old] = writer.reserve()
    kids = cast(ArrayObject, cast(DictionaryObject, reader.get_object(source_root))["/Kids"])
    page_numbers = {
        cast(IndirectObject, kid).idnum: first_number + index + 1 for index, kid in enumerate(kids)
    }
    shared_fonts = set()  # font dictionaries the pages refer to (reportlab shares one)
    for page in reader.pages:
        resources = page.get("/Resources")
        fonts = resources.raw_get("/Font") if isinstance(resources, DictionaryObject) else None
        if isinstance(fonts, IndirectObject):
            shared_fonts.add(fonts.idnum)
    for old in sorted(reader.xref[0]):
        if old in skipped:
            continue
        obj = _renumbered(reader.get_object(old), numbers)
        if old in shared_fonts:
            cast(DictionaryObject, obj)[_FONT_KEY] = font
        if isinstance(obj, DictionaryObject):
            _retag_subset(obj, source_index)
        if old in page_numbers:
            obj = _numbered_page(cast(DictionaryObject, obj), writer, font, opening,
                                 page_numbers[old], total)  # fmt: skip
        writer.write(numbers[old], obj)
    order = sorted(page_numbers, key=page_numbers.__getitem__)
    return [_ref(numbers[old]) for old in order]


_SUBSET_NAME = re.compile(r"^/[A-Z]{6}\+")


def _retag_subset(obj: DictionaryObject, source_index: int) -> None:
    """Give embedded font subsets a tag unique in the merged file. Every source calls its
    first subset of DejaVu 'AAAAAA+DejaVuSans' though each holds other glyphs; a printer
    driver that goes by name would print one source's text with another's glyphs."""
    for key in ("/BaseFont", "/FontName"):
        value = obj.get(key)
        if isinstance(value, NameObject) and _SUBSET_NAME.match(value):
            prefix = "".join(chr(65 + (source_index // 26**i) % 26) for i in (2, 1, 0))
            obj[NameObject(key)] = NameObject(f"/{prefix}{value[4:]}")


def _renumbered(obj: PdfObject | None, numbers: dict[int, int]) -> PdfObject:
    """A copy of `obj` whose references point at the merged file's object numbers."""
    if obj is None:
        return NullObject()
    if isinstance(obj, IndirectObject):
        return _ref(numbers[obj.idnum])
    if isinstance(obj, StreamObject):
        # the encoded bytes as they are (pypdf keeps them in _data): no decode, no re-encode
        entries = {NameObject(k): _renumbered(v, numbers) for k, v in obj.items() if k != "/Length"}
        return _stream(obj._data, entries)
    if isinstance(obj, DictionaryObject):
        return DictionaryObject({NameObject(k): _renumbered(obj.raw_get(k), numbers) for k in obj})
    if isinstance(obj, ArrayObject):
        return ArrayObject(_renumbered(item, numbers) for item in obj)
    return obj


def _numbered_page(
    page: DictionaryObject,
    writer: _Writer,
    font: IndirectObject,
    opening: IndirectObject,
    number: int,
    total: int,
) -> DictionaryObject:
    label = page_label(number, total)
    width = float(cast(ArrayObject, page["/MediaBox"])[2])
    x = width - MARGIN - stringWidth(label, NUMBER_FONT, NUMBER_SIZE)
    y = MARGIN - 6 * mm
    red, green, blue = MUTED.red, MUTED.green, MUTED.blue
    stamp = writer.add(
        _stream(
            f"\nQ q {red:.3f} {green:.3f} {blue:.3f} rg BT /RapportPageNumber {NUMBER_SIZE} Tf "
            f"{x:.2f} {y:.2f} Td ({label}) Tj ET Q\n".encode("ascii")
        )
    )
    contents = page.raw_get("/Contents")
    existing = list(contents) if isinstance(contents, ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject([opening, *existing, stamp])
    resources = page.raw_get("/Resources")
    if resources is None:
        resources = page[NameObject("/Resources")] = DictionaryObject()
    fonts = cast(DictionaryObject, resources).raw_get("/Font")
    if fonts is None:
        cast(DictionaryObject, resources)[NameObject("/Font")] = DictionaryObject({_FONT_KEY: font})
    elif isinstance(fonts, DictionaryObject):
        fonts[_FONT_KEY] = font
    # else: a shared font dictionary, which _copy extends when it writes it
    return page


def _write_outline(
    writer: _Writer, outline: Sequence[tuple[str, int]], page_refs: list[IndirectObject]
) -> IndirectObject:
    root = writer.reserve()
    items = [writer.reserve() for _ in outline]
    for index, ((title, page_index), number) in enumerate(zip(outline, items, strict=True)):
        item = DictionaryObject(
            {
                NameObject("/Title"): TextStringObject(title),
                NameObject("/Parent"): _ref(root),
                NameObject("/Dest"): ArrayObject([page_refs[page_index], NameObject("/Fit")]),
            }
        )
        if index:
            item[NameObject("/Prev")] = _ref(items[index - 1])
        if index + 1 < len(items):
            item[NameObject("/Next")] = _ref(items[index + 1])
        writer.write(number, item)
    writer.write(
        root,
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Outlines"),
                NameObject("/First"): _ref(items[0]),
                NameObject("/Last"): _ref(items[-1]),
                NameObject("/Count"): NumberObject(len(items)),
            }
        ),
    )
    return _ref(root)
