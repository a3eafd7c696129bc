"""Concatenate PDFs and number every page 'Page X of Y', with bookmarks.

The number is a few bytes of extra content appended to each page in Helvetica, one of the
standard fonts every viewer has, so nothing is re-laid out or re-embedded; the page's own
content is wrapped in q/Q so that whatever state it leaves cannot move or recolour the number.
It is drawn where page.draw_page_number draws it on single documents, so both look the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.reports.page import MARGIN, NUMBER_FONT, NUMBER_SIZE, page_label
from desktop.reports.styles import MUTED

_FONT_KEY = NameObject("/RapportPageNumber")


def merge_numbered(
    sources: Sequence[Path], out: Path, outline: Sequence[tuple[str, int]] = ()
) -> int:
    """Write `sources` one after another to `out`, numbered; `outline` is (title, 0-based page)
    bookmarks. Returns the number of pages."""
    writer = PdfWriter()
    for source in sources:
        writer.append(PdfReader(source), import_outline=False)
    total = len(writer.pages)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject(f"/{NUMBER_FONT}"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    font_ref = writer._add_object(font)  # pypdf has no public way to add a shared object
    opening = writer._add_object(_stream(b"q\n"))
    red, green, blue = MUTED.red, MUTED.green, MUTED.blue
    for number, page in enumerate(writer.pages, start=1):
        label = page_label(number, total)
        width = float(page.mediabox.width)
        x = width - MARGIN - stringWidth(label, NUMBER_FONT, NUMBER_SIZE)
        y = MARGIN - 6 * mm
        closing = (
            f"\nQ q {red:.3f} {green:.3f} {blue:.3f} rg BT /RapportPageNumber {NUMBER_SIZE} Tf "
            f"{x:.2f} {y:.2f} Td ({label}) Tj ET Q\n"
        ).encode("ascii")
        if "/Resources" not in page:
            page[NameObject("/Resources")] = DictionaryObject()
        resources = page[NameObject("/Resources")].get_object()
        fonts = resources.get("/Font")
        if fonts is None:
            fonts = DictionaryObject()
            resources[NameObject("/Font")] = fonts
        fonts.get_object()[_FONT_KEY] = font_ref
        contents = page.get(NameObject("/Contents"))
        parts = contents.get_object() if contents is not None else ArrayObject()
        existing = list(parts) if isinstance(parts, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject(
            [opening, *existing, writer._add_object(_stream(closing))]
        )
    for title, page_index in outline:
        writer.add_outline_item(title=title, page_number=page_index)
    writer.page_mode = "/UseOutlines"
    with open(out, "wb") as handle:
        writer.write(handle)
    return total


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream
