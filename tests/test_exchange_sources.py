"""Reading files as a user's programs write them: encodings, delimiters, title rows above
the header, merged cells, several sheets."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from exchange_support import contact_named, import_file

from desktop.errors import RapportError
from desktop.exchange.plan import plan_import
from desktop.exchange.sources import open_table
from desktop.store.database import Database

ROWS = (
    "姓名,手机,电子邮件\r\n王伟,13800138000,wang@example.cn\r\n李娜,13900139000,li@example.cn\r\n"
)


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("gb18030", ROWS.encode("gb18030")),
        ("utf-8-sig", ROWS.encode("utf-8-sig")),
        ("utf-16", ROWS.encode("utf-16")),
        ("utf-8", ROWS.encode("utf-8")),
    ],
)
def test_chinese_csv_in_every_encoding(
    db: Database, tmp_path: Path, encoding: str, data: bytes
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes(data)
    assert open_table(path).encoding == encoding
    assert import_file(db, path).created == 2
    wang = contact_named(db, "王伟")
    assert (wang.last_name, wang.first_name) == ("王", "伟")
    assert [(p.label, p.e164) for p in wang.phones] == [("mobile", "+8613800138000")]
    assert [e.address for e in wang.emails] == ["wang@example.cn"]


def test_shift_jis_tab_separated(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "contacts.txt"
    text = (
        "氏名\tメール\t会社\r\n"
        "山田太郎\tyamada@example.jp\t山田商事\r\n"
        "鈴木花子\tsuzuki@example.jp\t\r\n"
    )
    path.write_bytes(text.encode("shift_jis"))
    table = open_table(path)
    assert (table.encoding, table.delimiter) == ("shift_jis", "\t")
    assert table.headers == ("氏名", "メール", "会社")


def test_german_semicolon_csv_from_excel(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "kunden.csv"
    path.write_bytes(
        "Vorname;Nachname;Firma;E-Mail;Telefon;Straße;PLZ;Ort;Geburtstag\r\n"
        "Jürgen;Müller;Bäckerei Müller;jm@example.de;030 1234567;Hauptstraße 5;10115;Berlin;"
        "24.12.1970\r\n".encode("cp1252")
    )
    table = open_table(path)
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    import_file(db, path)
    card = contact_named(db, "Jürgen Müller")
    assert card.company == "Bäckerei Müller"
    assert card.phones[0].e164 == "+49301234567"
    assert (card.addresses[0].street, card.addresses[0].city) == ("Hauptstraße 5", "Berlin")
    assert str(card.birthday) == "1970-12-24"


def test_header_below_title_rows_and_merged_cells(db: Database, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Messe 2025"
    sheet["A1"] = "Kontakte von der Hannover Messe"
    sheet.merge_cells("A1:D1")
    sheet["A2"] = "Bitte alle Felder ausfüllen. Pflichtfelder sind mit * markiert."
    sheet.merge_cells("A2:D2")
    sheet.append(["*Name", "Firma", "E-Mail", "Mobil"])
    sheet.append(["Anna Schmidt", "ACME GmbH", "anna@acme.de", "0171 1234567"])
    sheet.append(["Bernd Vogel", None, "bernd@acme.de", "0172 7654321"])
    sheet.merge_cells("B4:B5")  # one company cell for both people
    book.create_sheet("Notizen")["A1"] = "nothing here"
    path = tmp_path / "messe.xlsx"
    book.save(path)
    plan = plan_import(path)
    assert plan.table.sheets == ("Messe 2025", "Notizen")
    assert plan.table.header_row == 2
    import_file(db, path)
    assert contact_named(db, "Bernd Vogel").company == "ACME GmbH"
    assert contact_named(db, "Anna Schmidt").phones[0].label == "mobile"


def test_unknown_sheet_is_named(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Kunden"
    book.active.append(["Name"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    with pytest.raises(RapportError, match=r"book.xlsx has no sheet 'Leads' \(it has: Kunden\)"):
        plan_import(path, sheet="Leads")


def test_numbers_and_dates_from_excel_cells(db: Database, tmp_path: Path) -> None:
    import datetime

    book = openpyxl.Workbook()
    book.active.append(["First Name", "Last Name", "Mobile Phone", "Birthday"])
    book.active.append(["Tom", "Lee", 4917612345678, datetime.date(1985, 5, 17)])
    path = tmp_path / "typed.xlsx"
    book.save(path)
    import_file(db, path)
    tom = contact_named(db, "Tom Lee")
    assert tom.phones[0].number == "4917612345678"
    assert str(tom.birthday) == "1985-05-17"


def test_huge_workbooks_are_streamed(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.exchange import xlsx_stream

    book = openpyxl.Workbook()
    book.active.title = "Export"
    book.active.append(["Vorname", "Nachname", "E-Mail"])
    for i in range(300):
        book.active.append([f"Eva{i}", "Lang", f"eva{i}@example.de"])
    path = tmp_path / "big.xlsx"
    book.save(path)
    monkeypatch.setattr(xlsx_stream, "STREAM_BYTES", 1_000)  # as if it were gigabytes
    plan = plan_import(path)
    assert plan.table.kind == "xlsx-stream"
    assert plan.table.estimate_rows() == 300
    assert import_file(db, path).created == 300
    assert contact_named(db, "Eva299 Lang").emails[0].address == "eva299@example.de"
