"""Opening a spreadsheet or text file as rows of text: which sheet, which encoding and
delimiter, and which row holds the headers.

Nothing here knows about contacts. A Table is a description (file, sheet, header row) and
re-reads the file each time rows are asked for, so a 100,000-row file is streamed, never held.
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook

from desktop.errors import RapportError
from desktop.exchange import safety, xlsx_stream
from desktop.exchange.mapping import IGNORE, guess_column
from desktop.exchange.text_encoding import (
    bad_byte_line,
    detect_encoding,
    encoding_name,
    nul_lines,
)
from desktop.exchange.xlsx_formulas import uncalculated_formulas

MAX_FIELD_CHARS = 100_000
HEADER_SCAN_ROWS = 30
_DELIMITERS = (",", ";", "\t", "|")
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")


@dataclass(frozen=True)
class Table:
    """A readable grid: for a workbook one sheet of it, for a text file its encoding and
    delimiter; `header_row` counts from 0 over the rows as read."""

    path: Path
    kind: str
    sheets: tuple[str, ...] = ()
    sheet: str = ""
    encoding: str = ""
    delimiter: str = ","
    header_row: int = 0
    headers: tuple[str, ...] = ()

    def raw_rows(self, limit: int | None = None) -> Iterator[tuple[int, list[str]]]:
        """(row number as the user sees it, cells as text) from the top of the sheet."""
        if self.kind == "xlsx":
            rows = _xlsx_rows(self)
        elif self.kind == "xlsx-stream":
            rows = _streamed_rows(self)
        else:
            rows = _text_rows(self)
        for count, item in enumerate(rows):
            if limit is not None and count >= limit:
                return
            yield item

    def data_rows(self) -> Iterator[tuple[int, list[str]]]:
        """The rows below the header row."""
        for index, item in enumerate(self.raw_rows()):
            if index > self.header_row:
                yield item

    def with_sheet(self, name: str) -> Table:
        if name not in self.sheets:
            listed = ", ".join(self.sheets)
            raise RapportError(f"{self.path.name} has no sheet '{name}' (it has: {listed})")
        return _with_headers(replace(self, sheet=name), None)

    def with_encoding(self, encoding: str) -> Table:
        """The text file read in another character set (the user's choice in the wizard);
        refused, naming the row, when the file is not valid in it."""
        table = replace(self, encoding=encoding, delimiter=_sniff_delimiter(self.path, encoding))
        return _with_headers(table, None)

    def with_header_row(self, index: int) -> Table:
        return _with_headers(self, index)

    def notes(self) -> list[str]:
        """What the reader drops or cannot read in the file, each naming where: NUL bytes in
        a text file, formulas a workbook holds without their values."""
        if self.kind == "text":
            if self.encoding.startswith(("utf-16", "utf-32")):
                return []
            lines, count = nul_lines(self.path)
            if not lines:
                return []
            named = ", ".join(map(str, lines))
            more = f" (and {count - len(lines)} more lines)" if count > len(lines) else ""
            return [f"NUL bytes removed on line{'s' if count > 1 else ''} {named}{more}"]
        cells, count = uncalculated_formulas(self.path, self.sheet)
        notes = [
            f"sheet '{self.sheet}', cell {cell}: a formula without a saved value (the file "
            "was not calculated in Excel); imported as empty"
            for cell in cells
        ]
        if count > len(cells):
            notes.append(f"... and {count - len(cells)} more formulas without a saved value")
        return notes

    def estimate_rows(self) -> int:
        """Data rows, exact for a workbook and estimated from the size for a text file."""
        if self.kind == "xlsx":
            return max(_sheet(self.path, self.sheet).height - self.header_row - 1, 0)
        if self.kind == "xlsx-stream":
            return max(xlsx_stream.stream_height(self.path, self.sheet) - self.header_row - 1, 0)
        sample = list(self.raw_rows(200))
        if len(sample) < 200:
            return max(len(sample) - self.header_row - 1, 0)
        per_row = max(sum(len(",".join(cells)) + 2 for _, cells in sample) / len(sample), 1.0)
        return int(self.path.stat().st_size / per_row)


def open_table(path: Path, sheet: str | None = None, header_row: int | None = None) -> Table:
    """Open a workbook or text file of contacts, refusing it with a message naming it when it
    is not what its name says, is encrypted, damaged or hostile."""
    path = Path(path)
    if not path.is_file():
        raise RapportError(f"{path} does not exist or is not a file")
    kind = safety.sniff(path)
    suffix = path.suffix.lower()
    if kind == "empty":
        raise RapportError(f"{path.name} is empty")
    if suffix in SPREADSHEET_SUFFIXES or (suffix not in TEXT_SUFFIXES and kind in ("zip", "ole2")):
        table = _open_workbook(path, kind)
    else:
        if kind == "zip":
            raise RapportError(
                f"{path.name} is not a text file but a zip archive (an Excel workbook? then "
                "name it .xlsx)"
            )
        if kind == "ole2":
            raise RapportError(f"{path.name} is not a text file but an Office document")
        encoding = detect_encoding(path)
        table = Table(path, "text", encoding=encoding, delimiter=_sniff_delimiter(path, encoding))
    if sheet is not None and table.kind.startswith("xlsx"):
        table = table.with_sheet(sheet)
    return _with_headers(table, header_row)


def _open_workbook(path: Path, kind: str) -> Table:
    if kind == "ole2":
        if path.suffix.lower() != ".xls":
            safety.refuse_ole2(path)
    elif kind == "zip":
        safety.check_workbook_zip(path)
    else:
        what = "an HTML or XML file" if kind == "markup" else "text (a CSV file renamed?)"
        raise RapportError(f"{path.name} is not an Excel workbook: it holds {what}")
    with _workbook(path) as book:
        visible = [m.name for m in book.sheets_metadata if str(m.visible).endswith("Visible")]
        names = tuple(visible or book.sheet_names)
    if not names:
        raise RapportError(f"{path.name} has no sheets")
    if kind == "zip" and xlsx_stream.is_huge(path):
        return Table(path, "xlsx-stream", sheets=names, sheet=names[0])
    chosen = next((n for n in names if _sheet(path, n).height > 0), names[0])
    return Table(path, "xlsx", sheets=names, sheet=chosen)


_parsed_lock = threading.Lock()
_parsed: dict[str, tuple[tuple[object, ...], CalamineSheet]] = {}


def _sheet(path: Path, name: str) -> CalamineSheet:
    """The parsed sheet, kept for the next call: finding the header row, the preview and the
    import each read the same sheet, and parsing a 100,000-row sheet takes a second. One
    sheet is kept (forget_parsed lets it go); a changed file is parsed again."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size, name)
    with _parsed_lock:
        cached = _parsed.get("sheet")
        if cached is not None and cached[0] == key:
            return cached[1]
        _parsed.clear()  # let the previous sheet go before parsing the next
        with _workbook(path) as book:
            try:
                sheet = book.get_sheet_by_name(name)
            except CalamineError as exc:
                raise RapportError(f"{path.name} is damaged: {exc}") from None
        _parsed["sheet"] = (key, sheet)
        return sheet


def forget_parsed() -> None:
    """Free the kept sheet (an import is done with it)."""
    with _parsed_lock:
        _parsed.clear()


class _workbook:
    """A calamine workbook whose errors become one line naming the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.book = CalamineWorkbook.from_path(str(path))
        except (CalamineError, OSError, ValueError) as exc:
            raise RapportError(f"{path.name} cannot be read as a workbook: {exc}") from None

    def __enter__(self) -> CalamineWorkbook:
        return self.book

    def __exit__(self, *exc: object) -> None:
        self.book.close()


def _with_headers(table: Table, header_row: int | None) -> Table:
    top = list(table.raw_rows(HEADER_SCAN_ROWS if header_row is None else header_row + 1))
    if not top:
        raise RapportError(f"{table.path.name}{_sheet_note(table)} has no rows")
    if header_row is None:
        header_row = find_header_row([cells for _, cells in top])
    if header_row >= len(top):
        raise RapportError(f"{table.path.name} has no row {header_row + 1}")
    headers = tuple(cell.strip() for cell in top[header_row][1])
    return replace(table, header_row=header_row, headers=headers)


def _sheet_note(table: Table) -> str:
    return f", sheet '{table.sheet}'," if table.kind.startswith("xlsx") else ""


def find_header_row(rows: list[list[str]]) -> int:
    """The row most like a header: most distinct short texts, known field names counting
    double; title rows and merged instructions above it have one long cell and lose."""
    best, best_score = 0, -1.0
    for index, cells in enumerate(rows):
        texts = {c.strip() for c in cells if c.strip() and len(c.strip()) <= 60}
        texts = {t for t in texts if not _looks_numeric(t)}
        known = sum(1 for t in texts if guess_column(t) != IGNORE)
        score = len(texts) + 2 * known
        if score > best_score:
            best, best_score = index, score
    return best


def _looks_numeric(text: str) -> bool:
    return text.replace(".", "", 1).replace("-", "").replace("+", "").strip().isdigit()


# -- workbooks ----------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell as the text a user sees: 4930123456.0 -> '4930123456', dates ISO."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time | timedelta):
        return str(value)
    return str(value)


def _xlsx_rows(table: Table) -> Iterator[tuple[int, list[str]]]:
    sheet = _sheet(table.path, table.sheet)
    try:
        first_row = sheet.start[0] if sheet.start else 0
        fills = _vertical_merges(sheet.merged_cell_ranges or [])
        anchors: dict[tuple[int, int], str] = {}
        for offset, values in enumerate(sheet.iter_rows()):
            row = first_row + offset
            cells = _cells(table, row + 1, values)
            for column, anchor in fills.get(row, ()):
                if anchor[0] == row:
                    anchors[anchor] = cells[column] if column < len(cells) else ""
                elif column < len(cells) and not cells[column]:
                    cells[column] = anchors.get(anchor, "")
            yield row + 1, cells
    except CalamineError as exc:
        raise RapportError(f"{table.path.name} is damaged: {exc}") from None


def _cells(table: Table, row: int, values: Iterable[Any]) -> list[str]:
    cells = [v if type(v) is str else cell_text(v) for v in values]
    if cells and max(map(len, cells)) > MAX_FIELD_CHARS:
        column = next(i for i, c in enumerate(cells) if len(c) > MAX_FIELD_CHARS)
        raise _huge_field(table, row, column)
    return cells


def _streamed_rows(table: Table) -> Iterator[tuple[int, list[str]]]:
    for row, values in xlsx_stream.stream_rows(table.path, table.sheet):
        yield row, _cells(table, row, values)


def _vertical_merges(ranges: list[Any]) -> dict[int, list[tuple[int, tuple[int, int]]]]:
    """Cells merged down several rows (a company over its people) repeat their value in each
    row; merges across columns (titles, instructions) stay in their first cell."""
    fills: dict[int, list[tuple[int, tuple[int, int]]]] = {}
    for (r1, c1), (r2, _c2) in ranges:
        if r2 > r1:
            for row in range(r1, r2 + 1):
                fills.setdefault(row, []).append((c1, (r1, c1)))
    return fills


def _huge_field(table: Table, row: int, column: int) -> RapportError:
    return RapportError(
        f"{table.path.name}{_sheet_note(table)} row {row}, column {column + 1}: a field is "
        f"longer than {MAX_FIELD_CHARS:,} characters; refused (is this really a contact list?)"
    )


# -- text files ---------------------------------------------------------------------------------


def _sniff_delimiter(path: Path, encoding: str) -> str:
    """The candidate occurring most often on some line of the first ten: a title line above
    the header has none, so it does not decide. Read leniently: a byte the encoding cannot
    read is for the reader to report, naming its row."""
    lines = []
    with _text_stream(path, encoding, errors="replace") as stream:
        for _ in range(10):
            line = stream.readline(MAX_FIELD_CHARS)
            if not line:
                break
            lines.append(line)
    scores = {d: max((line.count(d) for line in lines), default=0) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: scores[d])
    return best if scores[best] else ","


def _text_stream(path: Path, encoding: str, errors: str = "strict") -> io.TextIOWrapper:
    return io.TextIOWrapper(path.open("rb"), encoding=encoding, errors=errors, newline="")


def _text_rows(table: Table) -> Iterator[tuple[int, list[str]]]:
    # csv's limit is process-wide; ours is the smallest any caller needs and is set each time.
    csv.field_size_limit(MAX_FIELD_CHARS)
    with _text_stream(table.path, table.encoding) as stream:
        reader = csv.reader(stream, delimiter=table.delimiter)
        row = 0
        try:
            for row, cells in enumerate(reader, start=1):
                yield row, [c.replace("\x00", "") for c in cells]
        except csv.Error as exc:
            if "field larger" in str(exc):
                raise RapportError(
                    f"{table.path.name} row {row + 1}: a field is longer than "
                    f"{MAX_FIELD_CHARS:,} characters; refused (is this really a contact list?)"
                ) from None
            raise RapportError(f"{table.path.name} row {row + 1}: {exc}") from None
        except UnicodeDecodeError as exc:
            name = encoding_name(table.encoding)
            line = bad_byte_line(table.path, table.encoding)
            raise RapportError(
                f"{table.path.name} line {line}: the text is not valid {name} (byte "
                f"0x{exc.object[exc.start]:02X}); choose another character set or save the "
                "file again as UTF-8"
            ) from None
