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

The log can only be emptied once no other connection reads it (a search, a running backup, a
second window): the erasure retries for a few seconds, and if readers stay, it says so and
leaves a marker that names nobody; the next start finishes the job (finish_pending_erasure).
Backups made since the person was added still hold them; the result lists exactly those.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Row, Table, delete, func, insert, select, text, update

from desktop.errors import RapportError
from desktop.store.database import Database
from desktop.store.entities import Base, utcnow
from desktop.store.retention import copies_made_since

# Tables whose link to the contact is cut rather than their rows deleted.
_UNLINK = frozenset({"deals"})
# How long an erasure waits for readers to let go of the write-ahead log, and how often it
# tries again meanwhile; the erasure runs off the GUI thread.
CHECKPOINT_PATIENCE_S = 5.0
_CHECKPOINT_RETRY_MS = 100


@dataclass(frozen=True)
class Erasure:
    #: rows removed (or unlinked, for deals) per table
    removed: dict[str, int]
    #: backup files made since the person was added, which still hold them
    backups: tuple[Path, ...]
    message: str
    #: the person is gone from the database's files too (False: readers kept the old pages
    #: in the write-ahead log; the next start wipes them)
    wiped: bool = True


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


def pending_marker(path: Path) -> Path:
    """The file that says an erasure's old pages still wait in the write-ahead log (it names
    nobody)."""
    return Path(f"{path}-erasure-pending")


def _truncate_wal(raw: sqlite3.Connection) -> bool:
    """Copy the write-ahead log into the file and empty it, retrying while readers finish (a
    search, a backup, a second window); True once it is done, False when readers stayed."""
    before = raw.execute("PRAGMA busy_timeout").fetchone()[0]
    raw.execute(f"PRAGMA busy_timeout = {_CHECKPOINT_RETRY_MS}")
    deadline = time.monotonic() + CHECKPOINT_PATIENCE_S
    try:
        while True:
            try:
                busy = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            except sqlite3.OperationalError:  # 'database is locked': a writer is at work
                busy = 1
            if not busy:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(_CHECKPOINT_RETRY_MS / 1000)
    finally:
        raw.execute(f"PRAGMA busy_timeout = {int(before)}")


def finish_pending_erasure(path: Path) -> bool | None:
    """Wipe what an earlier erasure could not, because readers held the log then: None when
    nothing was pending, else whether it is done now (the marker goes when it is)."""
    marker = pending_marker(path)
    if not marker.exists():
        return None
    try:
        raw = sqlite3.connect(path, isolation_level=None)
        try:
            done = _truncate_wal(raw)
        finally:
            raw.close()
    except sqlite3.DatabaseError:
        return False
    if done:
        marker.unlink(missing_ok=True)
    return done


def erase_person(db: Database, contact_id: int) -> Erasure:
    """Erase one contact and everything linked to them; returns what was removed and a
    message that says whether the file is wiped yet and names the backups that still hold
    them."""
    if db.readonly:
        raise RapportError("the database is open read-only; nothing can be erased")
    sqlite = db.is_sqlite
    wiped = True
    with db.engine.connect() as conn:
        previous = _pragma(conn, "PRAGMA secure_delete = ON") if sqlite else None
        try:
            with conn.begin():
                added = _added(conn, contact_id)
                removed, row = _erase_in_transaction(conn, contact_id)
                note = _describe(removed)
                conn.execute(
                    insert(_table("erasure_records")).values(erased_at=utcnow(), note=note)
                )
            if sqlite and db.path is not None:
                # Older WAL frames still hold the pages as they were before the erasure, and
                # the file itself holds them until the log is copied into it.
                raw = conn.connection.dbapi_connection
                assert isinstance(raw, sqlite3.Connection)
                wiped = _truncate_wal(raw)
                if wiped:  # an earlier erasure's pending wipe is done with this one
                    pending_marker(db.path).unlink(missing_ok=True)
                else:
                    pending_marker(db.path).touch()
        finally:
            if previous is not None:
                _pragma(conn, f"PRAGMA secure_delete = {int(previous)}")
    backups = () if db.path is None else copies_made_since(db.path, added)
    who = f"{row.display_name} ({row.crm_number})" if row.display_name else row.crm_number
    message = f"Erased {who}: {note}."
    if not wiped:
        message += (
            " Another program is reading the database (a second Rapport window, a search or "
            "a backup), so their data is still in the database's files until it stops. "
            "Rapport wipes it at its next start."
        )
    if backups:
        names = ", ".join(path.name for path in backups)
        message += (
            f" {len(backups)} backup(s) made since they were added still hold them until "
            f"they are deleted or roll off: {names}."
        )
    if db.path is not None:
        message += " Backups you saved elsewhere yourself (File > Back up) may hold them too."
    if not sqlite:
        message += " The server frees the space of erased rows at its next VACUUM."
    return Erasure(removed, backups, message, wiped)


def _added(conn: Connection, contact_id: int) -> datetime:
    contacts = _table("contacts")
    found = conn.execute(select(contacts.c.created_at).where(contacts.c.id == contact_id))
    return found.scalar() or datetime.min


def erasure_count(db: Database) -> int:
    """How many erasures the database records (the records themselves name nobody)."""
    records = _table("erasure_records")
    with db.transaction() as conn:
        return conn.execute(select(func.count()).select_from(records)).scalar_one()
