"""Exports: typed, readable spreadsheets; formulas never run; withdrawn consent left out; a
spreadsheet round trip keeps every field."""

from __future__ import annotations

import csv
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from exchange_support import REALDATA, contact_named, import_file, write_csv
from python_calamine import CalamineWorkbook
from sqlalchemy import text

from desktop.errors import RapportError
from desktop.exchange.export_rows import Selection
from desktop.exchange.exporter import export_contacts
from desktop.exchange.vcard_reader import read_vcards
from desktop.store.database import Database, open_database

INJECTIONS = {
    "First name": '=HYPERLINK("http://evil.example","click")',
    "Last name": "+SUM(1,2)",
    "Company": "@cmd|' /C calc'!A0",
    "Job title": "-2+3",
    "Department": "\tTabbed",
    "Notes": "\r=1+1",
}


@pytest.fixture
def rich(db: Database, tmp_path: Path) -> Database:
    """Real exports plus one contact using every field, a custom field and consent."""
    for path in (
        *sorted((REALDATA / "contacts").iterdir()),
        *sorted((REALDATA / "vcard").iterdir()),
    ):
        import_file(db, path)
    write_csv(
        tmp_path / "extra.csv",
        [
            [
                "First name",
                "Last name",
                "Company",
                "Job title",
                "Department",
                "Phone (work)",
                "Phone (work) #2",
                "E-mail (home)",
                "Street (home)",
                "City (home)",
                "Birthday",
                "Tags",
                "Groups",
                "Source",
                "Owner",
                "Consent purpose",
                "Consent source",
                "Consent given",
                "Notes",
                "Custom: Shoe size",
            ],
            [
                "Ömer",
                "Çelik",
                "Örnek A.Ş.",
                "Müdür",
                "Satış",
                "+90 212 555 0101",
                "+90 212 555 0102",
                "omer@example.com.tr",
                "İstiklal Cd. 1\nKat 3",
                "İstanbul",
                "1979-04-01",
                "vip; fair 2025",
                "Messe",
                "Trade fair",
                "sam",
                "newsletter",
                "form",
                "2024-03-01",
                "line one\nline two",
                "44",
            ],
        ],
    )
    import_file(db, tmp_path / "extra.csv")
    return db


def _sheet(path: Path) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def test_xlsx_is_typed_with_frozen_bold_header_and_widths(rich: Database, tmp_path: Path) -> None:
    out = tmp_path / "all.xlsx"
    assert export_contacts(rich, "xlsx", out) == 26
    sheet = openpyxl.load_workbook(out).active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "CRM number" and sheet["A1"].font.b
    headers = [c.value for c in sheet[1]]
    birthday = headers.index("Birthday") + 1
    widths = {sheet.column_dimensions[c.column_letter].width for c in sheet[1]}
    assert min(widths) >= 8 and max(widths) <= 50
    rows = {r[1].value: r for r in sheet.iter_rows(min_row=2)}
    assert rows["Ömer"][birthday - 1].value.date() == date(1979, 4, 1)
    assert rows["Ömer"][birthday - 1].number_format == "yyyy-mm-dd"


def _store_raw(db: Database, tmp_path: Path) -> None:
    """One contact holding the injections exactly (an import would trim the tab and CR)."""
    import_file(db, write_csv(tmp_path / "evil.csv", [list(INJECTIONS), list(INJECTIONS.values())]))
    with db.transaction() as conn:
        conn.execute(
            text("UPDATE contacts SET department = :d, notes = :n"),
            {"d": INJECTIONS["Department"], "n": INJECTIONS["Notes"]},
        )


def test_formula_injection_stays_text(db: Database, tmp_path: Path) -> None:
    _store_raw(db, tmp_path)
    out = tmp_path / "evil.xlsx"
    export_contacts(db, "xlsx", out)
    with zipfile.ZipFile(out) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    sheet = openpyxl.load_workbook(out).active
    headers = [c.value for c in sheet[1]]
    for title, value in INJECTIONS.items():
        cell = sheet.cell(2, headers.index(title) + 1)
        assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", value, True), title


