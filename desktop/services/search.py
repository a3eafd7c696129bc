"""Finding contacts by what a user remembers: part of a name, the company, an e-mail, a phone
number in any spelling, the city or the CRM number.

One statement: the full-text index picks the first ids, the primary key fetches the columns
the list shows (the mirrors company_name, primary_email, primary_phone, city), so a search
costs the same at a million contacts as at a hundred.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from desktop.errors import ValidationError
from desktop.store.database import Database
from desktop.store.search_index import match_parameter, match_subquery_sql
from desktop.store.search_terms import typed_crm

MAX_LIMIT = 10_000

_COLUMNS = "id, crm_number, display_name, company_name, primary_email, primary_phone, city"
_BY_CRM = text(f"SELECT {_COLUMNS} FROM contacts WHERE crm_number = :crm")


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


def search_contacts(db: Database, query: str, limit: int = 20) -> list[ContactHit]:
    """Contacts matching every word typed as a prefix, oldest first; a CRM number typed
    exactly ('C-000123', 'c123', or its digits alone: '123') puts that contact first. An empty
    query finds nothing."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError("limit", f"must be between 1 and {MAX_LIMIT:,}")
    crm = typed_crm(query)
    with db.engine.connect() as conn:
        exact = conn.execute(_BY_CRM, {"crm": crm}).first() if crm else None
        hits = [ContactHit(*exact)] if exact else []
        match = match_parameter(conn, query)
        if match is not None:
            # One statement: the index picks the ids, the primary key fetches the columns.
            rows = conn.execute(
                text(
                    f"SELECT {_COLUMNS} FROM contacts WHERE id IN "
                    f"({match_subquery_sql(conn)} ORDER BY 1 LIMIT :limit) ORDER BY id"
                ),
                {"match": match, "limit": limit},
            )
            hits.extend(ContactHit(*row) for row in rows if not exact or row[0] != exact[0])
        return hits[:limit]
