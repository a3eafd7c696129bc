"""'Erase this person': the contact and everything linked to them, gone from the file itself.

A normal DELETE only marks space free; the bytes stay in the file until reused. So on SQLite
the erasure runs with PRAGMA secure_delete (deleted cells and freed pages are overwritten with
zeros), merges the full-text index (an FTS5 delete only adds a tombstone; 'optimize' rewrites
the segments so the old tokens are gone) and then truncates the write-ahead log, whose older
frames could still hold the pages as they were. A full VACUUM would rewrite a large file for
minutes and adds nothing once secure_delete has zeroed the pages; a test reads the raw file
bytes to prove the name is gone.

What is removed: the contact, phones, e-mails, addresses, tag and group memberships, custom
values, history, purchases, import records, search index entries, and activities that
concern only them; rows in any table with a contact_id column are found from the schema, so
a later table is covered. Deals outlive the person (they belong to the company's pipeline)
and only lose their link. What is written: one ErasureRecord with counts and no name.
Backups taken before the erasure still hold the person; the result lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Row, Table, delete, func, insert, select, text, update

from desktop.errors import RapportError
from desktop.store.backup import list_backups
from desktop.store.database import Database
from desktop.store.entities import Base, utcnow

# Tables whose link to the contact is cut rather than their rows deleted.
_UNLINK = frozenset({"deals"})


@dataclass(frozen=True)
class Erasure:
    #: rows removed (or unlinked, for deals) per table
    removed: dict[str, int]
    #: backup files made before the erasure, which may still hold the person
    backups: tuple[Path, ...]
    message: str


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _pragma(conn: Connection, sql: str) -> Any:
    """Run a pragma outside any transaction (SQLAlchemy begins one on first use); returns
    what it answered, for secure_delete the setting before the change."""
    answer = conn.exec_driver_sql(sql).scalar()
    conn.commit()
    return answer


def _erase_in_transaction(conn: Connection, contact_id: int) -> tuple[dict[str, int], Row]:
    contacts = _table("contacts")
    row = conn.execute(
        select(contacts.c.crm_number, contacts.c.display_name).where(contacts.c.id == contact_id)
    ).first()
    if row is None:
        raise RapportError(f"contact {contact_id} does not exist (erased already?)")
    removed = _erase_rows(conn, contact_id)
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("INSERT INTO contact_fts(contact_fts) VALUES ('optimize')")
    return removed, row


def _erase_rows(conn: Connection, contact_id: int) -> dict[str, int]:
    removed: dict[str, int] = {}
    links, activities = _table("activity_contacts"), _table("activities")
    others = select(links.c.activity_id).where(links.c.contact_id != contact_id)
    only_theirs = (
        select(links.c.activity_id)
        .where(links.c.contact_id == contact_id)
        .where(links.c.activity_id.not_in(others))
    )
    removed["activities"] = conn.execute(
        delete(activities).where(activities.c.id.in_(only_theirs))
    ).rowcount
    for table in Base.metadata.sorted_tables:
        if "contact_id" not in table.c or table.name == "contacts":
            continue
        condition = table.c.contact_id == contact_id
        if table.name in _UNLINK:
            result = conn.execute(update(table).where(condition).values(contact_id=None))
        else:
            result = conn.execute(delete(table).where(condition))
        if result.rowcount:
            removed[table.name] = result.rowcount
    if conn.dialect.name == "sqlite":
        conn.execute(text("DELETE FROM contact_fts WHERE rowid = :i"), {"i": contact_id})
    else:
        conn.execute(text("DELETE FROM contact_search WHERE contact_id = :i"), {"i": contact_id})
    contacts = _table("contacts")
    removed["contacts"] = conn.execute(delete(contacts).where(contacts.c.id == contact_id)).rowcount
    return removed


def _describe(removed: dict[str, int]) -> str:
    linked = sum(n for table, n in removed.items() if table not in ("contacts", *_UNLINK))
    text_ = f"1 contact and {linked} linked record(s) erased on request"
    if removed.get("deals"):
        text_ += f"; {removed['deals']} deal(s) kept without the contact"
    return text_


def _older_copies(db: Database) -> tuple[Path, ...]:
    """Files that may still hold the erased person: Rapport's backups of this database, the
    copies kept before upgrades and the files kept before a restore or a repair."""
    if db.path is None:
        return ()
    found = [info.path for info in list_backups(source=db.path)]
    upgrade_copies = db.path.parent / "backups"
    found.extend(upgrade_copies.glob(f"{db.path.stem}-before-upgrade-*.db"))
    # Kept beside it by a restore or a repair ('<name>-before-restore-...').
    found.extend(db.path.parent.glob(f"{db.path.stem}-before-*{db.path.suffix}"))
    return tuple(dict.fromkeys(sorted(found)))


def erase_person(db: Database, contact_id: int) -> Erasure:
    """Erase one contact and everything linked to them; returns what was removed and a
    message that names the older backups that may still hold them."""
    if db.readonly:
        raise RapportError("the database is open read-only; nothing can be erased")
    sqlite = db.is_sqlite
    with db.engine.connect() as conn:
        previous = _pragma(conn, "PRAGMA secure_delete = ON") if sqlite else None
        try:
            with conn.begin():
                removed, row = _erase_in_transaction(conn, contact_id)
                note = _describe(removed)
                conn.execute(
                    insert(_table("erasure_records")).values(erased_at=utcnow(), note=note)
                )
            if sqlite:
                # Older WAL frames still hold the pages as they were before the erasure.
                _pragma(conn, "PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            if previous is not None:
                _pragma(conn, f"PRAGMA secure_delete = {int(previous)}")
    backups = _older_copies(db)
    who = f"{row.display_name} ({row.crm_number})" if row.display_name else row.crm_number
    message = f"Erased {who}: {note}."
    if backups:
        names = ", ".join(path.name for path in backups)
        message += (
            f" {len(backups)} older backup(s) made before now may still hold them until they "
            f"are deleted or roll off: {names}."
        )
    if not sqlite:
        message += " The server frees the space of erased rows at its next VACUUM."
    return Erasure(removed, backups, message)


def erasure_count(db: Database) -> int:
    """How many erasures the database records (the records themselves name nobody)."""
    records = _table("erasure_records")
    with db.transaction() as conn:
        return conn.execute(select(func.count()).select_from(records)).scalar_one()
