"""Hostile, damaged and mislabelled files: each is refused with a message naming the file,
and the database is exactly as it was (not even an import record or a CRM number used)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from exchange_support import import_file, table_counts, write_csv

from desktop.errors import RapportError
from desktop.exchange.export_rows import Column
from desktop.exchange.safety import OLE2_MAGIC
from desktop.exchange.xlsx_export import write_xlsx
from desktop.store.database import Database


def _workbook(path: Path) -> Path:
    write_xlsx(
        path,
        [Column("First name"), Column("E-mail")],
        [["Anna", "anna@example.com"], ["Bob", "bob@example.com"]],
    )
    return path


def _rewrite(path: Path, member: str, data: bytes, *, level: int = 6) -> None:
    """Replace one part of an xlsx."""
    original = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as out:
        for info in original.infolist():
            out.writestr(
                info.filename, data if info.filename == member else original.read(info.filename)
            )


def _refused(db: Database, path: Path, message: str) -> None:
    before = table_counts(db)
    with pytest.raises(RapportError, match=message) as caught:
        import_file(db, path)
    assert path.name in str(caught.value)
    assert "\n" not in str(caught.value)
    assert table_counts(db) == before


@pytest.fixture
def stocked(db: Database, tmp_path: Path) -> Database:
    """A database with one import in it, so 'unchanged' means more than 'still empty'."""
    import_file(
        db,
        write_csv(tmp_path / "first.csv", [["Name", "Email"], ["Carla Diaz", "carla@example.com"]]),
    )
    return db


def test_a_good_workbook_imports(stocked: Database, tmp_path: Path) -> None:
    assert import_file(stocked, _workbook(tmp_path / "good.xlsx")).created == 2


def test_truncated_workbook(stocked: Database, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "cut.xlsx")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    _refused(stocked, path, "damaged or incomplete")


def test_xml_bomb(stocked: Database, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "bomb.xlsx")
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
            for i in range(1, 10)
        )
        + b']><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheets><sheet name="&lol9;" sheetId="1"/></sheets></workbook>'
    )
    _rewrite(path, "xl/workbook.xml", laughs)
    _refused(stocked, path, "XML bomb")


def test_zip_bomb(stocked: Database, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "zipbomb.xlsx")
    _rewrite(path, "xl/worksheets/sheet1.xml", b"<" + b" " * 40_000_000, level=9)
    assert path.stat().st_size < 200_000  # 40 MB packed into a small file
    _refused(stocked, path, "zip bomb")


def test_encrypted_workbook(stocked: Database, tmp_path: Path) -> None:
    # Excel's password protection: an OLE2 container with EncryptionInfo and
    # EncryptedPackage streams instead of a zip.
    header = OLE2_MAGIC + bytes(504)
    directory = "EncryptionInfo".encode("utf-16-le").ljust(128, b"\0")
    directory += "EncryptedPackage".encode("utf-16-le").ljust(128, b"\0")
    path = tmp_path / "secret.xlsx"
    path.write_bytes(header + directory + bytes(4096))
    _refused(stocked, path, "password-protected")


def test_huge_field_in_csv(stocked: Database, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "huge.csv", [["Name", "Notes"], ["Anna", "x" * 200_000], ["Bob", "fine"]]
    )
    _refused(stocked, path, "row 2: a field is longer than 100,000 characters")


def test_wrong_encoding(stocked: Database, tmp_path: Path) -> None:
    # A UTF-8 byte-order mark, then Windows-1252 text: Excel's 'CSV UTF-8' saved by a
    # program that lied about it.
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"\xef\xbb\xbfName,City\r\nAnna,Berlin\r\nJ\xfcrgen,K\xf6ln\r\n")
    _refused(stocked, path, r"line 3: the text is not valid UTF-8 \(byte 0xFC\)")


def test_binary_file_named_csv(stocked: Database, tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    _refused(stocked, path, "not a text file")


def test_workbook_named_csv(stocked: Database, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(_workbook(tmp_path / "real.xlsx").read_bytes())
    _refused(stocked, path, "zip archive")


def test_text_named_xlsx(stocked: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.xlsx", [["Name"], ["Anna"]])
    _refused(stocked, path, "not an Excel workbook")


def test_zip_that_is_not_a_workbook(stocked: Database, tmp_path: Path) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    _refused(stocked, path, "not an Excel workbook")


def test_vcard_that_is_not_one(stocked: Database, tmp_path: Path) -> None:
    path = tmp_path / "people.vcf"
    path.write_text("Name: Anna\n", encoding="utf-8")
    _refused(stocked, path, "not a vCard file")


def test_empty_file(stocked: Database, tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    _refused(stocked, path, "is empty")


def test_headers_only(stocked: Database, tmp_path: Path) -> None:
    _refused(
        stocked,
        write_csv(tmp_path / "headers.csv", [["Name", "E-mail"]]),
        "has no contacts to import",
    )
