"""Exporting the current list, a group or everyone to .xlsx, .csv, .vcf (or .ics through the
calendar's exporter). The file appears only when complete: it is written beside the target
and renamed, so a failed export never leaves half a file under the user's name."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from types import ModuleType

from desktop.errors import RapportError
from desktop.exchange import export_rows
from desktop.exchange.csv_export import write_csv
from desktop.exchange.export_rows import ExportContact, Selection
from desktop.exchange.vcard_export import write_vcards
from desktop.exchange.xlsx_export import write_xlsx
from desktop.store.database import Database

FORMATS = ("xlsx", "csv", "vcf", "ics")
Progress = Callable[[int, int], None]


def export_contacts(
    db: Database,
    fmt: str,
    out: Path,
    selection: Selection | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the selected contacts (everyone by default) and return how many were written;
    for 'ics' the activities between start and end."""
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise RapportError(f"cannot export to '{fmt}': choose one of {', '.join(FORMATS)}")
    out = Path(out)
    if not out.parent.is_dir():
        raise RapportError(f"the folder {out.parent} does not exist")
    if fmt == "ics":
        return calendar_module().export_ics(db, out, start=start, end=end)
    partial = out.with_name(f".{out.name}.partial")
    try:
        with db.transaction() as conn:
            ids = export_rows.selected_ids(conn, selection or Selection())
            layout = export_rows.layout(conn, ids) if fmt != "vcf" else None
            contacts = _counted(export_rows.contacts(conn, ids), len(ids), progress)
            if fmt == "vcf":
                count = write_vcards(partial, contacts)
            else:
                assert layout is not None
                rows = (layout.row(c) for c in contacts)
                writer = write_xlsx if fmt == "xlsx" else write_csv
                count = writer(partial, layout.columns, rows)
        os.replace(partial, out)
    except OSError as exc:
        raise RapportError(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)
    return count


def _counted(
    items: Iterator[ExportContact], total: int, progress: Progress | None
) -> Iterator[ExportContact]:
    for done, item in enumerate(items, start=1):
        if progress is not None and done % 1000 == 0:
            progress(done, total)
        yield item
    if progress is not None:
        progress(total, total)


def calendar_module() -> ModuleType:
    """desktop.exchange.ics, which another part of Rapport provides."""
    try:
        from desktop.exchange import ics
    except ModuleNotFoundError as exc:
        if exc.name != "desktop.exchange.ics":
            raise
        raise RapportError(
            "calendar files (.ics) cannot be imported or exported by this build yet"
        ) from None
    return ics
