"""Is an incoming row someone already in the database, or someone earlier in the same file?

Three signs, in this order: the same e-mail (ignoring case), the same phone by the digits of
its international form (at least 7 digits, so an extension never matches), or the same name
at the same company (only when a company is given: two 'Anna Schmidt's without one are not
assumed to be one person). Database look-ups go a chunk of rows at a time through the indexed
columns address_key, digits and company_name, so matching against a million contacts costs three
queries per chunk.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, bindparam, text

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


def _lookup(conn: Connection, sql: str, values: set[str]) -> dict[str, int]:
    stmt = text(sql).bindparams(bindparam("v", expanding=True))
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(values)):
        for key, contact_id in conn.execute(stmt, {"v": chunk}):
            if key not in found or contact_id < found[key]:
                found[key] = contact_id
    return found


def find_in_database(conn: Connection, records: Sequence[CheckedRecord]) -> list[int | None]:
    """For each record the id of the existing contact it matches (the oldest), or None."""
    keys = [match_keys(r) for r in records]
    emails = {k[2:] for ks in keys for k in ks if k.startswith("e:")}
    phones = {k[2:] for ks in keys for k in ks if k.startswith("p:")}
    sorts = {k[2:].split("|", 1)[0] for ks in keys for k in ks if k.startswith("n:")}
    known: dict[str, int] = {}
    if emails:
        found = _lookup(
            conn,
            "SELECT address_key, contact_id FROM contact_emails WHERE address_key IN :v",
            emails,
        )
        known.update({f"e:{k}": v for k, v in found.items()})
    if phones:
        found = _lookup(
            conn, "SELECT digits, contact_id FROM contact_phones WHERE digits IN :v", phones
        )
        known.update({f"p:{k}": v for k, v in found.items()})
    if sorts:
        # Looked up by company (indexed, and few people per company) rather than by name: a
        # common name like '王伟' has hundreds of contacts in a big database. Company names
        # compare ignoring case, so the usual spellings of each are asked for.
        spellings = sorted(
            {
                variant
                for record in records
                if (company := record.text("company"))
                for variant in (company, company.lower(), company.upper(), company.title())
            }
        )
        stmt = text(
            "SELECT sort_name, company_name, id FROM contacts WHERE company_name IN :c"
        ).bindparams(bindparam("c", expanding=True))
        for chunk in _chunks(spellings):
            for sort, company, contact_id in conn.execute(stmt, {"c": chunk}):
                if sort not in sorts:
                    continue
                key = f"n:{sort}|{company.casefold()}"
                if key not in known or contact_id < known[key]:
                    known[key] = contact_id
    return [next((known[k] for k in ks if k in known), None) for ks in keys]


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
