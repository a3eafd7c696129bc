"""A consistent copy of a live SQLite database, through SQLite's online backup API.

A plain file copy of a database in WAL mode can miss committed pages still in the -wal file
or catch a page mid-write; the backup API copies a consistent snapshot while others write.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def copy_sqlite(source: Path, destination: Path) -> Path:
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    from desktop.store.database import readonly_uri  # it imports this module

    src = sqlite3.connect(readonly_uri(source), uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    # Only a finished copy gets the real name, so a crash never leaves a half backup behind.
    partial.replace(destination)
    return destination
