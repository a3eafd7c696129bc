"""Writing contacts to .xlsx, streamed straight into the zip.

openpyxl's write-only mode builds a Python cell object per value; for 100,000 contacts of 30
columns that is three million objects and most of a minute. The sheet XML is simple enough to
write directly: inline strings, dates as serial numbers with a date style, a bold frozen
header and column widths. Text that Excel could take for a formula is written as a string cell
with the quote-prefix style and the text number format (@), so Excel shows it as typed, never
evaluates it, and keeps it text even after the user edits the cell (the quote prefix alone is
dropped by an edit). Text over Excel's cell limit is cut with a marker saying so.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from itertools import chain
from pathlib import Path

from desktop.exchange.export_rows import FORMULA_STARTS, Column

#: the most characters an Excel cell holds; longer text is cut (see _cut)
EXCEL_CELL_LIMIT = 32_767
_EPOCH = date(1899, 12, 30)
_STYLE_HEADER, _STYLE_DATE, _STYLE_QUOTED = 1, 2, 3
_MAX_WIDTH = 50

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_CONTENT_TYPES = (
    f"{_XML}<Types "
    'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{_TYPE}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/></Types>'
)
_ROOT_RELS = (
    f'{_XML}<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_DOC_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_REL}">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'{_XML}<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_DOC_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_DOC_REL}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill>
<fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"
 quotePrefix="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def column_letter(index: int) -> str:
    """0 -> 'A', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# One pass in C: markup escaped, a bare CR kept as a character reference (any XML parser
# would read it back as LF), and the control characters XML cannot hold dropped.
_XML_TEXT = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\r": "&#13;",
        **{chr(c): None for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)},
    }
)


def _text(value: str) -> str:
    return value.translate(_XML_TEXT)


def cut_text(value: str) -> str:
    """Text cut to Excel's limit, ending in a marker that says it was and how long it is."""
    marker = f" [cut: {len(value):,} characters in all; export to .csv or .vcf for all]"
    return value[: EXCEL_CELL_LIMIT - len(marker)] + marker


def _cell(ref: str, value: object) -> str:
    if type(value) is str:
        if not value:
            return ""
        if len(value) > EXCEL_CELL_LIMIT:
            value = cut_text(value)
        style = f' s="{_STYLE_QUOTED}"' if value.startswith(FORMULA_STARTS) else ""
        body = value.translate(_XML_TEXT)
        return f'<c r="{ref}" t="inlineStr"{style}><is><t xml:space="preserve">{body}</t></is></c>'
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f'<c r="{ref}" s="{_STYLE_DATE}"><v>{(value - _EPOCH).days}</v></c>'
    return _cell(ref, str(value))


def _widths(columns: Sequence[Column], sample: Sequence[Sequence[object]]) -> list[int]:
    widths = [len(c.title) + 2 for c in columns]
    for row in sample:
        for i, value in enumerate(row):
            longest = max((len(line) for line in str(value).split("\n")), default=0)
            widths[i] = max(widths[i], min(longest + 2, _MAX_WIDTH))
    return [max(w, 8) for w in widths]


def write_xlsx(
    path: Path,
    columns: Sequence[Column],
    rows: Iterable[Sequence[object]],
    sheet_name: str = "Contacts",
    *,
    cut: list[str] | None = None,
) -> int:
    """Write a header and the rows; returns the number of rows written. Cells cut at Excel's
    limit are added to `cut` as 'row 2 (C-000001), Notes'."""
    rows = iter(rows)
    sample = [row for _, row in zip(range(200), rows, strict=False)]
    letters = [column_letter(i) for i in range(len(columns))]
    count = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=5) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK.format(name=_text(sheet_name[:31])))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as raw:
            out: list[str] = [
                f'{_XML}<worksheet xmlns="{_MAIN}">'
                '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/>'
                "</sheetView></sheetViews><cols>"
            ]
            for i, width in enumerate(_widths(columns, sample), start=1):
                out.append(f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>')
            out.append('</cols><sheetData><row r="1">')
            out += [
                f'<c r="{letters[i]}1" t="inlineStr" s="{_STYLE_HEADER}"><is><t>'
                f"{_text(c.title)}</t></is></c>"
                for i, c in enumerate(columns)
            ]
            out.append("</row>")
            for row in chain(sample, rows):
                count += 1
                number = count + 1
                out.append(f'<row r="{number}">')
                cells = [_cell(f"{letters[i]}{number}", v) for i, v in enumerate(row)]
                # a cell's markup is at least as long as its text: only then look closer
                if cut is not None and max(map(len, cells), default=0) > EXCEL_CELL_LIMIT:
                    cut += [
                        f"row {number} ({row[0]}), {columns[i].title}"
                        for i, v in enumerate(row)
                        if isinstance(v, str) and len(v) > EXCEL_CELL_LIMIT
                    ]
                out += cells
                out.append("</row>")
                if len(out) > 20_000:
                    raw.write("".join(out).encode("utf-8"))
                    out.clear()
            out.append("</sheetData></worksheet>")
            raw.write("".join(out).encode("utf-8"))
    return count
