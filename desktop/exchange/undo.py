"""Taking a finished import back as a whole: every contact it created removed, every field it
changed restored, every phone, e-mail, address, tag and group it added removed again."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, bindparam, delete, select, text, update

from desktop.errors import RapportError
from desktop.exchange.contact_updates import ADDRESSES, CONTACTS, EMAILS, PHONES
from desktop.store import search_index
from desktop.store.database import Database
from desktop.store.entities import (
    Base,
    ContactTag,
    CustomValue,
    GroupMember,
    HistoryItem,
    utcnow,
)
from desktop.store.names import display_name, sort_key, sort_name

_BATCHES = Base.metadata.tables["import_batches"]
_CHANGES = Base.metadata.tables["import_changes"]


@dataclass(frozen=True)
class BatchInfo:
    id: int
    file_name: str
    finished_at: datetime | None
    undone_at: datetime | None
    counts: dict[str, int]


@dataclass(frozen=True)
class UndoResult:
    removed: int
    restored: int


def import_batches(db: Database) -> list[BatchInfo]:
    """Finished imports, newest first."""
    with db.transaction() as conn:
        rows = conn.execute(
            select(
                _BATCHES.c.id,
                _BATCHES.c.file_name,
                _BATCHES.c.finished_at,
                _BATCHES.c.undone_at,
                _BATCHES.c.counts,
            ).order_by(_BATCHES.c.id.desc())
        )
        return [BatchInfo(r[0], r[1], r[2], r[3], json.loads(r[4] or "{}")) for r in rows]


def imported_contact_ids(db: Database, batch_id: int) -> list[int]:
    """Contacts the import created, in the order it created them."""
    with db.transaction() as conn:
        return list(
            conn.execute(
                select(_CHANGES.c.contact_id)
                .where(_CHANGES.c.batch_id == batch_id, _CHANGES.c.action == "created")
                .order_by(_CHANGES.c.contact_id)
            ).scalars()
        )


@dataclass(frozen=True)
class ImportedContact:
    id: int
    crm_number: str
    display_name: str
    company: str
    email: str


def imported_contacts(db: Database, batch_id: int, limit: int) -> list[ImportedContact]:
    """The first `limit` contacts an import created, for the wizard's list."""
    ids = imported_contact_ids(db, batch_id)[:limit]
    if not ids:
        return []
    stmt = text(
        "SELECT id, crm_number, display_name, company_name, primary_email FROM contacts "
        "WHERE id IN :v ORDER BY id"
    ).bindparams(bindparam("v", expanding=True))
    with db.transaction() as conn:
        return [ImportedContact(*row) for row in conn.execute(stmt, {"v": ids})]


def undo_import(db: Database, batch_id: int) -> UndoResult:
    """Undo import `batch_id` in one transaction; refused if unknown or already undone."""
    with db.transaction() as conn:
        batch = conn.execute(
            select(_BATCHES.c.file_name, _BATCHES.c.undone_at).where(_BATCHES.c.id == batch_id)
        ).first()
        if batch is None:
            raise RapportError(f"there is no import number {batch_id}")
        if batch.undone_at is not None:
            raise RapportError(f"the import of {batch.file_name} was already undone")
        created = list(
            conn.execute(
                select(_CHANGES.c.contact_id).where(
                    _CHANGES.c.batch_id == batch_id, _CHANGES.c.action == "created"
                )
            ).scalars()
        )
        for start in range(0, len(created), 5_000):
            chunk = created[start : start + 5_000]
            conn.execute(delete(CONTACTS).where(CONTACTS.c.id.in_(chunk)))
            search_index.reindex_contacts(conn, chunk)
        updated = conn.execute(
            select(_CHANGES.c.contact_id, _CHANGES.c.before)
            .where(_CHANGES.c.batch_id == batch_id, _CHANGES.c.action == "updated")
            .order_by(_CHANGES.c.id.desc())
        ).all()
        for contact_id, before in updated:
            _restore(conn, contact_id, json.loads(before))
        search_index.reindex_contacts(conn, [cid for cid, _ in updated])
        conn.execute(update(_BATCHES).where(_BATCHES.c.id == batch_id).values(undone_at=utcnow()))
    return UndoResult(removed=len(created), restored=len(updated))


_DATES = {"birthday": date.fromisoformat, "consent_given_at": datetime.fromisoformat}


def _restore(conn: Connection, contact_id: int, before: dict) -> None:
    if before.get("history"):
        conn.execute(delete(HistoryItem).where(HistoryItem.id == before["history"]))
    added = before.get("added", {})
    for table, key in ((PHONES, "phones"), (EMAILS, "emails"), (ADDRESSES, "addresses")):
        if added.get(key):
            conn.execute(delete(table).where(table.c.id.in_(added[key])))
    if before.get("tags"):
        conn.execute(
            delete(ContactTag).where(
                ContactTag.contact_id == contact_id, ContactTag.tag_id.in_(before["tags"])
            )
        )
    if before.get("groups"):
        conn.execute(
            delete(GroupMember).where(
                GroupMember.contact_id == contact_id, GroupMember.group_id.in_(before["groups"])
            )
        )
    for field_id, old in before.get("custom", {}).items():
        where = (CustomValue.contact_id == contact_id, CustomValue.field_id == int(field_id))
        if old:
            conn.execute(update(CustomValue).where(*where).values(value=old))
        else:
            conn.execute(delete(CustomValue).where(*where))
    values: dict[str, object] = {}
    for name, old in before.get("fields", {}).items():
        if name == "company":
            values["company_name"] = old or ""
            values["company_id"] = conn.execute(
                text("SELECT id FROM companies WHERE lower(name) = lower(:n) LIMIT 1"),
                {"n": old or ""},
            ).scalar()
        elif name in _DATES:
            values[name] = _DATES[name](old) if old else None
        else:
            values[name] = old if old is not None else ""
    row = conn.execute(select(CONTACTS).where(CONTACTS.c.id == contact_id)).first()
    if row is None:
        return  # deleted since the import: nothing left to restore
    merged = {**row._mapping, **values}
    values["display_name"] = (
        display_name(merged["first_name"], merged["last_name"]) or merged["company_name"]
    )
    ordered = sort_name(merged["first_name"], merged["last_name"], merged["company_name"])
    values["sort_name"], values["sort_key"] = ordered, sort_key(ordered)
    values.update(_mirrors(conn, contact_id))
    conn.execute(
        update(CONTACTS)
        .where(CONTACTS.c.id == contact_id)
        .values(**values, version=CONTACTS.c.version + 1, updated_at=utcnow())
    )


def _mirrors(conn: Connection, contact_id: int) -> dict[str, str]:
    """The list's primary phone, e-mail and city, read again from what remains."""
    stmt = text(
        "SELECT (SELECT number FROM contact_phones WHERE contact_id = :c "
        "ORDER BY is_primary DESC, position LIMIT 1), "
        "(SELECT address FROM contact_emails WHERE contact_id = :c "
        "ORDER BY is_primary DESC, position LIMIT 1), "
        "(SELECT city FROM contact_addresses WHERE contact_id = :c "
        "ORDER BY is_primary DESC, position LIMIT 1)"
    ).bindparams(bindparam("c"))
    phone, email, city = conn.execute(stmt, {"c": contact_id}).one()
    return {"primary_phone": phone or "", "primary_email": email or "", "city": city or ""}
