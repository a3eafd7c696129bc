"""Finding contacts by what a user remembers: part of a name, the company, an e-mail, a phone
number in any spelling, the city or the CRM number.

One query on the full-text index for the ids, one on contacts for the columns the list
shows (the mirrors company_name, primary_email, primary_phone, city), so a search costs the
same at a million contacts as at a hundred.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, text

from desktop.errors import ValidationError
from desktop.store.crm_numbers import normalise_crm
from desktop.store.database import Database
from desktop.store.search_index import search_ids

MAX_LIMIT = 10_000

_ROWS = text(
    "SELECT id, crm_number, display_name, company_name, primary_email, primary_phone, city "
    "FROM contacts WHERE id IN :ids"
).bindparams(bindparam("ids", expanding=True))
_BY_CRM = text("SELECT id FROM contacts WHERE crm_number = :crm")


@dataclass(frozen=True)
class ContactHit:
    """One contact found, with what a result line shows."""

    id: int
    crm_number: str
    display_name: str
    company: str
    email: str
    phone: str
    city: str


def _hits(conn: Connection, ids: list[int]) -> list[ContactHit]:
    if not ids:
        return []
    found = {row[0]: ContactHit(*row) for row in conn.execute(_ROWS, {"ids": ids})}
    return [found[i] for i in ids if i in found]


def search_contacts(db: Database, query: str, limit: int = 20) -> list[ContactHit]:
    """Contacts matching every word typed as a prefix, oldest first; a CRM number typed
    exactly ('C-000123', 'c123') puts that contact first. An empty query finds nothing."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError("limit", f"must be between 1 and {MAX_LIMIT:,}")
    crm = normalise_crm(query)
    with db.engine.connect() as conn:
        exact = conn.execute(_BY_CRM, {"crm": crm}).scalar() if crm else None
        ids = search_ids(conn, query, limit)
        if exact is not None:
            ids = [exact, *(i for i in ids if i != exact)][:limit]
        return _hits(conn, ids)
