"""Formula cells a workbook holds without a value: a file written by a program (not saved by
Excel) keeps the formula and leaves its result for Excel to calculate, so a reader sees an
empty cell. The import cannot calculate it either; it names each such cell instead of
importing it as empty without a word (issue 13.9).

Only the sheet being imported is read, and only when its XML holds a formula at all, so an
ordinary list costs one pass over bytes.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from pathlib import Path

from defusedxml import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_BLOCK = 1 << 20
#: cells named in full; the rest are counted
SHOWN = 10


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str:
    """The zip member holding the named sheet's cells ('' when the workbook does not say)."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rel_id = next(
        (s.get(f"{_REL}id") for s in book.iter(f"{_MAIN}sheet") if s.get("name") == sheet), None
    )
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(
        (
            r.get("Target", "")
            for r in rels.iter(f"{_PACKAGE_REL}Relationship")
            if r.get("Id") == rel_id
        ),
        "",
    )
    if not target:
        return ""
    return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)


def _has_formula(archive: zipfile.ZipFile, part: str) -> bool:
    tail = b""
    with archive.open(part) as member:
        while block := member.read(_BLOCK):
            if b"<f>" in tail + block or b"<f " in tail + block:
                return True
            tail = block[-3:]
    return False


def _uncalculated(archive: zipfile.ZipFile, part: str) -> Iterator[str]:
    with archive.open(part) as member:
        for _event, element in ElementTree.iterparse(member):
            if element.tag != f"{_MAIN}c":
                continue
            formula = element.find(f"{_MAIN}f")
            value = element.find(f"{_MAIN}v")
            if formula is not None and (value is None or not (value.text or "")):
                yield element.get("r", "?")
            element.clear()


def uncalculated_formulas(path: Path, sheet: str) -> tuple[list[str], int]:
    """The first SHOWN cells ('C2') of the sheet holding a formula without a saved value, and
    how many there are in all."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet)
            if not part or part not in archive.namelist() or not _has_formula(archive, part):
                return [], 0
            shown: list[str] = []
            count = 0
            for cell in _uncalculated(archive, part):
                count += 1
                if len(shown) < SHOWN:
                    shown.append(cell)
            return shown, count
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        return [], 0  # the reader reports a damaged workbook in its own words
