"""Small helpers the backup, restore and check tests share: a demo database on disk, and a
count of rows read by plain sqlite3 (as a user's other tools would see the file)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.services.demo import generate_demo
from desktop.store.database import open_database


def seeded(path: Path, contacts: int, seed: int = 1) -> Path:
    """A closed database file at `path` holding `contacts` demo contacts."""
    db = open_database(path)
    generate_demo(db, contacts, seed=seed)
    db.close()
    return path


def count_rows(path: Path, table: str = "contacts") -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    finally:
        conn.close()
