"""CRM numbers an import carries (issue 13.7): kept where free, and a new one where not.

A file exported by Rapport names each contact's CRM number; importing it into another (or an
empty) database should not renumber every customer, since salespeople quote these numbers.
A number is kept when no contact holds it and no earlier row of the import kept it; the
counter then moves past the highest kept number, so it never hands a kept number out again
(CRM numbers are never reused). Every row that asked for a number and did not get it is
named, with the number it got instead.

The number is also the best sign of who a row is: a stored contact holding the row's number
under the same name is that row's contact, ahead of a shared e-mail or phone; and two rows of
one file with different numbers are two people, however much else they share.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, text

from desktop.exchange.bulk import marks
from desktop.exchange.duplicates import Match
from desktop.exchange.validation import CheckedRecord
from desktop.store import crm_numbers

_QUERY_CHUNK = 500


def asked_number(record: CheckedRecord) -> str:
    """The CRM number the row carries, in its stored form ('C-000123'), or ''."""
    raw = record.text("crm_number")
    # most rows carry none, and this is asked three times for each row of an import
    return (crm_numbers.normalise_crm(raw) or "") if raw else ""


def other_person(record: CheckedRecord, earlier: CheckedRecord | str) -> bool:
    """Two rows (or a row and the number a contact of this import was given) that carry
    different CRM numbers: two contacts, whatever else they share."""
    mine = asked_number(record)
    theirs = earlier if isinstance(earlier, str) else asked_number(earlier)
    return bool(mine and theirs and mine != theirs)


def _held(conn: Connection, numbers: Sequence[str]) -> dict[str, tuple[int, str, str]]:
    """Stored contacts holding these numbers: number -> (id, display name, sort name)."""
    found: dict[str, tuple[int, str, str]] = {}
    wanted = sorted(set(numbers))
    for start in range(0, len(wanted), _QUERY_CHUNK):
        chunk = wanted[start : start + _QUERY_CHUNK]
        rows = conn.exec_driver_sql(
            "SELECT crm_number, id, display_name, sort_name FROM contacts "
            f"WHERE crm_number IN ({marks(conn, len(chunk))})",
            tuple(chunk),
        )
        for number, contact_id, display, sort in rows:
            found[number] = (contact_id, display, sort)
    return found


class CrmNumbers:
    """The numbers of one import's new contacts, and what it had to say about them."""

    def __init__(self, unit: str = "row") -> None:
        #: 'row', or 'card' for vCards: what a record's number counts
        self.unit = unit
        #: number kept by this import -> the row that kept it
        self._kept: dict[str, int] = {}
        #: contact created by this import -> the number its row carried
        self.asked: dict[int, str] = {}
        #: one line per row that did not get the number it carried
        self.notes: list[str] = []

    def match_stored(
        self, conn: Connection, records: Sequence[CheckedRecord], matches: list[Match | None]
    ) -> list[Match | None]:
        """`matches` (find_in_database's), with a record whose CRM number a stored contact
        of the same name holds matched to that contact."""
        held = _held(conn, [n for r in records if (n := asked_number(r))])
        if not held:
            return matches
        out = list(matches)
        for index, record in enumerate(records):
            holder = held.get(asked_number(record))
            if holder is not None and holder[2] == record.sort_name:
                out[index] = Match(holder[0], f"c:{asked_number(record)}")
        return out

    def assign(self, conn: Connection, records: Sequence[CheckedRecord]) -> list[str]:
        """A CRM number for each new contact, in order: the one its row carries when free,
        else the next of the counter."""
        asked = [asked_number(r) for r in records]
        held = _held(conn, [n for n in asked if n])
        given: list[str | None] = []
        why: list[str] = []
        for record, number in zip(records, asked, strict=True):
            raw = record.text("crm_number")
            if number and number not in held and number not in self._kept:
                self._kept[number] = record.row
                given.append(number)
                why.append("")
                continue
            given.append(None)
            if number in self._kept:
                why.append(f"CRM number {number} is taken ({self.unit} {self._kept[number]})")
            elif number:
                why.append(f"CRM number {number} is taken ({held[number][1] or number})")
            elif raw:
                why.append(f"'{raw}' is not a CRM number")
            else:
                why.append("")
        kept = [crm_numbers.parse_crm(n) or 0 for n in given if n]
        if kept:
            # the counter only grows, and from now on never reaches a kept number
            conn.execute(
                text("UPDATE counters SET value = :top WHERE name = 'contact' AND value < :top"),
                {"top": max(kept)},
            )
        missing = sum(1 for n in given if n is None)
        fresh = iter(crm_numbers.allocate(conn, missing) if missing else ())
        numbers = []
        for record, kept_number, reason in zip(records, given, why, strict=True):
            number = kept_number or crm_numbers.format_crm(next(fresh))
            if reason:
                self.notes.append(f"{self.unit} {record.row}: {reason}; given {number}")
            numbers.append(number)
        return numbers

    def created(self, ids: Sequence[int], records: Sequence[CheckedRecord]) -> None:
        """Remember the number each new contact's row carried (for other_person)."""
        for contact_id, record in zip(ids, records, strict=True):
            number = asked_number(record)
            if number:
                self.asked[contact_id] = number
