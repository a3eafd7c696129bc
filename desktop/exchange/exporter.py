"""Exporting the current list, a group or everyone to .xlsx, .csv, .vcf (or .ics through the
calendar's exporter). The file appears only when complete: it is written beside the target
and renamed, so a failed export never leaves half a file under the user's name."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from desktop.errors import RapportError
from desktop.exchange import export_rows
from desktop.exchange.csv_export import write_csv
from desktop.exchange.export_rows import ExportContact, Selection
from desktop.exchange.importer import counted
from desktop.exchange.vcard_export import write_vcards
from desktop.exchange.xlsx_export import EXCEL_CELL_LIMIT, write_xlsx
from desktop.store.database import Database

FORMATS = ("xlsx", "csv", "vcf", "ics")
Progress = Callable[[int, int], None]


@dataclass
class ExportResult:
    """What an export wrote, and what the file could not hold whole."""

    out: Path
    fmt: str
    count: int = 0
    #: cells cut at Excel's limit, each as 'row 2 (C-000001), Notes'
    cut: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.fmt == "ics":
            return f"{self.count} activities written to {self.out}"
        lines = [f"{counted(self.count, 'contact')} written to {self.out}"]
        if self.cut:
            lines.append(
                f"{counted(len(self.cut), 'cell')} over Excel's {EXCEL_CELL_LIMIT:,} characters "
                f"{'was' if len(self.cut) == 1 else 'were'} cut, ending in '[cut: ...]' "
                "(export to .csv or .vcf to keep the whole text):"
            )
            lines += [f"  {where}" for where in self.cut[:20]]
            if len(self.cut) > 20:
                lines.append(f"  ... and {len(self.cut) - 20} more")
        return "\n".join(lines)


def export_contacts(
    db: Database, fmt: str, out: Path, selection: Selection | None = None, **options: Any
) -> int:
    """export_file's count: how many contacts (for 'ics' activities) were written."""
    return export_file(db, fmt, out, selection, **options).count


def export_file(
    db: Database,
    fmt: str,
    out: Path,
    selection: Selection | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the selected contacts (everyone by default), for 'ics' the activities between
    start and end; the result says how many, and what the file could not hold whole."""
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise RapportError(f"cannot export to '{fmt}': choose one of {', '.join(FORMATS)}")
    out = Path(out)
    if not out.parent.is_dir():
        raise RapportError(f"the folder {out.parent} does not exist")
    result = ExportResult(out, fmt)
    if fmt == "ics":
        result.count = calendar_module().export_ics(db, out, start=start, end=end)
        return result
    partial = out.with_name(f".{out.name}.partial")
    try:
        with db.transaction() as conn:
            ids = export_rows.selected_ids(conn, selection or Selection())
            layout = export_rows.layout(conn, ids) if fmt != "vcf" else None
            contacts = _counted(export_rows.contacts(conn, ids), len(ids), progress)
            if fmt == "vcf":
                result.count = write_vcards(partial, contacts)
            else:
                assert layout is not None
                rows = (layout.row(c) for c in contacts)
                if fmt == "xlsx":
                    result.count = write_xlsx(partial, layout.columns, rows, cut=result.cut)
                else:
                    result.count = write_csv(partial, layout.columns, rows)
        os.replace(partial, out)
    except OSError as exc:
        raise RapportError(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)
    return result


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
