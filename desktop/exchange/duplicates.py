"""Is an incoming row someone already in the database, or someone earlier in the same file?

Three signs, in this order: the same e-mail (ignoring case), the same phone by the digits of
its international form (at least 7 digits, so an extension never matches), or the same name
at the same company (only when a company is given: two 'Anna Schmidt's without one are not
assumed to be one person). Database look-ups go a chunk of rows at a time through the indexed
columns address_key, digits and company_name, so matching against a million contacts costs three
queries per chunk.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection

from desktop.exchange.bulk import marks
from desktop.exchange.validation import CheckedRecord

MIN_PHONE_DIGITS = 7
_QUERY_CHUNK = 500


def match_keys(record: CheckedRecord) -> list[str]:
    """Keys of a record, strongest first: 'e:addr', 'p:digits', 'n:sort|company'."""
    if record.keys is not None:
        return record.keys
    keys = [f"e:{e.key}" for e in record.emails if "@" in e.key]
    keys += [f"p:{p.digits}" for p in record.phones if len(p.digits) >= MIN_PHONE_DIGITS]
    company = record.text("company").casefold()
    if company and (record.text("first_name") or record.text("last_name")):
        keys.append(f"n:{record.sort_name}|{company}")
    record.keys = keys
    return keys


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


def find_in_database(conn: Connection, records: Sequence[CheckedRecord]) -> list[int | None]:
    """For each record the id of the existing contact it matches (the oldest), or None."""
    keys = [match_keys(r) for r in records]
    # One pass over the keys, by their first letter: this runs for every row of an import.
    wanted: dict[str, set[str]] = {"e": set(), "p": set(), "n": set()}
    for ks in keys:
        for k in ks:
            wanted[k[0]].add(k[2:])
    emails, phones = wanted["e"], wanted["p"]
    sorts = {name.split("|", 1)[0] for name in wanted["n"]}
    known: dict[str, int] = {}
    select = "SELECT address_key, contact_id FROM contact_emails WHERE address_key"
    _oldest(_lookup(conn, select, emails), "e:", known)
    select = "SELECT digits, contact_id FROM contact_phones WHERE digits"
    _oldest(_lookup(conn, select, phones), "p:", known)
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
        select = "SELECT sort_name, company_name, id FROM contacts WHERE company_name"
        _oldest(
            (
                (f"{sort}|{company.casefold()}", contact_id)
                for sort, company, contact_id in _lookup(conn, select, spellings)
                if sort in sorts
            ),
            "n:",
            known,
        )
    return [_first_known(ks, known) for ks in keys]


def _first_known(keys: list[str], known: dict[str, int]) -> int | None:
    for key in keys:
        found = known.get(key)
        if found is not None:
            return found
    return None


class FileMatcher:
    """Rows of this file seen so far that are not yet written, by key."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def find(self, record: CheckedRecord) -> int | None:
        """Index (as given to add) of an earlier pending row this record repeats."""
        return next((self._seen[k] for k in match_keys(record) if k in self._seen), None)

    def add(self, record: CheckedRecord, index: int) -> None:
        for key in match_keys(record):
            self._seen.setdefault(key, index)

    def clear(self) -> None:
        self._seen.clear()
