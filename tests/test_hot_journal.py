"""A database left with a hot rollback journal by a crash opens, rolled back, like SQLite does."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from desktop.store.database import open_database

_CRASH_MID_WRITE = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode=DELETE")
conn.execute("PRAGMA cache_size=1")  # spill to the file so the journal is hot
conn.execute("BEGIN")
conn.executemany("INSERT INTO companies(name) VALUES (?)", [("x" * 500,)] * 3000)
os._exit(9)  # killed before COMMIT
"""


def test_a_crash_in_rollback_journal_mode_is_rolled_back_on_open(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    open_database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
    subprocess.run([sys.executable, "-c", _CRASH_MID_WRITE, str(path)], check=False)
    assert Path(f"{path}-journal").exists()
    copy = tmp_path / "copy.db"  # keep the evidence: a read-only probe used to refuse this file
    shutil.copy(path, copy)
    shutil.copy(f"{path}-journal", f"{copy}-journal")

    db = open_database(copy)
    try:
        with db.transaction() as conn:
            assert conn.execute(text("SELECT count(*) FROM companies")).scalar() == 0
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        db.close()
