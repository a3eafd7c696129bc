"""What an import will read: the file, and for a spreadsheet its sheet, header row and
mapping. The wizard builds one step by step; the command line builds one from its options."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from itertools import islice
from pathlib import Path

from sqlalchemy import select

from desktop.errors import RapportError
from desktop.exchange import safety
from desktop.exchange.mapping import Mapping, guess_mapping, ignored_columns, row_reader
from desktop.exchange.phone_region import system_region
from desktop.exchange.record import IncomingRecord
from desktop.exchange.sources import Table, open_table
from desktop.exchange.text_encoding import encoding_name
from desktop.exchange.vcard_reader import read_vcards
from desktop.store.database import Database
from desktop.store.entities import CustomField, FieldTarget

_CJK = re.compile("[\u4e00-\u9fff]")
VCARD_SUFFIXES = (".vcf", ".vcard")


class OnDuplicate(StrEnum):
    SKIP = "skip"
    UPDATE = "update"
    OVERWRITE = "overwrite"
    ADD = "add"


class BadRows(StrEnum):
    SKIP = "skip"
    KEEP = "keep"


@dataclass(frozen=True)
class ImportOptions:
    on_duplicate: OnDuplicate = OnDuplicate.UPDATE
    bad_rows: BadRows = BadRows.KEEP
    #: the user's region for phone numbers written without a country code in rows that name
    #: no country; None = guessed from the file, else the computer's locale
    region: str | None = None


@dataclass(frozen=True)
class ImportPlan:
    path: Path
    #: None for a vCard file, which needs no mapping
    table: Table | None = None
    mapping: Mapping = ()

    @property
    def is_vcard(self) -> bool:
        return self.table is None

    def records(self, skip: int = 0) -> Iterator[IncomingRecord]:
        """The file's records, after the first `skip` (passed over without mapping their
        columns: the import's worker process skips what the importing process checked)."""
        if self.table is None:
            yield from islice(read_vcards(self.path), skip, None)
            return
        read = row_reader(self.mapping, self.table.headers)
        rows = ((n, cells) for n, cells in self.table.data_rows() if any(c.strip() for c in cells))
        for row_number, cells in islice(rows, skip, None):
            yield read(row_number, cells)

    def ignored_columns(self) -> list[str]:
        """Headers of the columns the mapping leaves out (none for a vCard file)."""
        return [] if self.table is None else ignored_columns(self.table.headers, self.mapping)

    def encoding_name(self) -> str:
        """'Shift_JIS': the character set a text file is read in ('' for other files)."""
        if self.table is None or self.table.kind != "text":
            return ""
        return encoding_name(self.table.encoding)

    def estimate(self) -> int:
        if self.table is None:
            return max(self.path.read_bytes().upper().count(b"BEGIN:VCARD"), 1)
        return self.table.estimate_rows()

    def region(self, options: ImportOptions) -> str:
        """The region of phones whose row names no country: the user's (the wizard passes
        the phone-region setting, the command line --region), else China for Chinese
        headers, else the computer's locale's."""
        if options.region:
            return options.region
        if self.table is not None and any(_CJK.search(h) for h in self.table.headers):
            return "CN"
        return system_region()

    def with_table(self, table: Table, custom_fields: list[str]) -> ImportPlan:
        """A new sheet or header row: the mapping is guessed again for its headers."""
        return replace(self, table=table, mapping=guess_mapping(table.headers, custom_fields))


def contact_custom_fields(db: Database) -> dict[str, tuple[str, str]]:
    """Contact custom fields by name: (type, choices)."""
    with db.session() as session:
        rows = session.execute(
            select(CustomField.name, CustomField.field_type, CustomField.choices).where(
                CustomField.applies_to == FieldTarget.CONTACT
            )
        )
        return {name: (field_type, choices) for name, field_type, choices in rows}


def plan_import(
    path: Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    custom_fields: list[str] | None = None,
) -> ImportPlan:
    """Open a contacts file and guess how to read it."""
    path = Path(path)
    if not path.is_file():
        raise RapportError(f"{path} does not exist or is not a file")
    kind = safety.sniff(path)
    if path.suffix.lower() in VCARD_SUFFIXES or kind == "vcard":
        if kind != "vcard":
            raise RapportError(
                f"{path.name} is not a vCard file (it does not begin with BEGIN:VCARD)"
            )
        return ImportPlan(path)
    if kind == "calendar":
        raise RapportError(
            f"{path.name} is a calendar (iCalendar), not a contact list; name it .ics to import "
            "it into the calendar"
        )
    table = open_table(path, sheet=sheet, header_row=header_row)
    return ImportPlan(path, table, guess_mapping(table.headers, custom_fields or []))
