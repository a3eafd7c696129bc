"""Refusing hostile or mislabelled files before a parser sees them.

A spreadsheet is a zip of XML; a crafted one can inflate to gigabytes (zip bomb) or expand
entities without end (XML bomb), and an encrypted workbook is not a zip at all but an OLE2
container. Everything here reads only headers and declared sizes, so a refusal costs
milliseconds and bounded memory, and each message names the file.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException

from desktop.errors import RapportError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# An xlsx of a million rows unpacks to well under this; more is refused before reading.
MAX_UNPACKED_BYTES = 2_000_000_000
# Real sheets compress about 10:1; a bomb compresses thousands to one.
MAX_RATIO = 200
_RATIO_FLOOR = 10_000_000
_PROLOG_BYTES = 65_536
_ENCRYPTION_MARK = "EncryptionInfo".encode("utf-16-le")


def sniff(path: Path) -> str:
    """What the file is by its first bytes: 'zip', 'ole2', 'vcard', 'calendar', 'markup',
    'empty' or 'text'."""
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        raise RapportError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not head:
        return "empty"
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE2_MAGIC):
        return "ole2"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").upper()
    if text.startswith(b"BEGIN:VCARD"):
        return "vcard"
    if text.startswith(b"BEGIN:VCALENDAR"):
        return "calendar"
    if text.startswith((b"<?XML", b"<HTML", b"<!DOCTYPE", b"<TABLE")):
        return "markup"
    return "text"


def refuse_ole2(path: Path) -> None:
    """An OLE2 file named .xlsx is either encrypted (Excel's password protection wraps the
    workbook in OLE2) or an old .xls under a new name: say which."""
    encrypted = False
    with path.open("rb") as handle:
        tail = b""
        while chunk := handle.read(1 << 20):
            if _ENCRYPTION_MARK in tail + chunk:
                encrypted = True
                break
            tail = chunk[-len(_ENCRYPTION_MARK) :]
    if encrypted:
        raise RapportError(
            f"{path.name} is a password-protected (encrypted) workbook; open it in Excel, "
            "remove the password (File > Info > Protect Workbook) and import the saved copy"
        )
    raise RapportError(
        f"{path.name} is an old Excel 97-2003 workbook, not .xlsx; save it as .xlsx or "
        "rename it to .xls"
    )


def check_workbook_zip(path: Path) -> list[str]:
    """Open the zip's directory, refuse a damaged archive, a zip bomb or an XML bomb, and
    return the member names."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise RapportError(
            f"{path.name} is damaged or incomplete (not a readable zip archive, as every .xlsx "
            "is); was the download or copy cut short?"
        ) from None
    with archive:
        infos = archive.infolist()
        total = sum(info.file_size for info in infos)
        if total > MAX_UNPACKED_BYTES:
            raise RapportError(
                f"{path.name} would unpack to {total / 1e9:.1f} GB; refused as a possible zip bomb"
            )
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > _RATIO_FLOOR and ratio > MAX_RATIO:
                raise RapportError(
                    f"{path.name}: part {info.filename} expands {ratio:,.0f} times; refused as "
                    "a possible zip bomb"
                )
        names = [info.filename for info in infos]
        if "xl/workbook.xml" not in names:
            raise RapportError(
                f"{path.name} is a zip archive but not an Excel workbook (no xl/workbook.xml)"
            )
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                _check_xml_prolog(path, archive, info)
        try:
            SafeElementTree.fromstring(archive.read("xl/workbook.xml"))
        except DefusedXmlException:
            raise _xml_bomb(path, "xl/workbook.xml") from None
        except (SafeElementTree.ParseError, zipfile.BadZipFile, OSError) as exc:
            raise RapportError(f"{path.name} is damaged: xl/workbook.xml: {exc}") from None
    return names


def _check_xml_prolog(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Entity tricks live in a DOCTYPE before the root element; workbooks never have one."""
    try:
        with archive.open(info) as member:
            head = member.read(_PROLOG_BYTES)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise RapportError(f"{path.name} is damaged: {info.filename}: {exc}") from None
    root = _first_element(head)
    prolog = head if root < 0 else head[:root]
    if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper():
        raise _xml_bomb(path, info.filename)


def _first_element(data: bytes) -> int:
    index = 0
    while True:
        index = data.find(b"<", index)
        if index < 0 or index + 1 >= len(data):
            return -1
        if data[index + 1 : index + 2] not in (b"?", b"!"):
            return index
        index += 1


def _xml_bomb(path: Path, part: str) -> RapportError:
    return RapportError(
        f"{path.name}: {part} declares XML entities (a DOCTYPE), which Excel never writes; "
        "refused as a possible XML bomb"
    )
