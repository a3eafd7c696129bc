"""Reading a workbook too big to hold: openpyxl's read-only mode, row by row.

python-calamine parses a whole sheet into memory, about ten times faster than openpyxl, and
is what Rapport uses for every ordinary workbook. A sheet whose XML is larger than
STREAM_BYTES (some million rows) would take gigabytes that way, so it is streamed instead,
slower but in constant memory. Merged cells are not reported in this mode; a sheet that size
is an export, not a hand-made list.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

STREAM_BYTES = 400_000_000


def is_huge(path: Path) -> bool:
    """True when the worksheets' XML (sizes checked by safety before) exceeds STREAM_BYTES."""
    with zipfile.ZipFile(path) as archive:
        size = sum(
            info.file_size
            for info in archive.infolist()
            if info.filename.startswith("xl/worksheets/")
        )
    return size > STREAM_BYTES


def stream_rows(path: Path, sheet: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values) of every row, holding one row at a time."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        yield from enumerate(book[sheet].iter_rows(values_only=True), start=1)
    finally:
        book.close()


def stream_height(path: Path, sheet: str) -> int:
    """Rows in the sheet by its dimension record (0 when the workbook has none)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return book[sheet].max_row or 0
    finally:
        book.close()
