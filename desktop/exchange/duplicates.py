"""Is an incoming row someone already in the database, or someone earlier in the same file?

The rule is services.duplicate_rule's, the one the card's warning uses: the same e-mail, the
same phone when the names agree, or the same name at the same company. Database look-ups go a
chunk of rows at a time through the indexed columns address_key, digits and company_name, so
matching against a million contacts costs three queries per chunk. Each match keeps why it
matched, so the summary can say which row went into which.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from desktop.exchange.bulk import marks
from desktop.exchange.validation import CheckedRecord
from desktop.services import duplicate_rule as rule
from desktop.store.names import sort_name

_QUERY_CHUNK = 500


@dataclass(frozen=True)
class Match:
    """What a row matched: an index (a pending row) or a contact id, and the key that did."""

    target: int
    key: str


@dataclass(frozen=True)
class DuplicateRow:
    """A row the import did not add as a new contact, and what it repeats."""

    row: int
    #: 'row 3' (an earlier row of the file) or 'C-000001 Anna Schmidt' (a stored contact)
    into: str
    #: 'same e-mail anna@example.com', 'same phone +49 30 1234567', 'same name and company'
    reason: str


def match_keys(record: CheckedRecord) -> list[str]:
    """Keys of a record, strongest first: 'e:addr', 'p:digits', 'n:sort|company'; the first
    entry is the record's name key ('' for none), which a phone match must agree with."""
    if record.keys is not None:
        return record.keys
    first, last, company = (record.text(n) for n in ("first_name", "last_name", "company"))
    keys = [rule.name_key(first, last, company)]
    keys += [f"e:{key}" for e in record.emails if (key := rule.email_key(e.key))]
    keys += [f"p:{key}" for p in record.phones if (key := rule.phone_key(p.digits))]
    # the sort name of a person's name (there is a key only for a person), without working
    # out the display name record.sort_name would fall back on for a card with no person
    person = rule.person_at_company_key(sort_name(first, last), first, last, company)
    if person:
        keys.append(f"n:{person}")
    record.keys = keys
    return keys


def reason(record: CheckedRecord, key: str) -> str:
    """What a user reads for a matching key."""
    kind, value = key[0], key[2:]
    if kind == "e":
        address = next((e.address for e in record.emails if e.key == value), value)
        return f"same e-mail {address}"
    if kind == "p":
        number = next((p.number for p in record.phones if p.digits == value), value)
        return f"same phone {number}"
    if kind == "c":
        return f"same CRM number {value}"
    return "same name and company"


class _Phones:
    """Phone digits -> {name key: first target}, with None for the first target of any name:
    a record without a name matches whoever came first, one with a name those of the same
    name or of none."""

    def __init__(self) -> None:
        self._by_digits: dict[str, dict[str | None, int]] = {}

    def add(self, digits: str, name: str, target: int, lowest: bool = False) -> None:
        names = self._by_digits.setdefault(digits, {})
        for key in (name, None):
            if key not in names or (lowest and target < names[key]):
                names[key] = target

    def find(self, digits: str, name: str) -> int | None:
        names = self._by_digits.get(digits)
        if not names:
            return None
        if not name:
            return names[None]
        same, nameless = names.get(name), names.get("")
        if same is None or nameless is None:
            return nameless if same is None else same
        return min(same, nameless)

    def clear(self) -> None:
        self._by_digits.clear()


def _first_match(keys: list[str], known: dict[str, int], phones: _Phones) -> Match | None:
    name = keys[0]
    for key in keys[1:]:
        found = phones.find(key[2:], name) if key[0] == "p" else known.get(key)
        if found is not None:
            return Match(found, key)
    return None


def _chunks(values: Sequence[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), _QUERY_CHUNK):
        yield list(values[start : start + _QUERY_CHUNK])


def _lookup(conn: Connection, select: str, values: set[str]) -> Iterator[tuple[Any, ...]]:
    """Rows of `select` (ending in 'WHERE column') for the values, 500 at a time, through the
    driver: SQLAlchemy's expanding IN compiled the 500 parameters anew for every query, which
    cost several times what SQLite took to answer it."""
    for chunk in _chunks(sorted(values)):
        yield from conn.exec_driver_sql(f"{select} IN ({marks(conn, len(chunk))})", tuple(chunk))


def _oldest(rows: Iterable[tuple[Any, ...]], prefix: str, known: dict[str, int]) -> None:
    """known[prefix + key]: the lowest contact id of the (key, contact id) rows."""
    for key, contact_id in rows:
        name = f"{prefix}{key}"
        if name not in known or contact_id < known[name]:
            known[name] = contact_id


