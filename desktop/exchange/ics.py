"""iCalendar (.ics): the names the command line (`rapport import` / `rapport export --format
ics`) and the File menu dispatch to. Reading and writing live in their own modules."""

from __future__ import annotations

from desktop.exchange.ics_export import export_ics
from desktop.exchange.ics_import import IcsImportResult, import_ics

__all__ = ["IcsImportResult", "export_ics", "import_ics"]