def test_csv_has_bom_and_quotes_formulas_and_reimports_exactly(
    db: Database, tmp_path: Path
) -> None:
    _store_raw(db, tmp_path)
    out = tmp_path / "evil-out.csv"
    export_contacts(db, "csv", out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbfCRM number,")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        header, row = list(csv.reader(handle))
    cells = dict(zip(header, row, strict=True))
    assert cells["First name"] == "'" + INJECTIONS["First name"]
    assert cells["Job title"] == "'-2+3"
    assert cells["Department"] == "'\tTabbed"
    again = open_database(tmp_path / "again.db")
    try:
        import_file(again, out)
        card = contact_named(again, f"{INJECTIONS['First name']} +SUM(1,2)")
        assert (card.company, card.title) == ("@cmd|' /C calc'!A0", "-2+3")
    finally:
        again.close()


def test_withdrawn_consent_is_left_out(rich: Database, tmp_path: Path) -> None:
    with rich.transaction() as conn:
        conn.execute(
            text(
                "UPDATE contacts SET consent_withdrawn_at = CURRENT_TIMESTAMP "
                "WHERE first_name = 'Ömer'"
            )
        )
    for fmt in ("xlsx", "csv", "vcf"):
        out = tmp_path / f"out.{fmt}"
        assert export_contacts(rich, fmt, out) == 25
        assert "Çelik" not in out.read_bytes().decode("utf-8-sig", "replace")


def test_group_export(rich: Database, tmp_path: Path) -> None:
    out = tmp_path / "messe.xlsx"
    assert export_contacts(rich, "xlsx", out, Selection(group="Messe")) == 1
    assert _sheet(out)[1][1] == "Ömer"
    with pytest.raises(RapportError, match="there is no group named 'Nope'"):
        export_contacts(rich, "csv", tmp_path / "x.csv", Selection(group="Nope"))
    assert not (tmp_path / "x.csv").exists()


def test_xlsx_round_trip_keeps_every_field(rich: Database, tmp_path: Path) -> None:
    first = tmp_path / "first.xlsx"
    export_contacts(rich, "xlsx", first)
    copy = open_database(tmp_path / "copy.db")
    try:
        result = import_file(copy, first)
        assert result.created == 26
        second = tmp_path / "second.xlsx"
        export_contacts(copy, "xlsx", second)
    finally:
        copy.close()
    before, after = _sheet(first), _sheet(second)
    assert before[0] == after[0]
    # CRM numbers are handed out anew by the other database; everything else is equal.
    assert [row[1:] for row in before] == [row[1:] for row in after]
    omer = dict(zip(before[0], next(r for r in before if r[1] == "Ömer"), strict=True))
    assert omer["Street (home)"] == "İstiklal Cd. 1\nKat 3"
    assert omer["Custom: Shoe size"] == "44"
    assert omer["Tags"] == "fair 2025; vip"
    assert omer["Phone (work) #2"] == "+90 212 555 0102"


def test_vcard_export_reads_back(rich: Database, tmp_path: Path) -> None:
    out = tmp_path / "all.vcf"
    assert export_contacts(rich, "vcf", out) == 26
    cards = {r.text("first_name") + " " + r.text("last_name"): r for r in read_vcards(out)}
    omer = cards["Ömer Çelik"]
    assert omer.text("company") == "Örnek A.Ş."
    assert [(p.label, p.text) for p in omer.phones] == [
        ("work", "+90 212 555 0101"),
        ("work", "+90 212 555 0102"),
    ]
    assert omer.addresses[0].street == "İstiklal Cd. 1\nKat 3"
    assert omer.tags == ["fair 2025", "vip"]
    gmail = cards["VCard Test"]
    assert len(gmail.phones) == 11
    assert {p.label for p in gmail.phones} >= {"GRAND_CENTRAL", "work fax", "mobile"}
    assert any(line.startswith(" ") for line in out.read_text("utf-8").splitlines())


def test_export_to_missing_folder(rich: Database, tmp_path: Path) -> None:
    with pytest.raises(RapportError, match="does not exist"):
        export_contacts(rich, "xlsx", tmp_path / "nowhere" / "x.xlsx")