def find_in_database(conn: Connection, records: Sequence[CheckedRecord]) -> list[Match | None]:
    """For each record the existing contact it matches (the oldest), or None."""
    keys = [match_keys(r) for r in records]
    # One pass over the keys, by their first letter: this runs for every row of an import.
    wanted: dict[str, set[str]] = {"e": set(), "p": set(), "n": set()}
    for ks in keys:
        for k in ks[1:]:
            wanted[k[0]].add(k[2:])
    known: dict[str, int] = {}
    select = "SELECT address_key, contact_id FROM contact_emails WHERE address_key"
    _oldest(_lookup(conn, select, wanted["e"]), "e:", known)
    phones = _Phones()
    select = (
        "SELECT p.digits, p.contact_id, c.first_name, c.last_name, c.company_name "
        "FROM contact_phones p JOIN contacts c ON c.id = p.contact_id WHERE p.digits"
    )
    for digits, contact_id, first, last, company in _lookup(conn, select, wanted["p"]):
        phones.add(digits, rule.name_key(first, last, company or ""), contact_id, lowest=True)
    sorts = {name.split("|", 1)[0] for name in wanted["n"]}
    if sorts:
        # Looked up by company (indexed, and few people per company) rather than by name: a
        # common name like '王伟' has hundreds of contacts in a big database. Company names
        # compare ignoring case, so the usual spellings of each are asked for.
        spellings = {
            variant
            for record in records
            if (company := record.text("company"))
            for variant in (company, company.lower(), company.upper(), company.title())
        }
        select = (
            "SELECT sort_name, first_name, last_name, company_name, id FROM contacts "
            "WHERE company_name"
        )
        _oldest(
            (
                (rule.person_at_company_key(sort, first, last, company), contact_id)
                for sort, first, last, company, contact_id in _lookup(conn, select, spellings)
                if sort in sorts
            ),
            "n:",
            known,
        )
    return [_first_match(ks, known, phones) for ks in keys]


#: a duplicate found: (the record, the earlier row it repeats or None, else the contact id,
#: the key that matched)
Found = tuple[CheckedRecord, int | None, int, str]


def duplicate_rows(conn: Connection, found: Sequence[Found]) -> list[DuplicateRow]:
    """The found duplicates as the summary lists them, stored contacts named by CRM number
    and name (one look-up for the chunk)."""
    ids = {contact_id for _, row, contact_id, _ in found if row is None}
    select = "SELECT id, crm_number, display_name FROM contacts WHERE id"
    names = {i: f"{crm} {name}".strip() for i, crm, name in _lookup_ids(conn, select, ids)}
    return [
        DuplicateRow(
            record.row,
            f"row {row}" if row is not None else names.get(contact_id, f"contact {contact_id}"),
            reason(record, key),
        )
        for record, row, contact_id, key in found
    ]


def _lookup_ids(conn: Connection, select: str, ids: set[int]) -> Iterator[tuple[Any, ...]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), _QUERY_CHUNK):
        chunk = ordered[start : start + _QUERY_CHUNK]
        yield from conn.exec_driver_sql(f"{select} IN ({marks(conn, len(chunk))})", tuple(chunk))


class FileMatcher:
    """Rows of this file seen so far that are not yet written, by key."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}
        self._phones = _Phones()

    def find(self, record: CheckedRecord) -> Match | None:
        """The index (as given to add) of an earlier pending row this record repeats."""
        return _first_match(match_keys(record), self._seen, self._phones)

    def add(self, record: CheckedRecord, index: int) -> None:
        keys = match_keys(record)
        for key in keys[1:]:
            if key[0] == "p":
                self._phones.add(key[2:], keys[0], index)
            else:
                self._seen.setdefault(key, index)

    def clear(self) -> None:
        self._seen.clear()
        self._phones.clear()


class CreatedRows:
    """The file row each contact created by this import came from, for naming a later row's
    duplicate 'row 3'. Ids are handed out in ascending order, so two arrays and a bisection
    hold 300,000 of them in a few megabytes."""

    def __init__(self) -> None:
        self._ids = array("q")
        self._rows = array("q")

    def add(self, ids: Sequence[int], rows: Sequence[int]) -> None:
        self._ids.extend(ids)
        self._rows.extend(rows)

    def row_of(self, contact_id: int) -> int | None:
        at = bisect_left(self._ids, contact_id)
        return self._rows[at] if at < len(self._ids) and self._ids[at] == contact_id else None
