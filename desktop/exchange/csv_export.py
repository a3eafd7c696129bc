"""Writing contacts to CSV for Excel: UTF-8 with a byte-order mark (without one Excel reads
UTF-8 as the local code page and mangles every umlaut and every Chinese name)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from desktop.exchange.export_rows import Column, is_formula_like, is_phone_shaped


def csv_cell(value: object) -> str:
    """Text as Excel should show it: a leading apostrophe before text it would take for a
    formula (Rapport's own import removes it again), but not before a phone number, where
    Excel shows the apostrophe when it opens a CSV."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return f"'{text}" if is_formula_like(text) and not is_phone_shaped(text) else text


def write_csv(path: Path, columns: Sequence[Column], rows: Iterable[Sequence[object]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([c.title for c in columns])
        for row in rows:
            writer.writerow([csv_cell(v) for v in row])
            count += 1
    return count
