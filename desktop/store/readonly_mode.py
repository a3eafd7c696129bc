"""Turning an open SQLite database read-only after the fact, for when a check run in the
background finds the file damaged while the window already shows it.

Every connection gets PRAGMA query_only: reads go on, and any write is refused by SQLite itself
('attempt to write a readonly database'), which storage_errors turns into the usual message.
Pooled connections are dropped so that none escapes the pragma.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import event

from desktop.store.database import Database


def make_read_only(db: Database) -> None:
    """From now on `db` refuses writes; `db.readonly` says so to the window."""
    if db.readonly or not db.is_sqlite:
        return

    @event.listens_for(db.engine, "connect")
    def _query_only(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA query_only = ON")

    db.engine.dispose()
    db.readonly = True
