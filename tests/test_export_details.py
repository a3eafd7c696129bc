"""Export details a user sees in Excel (issue 13.8): phone numbers without a visible apostrophe
in CSV, cells over Excel's limit cut with a marker and named in the summary, and formula-like
text formatted as text so that Excel keeps it text after an edit."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import openpyxl
from exchange_support import import_file, write_csv
from sqlalchemy import text

from desktop.exchange.exporter import export_file
from desktop.exchange.xlsx_export import EXCEL_CELL_LIMIT
from desktop.store.database import Database

RAPPORT = Path(sys.executable).with_name("rapport")


def _stock(db: Database, tmp_path: Path, notes: str = "short") -> None:
    import_file(
        db,
        write_csv(
            tmp_path / "in.csv",
            [
                ["First name", "Last name", "Phone (work)", "Phone (mobile)", "Job title", "Notes"],
                ["Hanna", "Berg", "+49 40 1234567", "(040) 987-65/43", "-2+3", notes],
            ],
        ),
    )


def _csv_cells(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header, row = list(csv.reader(handle))
    return dict(zip(header, row, strict=True))


def test_csv_phone_numbers_have_no_apostrophe_but_formulas_keep_it(
    db: Database, tmp_path: Path
) -> None:
    _stock(db, tmp_path)
    out = tmp_path / "out.csv"
    export_file(db, "csv", out)
    cells = _csv_cells(out)
    assert cells["Phone (work)"] == "+49 40 1234567"
    assert cells["Phone (mobile)"] == "(040) 987-65/43"
    # arithmetic is not a phone number: Excel would show 1, so it stays quoted
    assert cells["Job title"] == "'-2+3"


def test_xlsx_formula_like_cells_are_text_formatted(db: Database, tmp_path: Path) -> None:
    _stock(db, tmp_path)
    out = tmp_path / "out.xlsx"
    export_file(db, "xlsx", out)
    sheet = openpyxl.load_workbook(out).active
    headers = [c.value for c in sheet[1]]
    title = sheet.cell(2, headers.index("Job title") + 1)
    phone = sheet.cell(2, headers.index("Phone (work)") + 1)
    name = sheet.cell(2, headers.index("First name") + 1)
    assert (title.value, title.number_format, title.quotePrefix) == ("-2+3", "@", True)
    assert (phone.value, phone.number_format) == ("+49 40 1234567", "@")
    assert name.number_format == "General"


def test_xlsx_cell_over_excel_limit_is_cut_with_marker_and_counted(
    db: Database, tmp_path: Path
) -> None:
    _stock(db, tmp_path, notes="x" * 40_000)
    out = tmp_path / "long.xlsx"
    result = export_file(db, "xlsx", out)
    sheet = openpyxl.load_workbook(out).active
    headers = [c.value for c in sheet[1]]
    notes = sheet.cell(2, headers.index("Notes") + 1).value
    assert len(notes) == EXCEL_CELL_LIMIT
    assert notes.startswith("x" * 30_000)
    assert notes.endswith("[cut: 40,000 characters in all; export to .csv or .vcf for all]")
    assert result.count == 1
    assert result.cut == ["row 2 (C-000001), Notes"]
    assert "1 cell over Excel's 32,767 characters was cut" in result.summary()
    assert "row 2 (C-000001), Notes" in result.summary()
    # CSV has no such limit: the whole text
    whole = tmp_path / "long.csv"
    assert export_file(db, "csv", whole).cut == []
    assert _csv_cells(whole)["Notes"] == "x" * 40_000


def test_command_line_export_names_the_cut_cell(db: Database, tmp_path: Path) -> None:
    _stock(db, tmp_path, notes="y" * 33_000)
    path = tmp_path / "t.db"  # the `db` fixture's file
    out = tmp_path / "cli.xlsx"
    done = subprocess.run(
        [str(RAPPORT), "export", "--db", str(path), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"1 contact written to {out}"
    assert "row 2 (C-000001), Notes" in done.stdout


def test_exports_count_nothing_cut_when_nothing_is_long(db: Database, tmp_path: Path) -> None:
    _stock(db, tmp_path)
    with db.transaction() as conn:
        assert conn.execute(text("SELECT count(*) FROM contacts")).scalar_one() == 1
    result = export_file(db, "xlsx", tmp_path / "ok.xlsx")
    assert result.cut == [] and result.summary() == f"1 contact written to {tmp_path / 'ok.xlsx'}"
