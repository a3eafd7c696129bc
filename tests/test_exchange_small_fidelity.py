"""Smaller losses made loud (issue 13.9): an uncalculated formula is named, a stray NUL byte
does not refuse a whole CSV, and binary data under a text name gets one clear message."""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl
import pytest
from exchange_support import contact_named, import_file, table_counts

from desktop.errors import RapportError
from desktop.exchange.plan import plan_import
from desktop.exchange.preview import preview_import
from desktop.store.database import Database


def test_a_formula_without_a_saved_value_is_named(db: Database, tmp_path: Path) -> None:
    book = openpyxl.Workbook()  # openpyxl saves formulas without calculating them
    sheet = book.active
    sheet.title = "Leads"
    sheet.append(["First Name", "Last Name", "E-mail"])
    sheet.append(["Anna", "Schmidt", '=LOWER("ANNA@EXAMPLE.COM")'])
    sheet.append(["Bob", "Meyer", "bob@example.com"])
    path = tmp_path / "leads.xlsx"
    book.save(path)
    warning = (
        "sheet 'Leads', cell C2: a formula without a saved value (the file was not "
        "calculated in Excel); imported as empty"
    )
    assert warning in preview_import(db, plan_import(path)).notes
    result = import_file(db, path)
    assert result.created == 2
    assert warning in result.summary()


def test_a_nul_byte_near_the_top_is_dropped_and_named(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(
        b"Name,Email\r\nAnna Schmidt,anna@example.com\x00\r\nBob Meyer,bob@example.com\r\n"
    )
    result = import_file(db, path)
    assert result.created == 2
    assert contact_named(db, "Anna Schmidt").emails[0].address == "anna@example.com"
    assert "NUL bytes removed on line 2" in result.summary()


@pytest.mark.parametrize("name", ["contacts", "contacts.txt"])
def test_binary_data_under_a_text_name(db: Database, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(random.Random(7).randbytes(6000).replace(b"\x00", b"\x01"))
    before = table_counts(db)
    with pytest.raises(RapportError, match=f"^{name} is not a text file"):
        import_file(db, path)
    assert table_counts(db) == before
