"""An erasure while another connection reads the database (issue 14.3): it waits for the
reader and wipes the file; when the reader stays, it says the truth and the next start
finishes the wipe. The backups it names are exactly those made since the person was added."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from privacy_fixtures import SECRET_WORDS, add_rich_contact

from desktop.services import erasure as erasure_module
from desktop.services.erasure import erase_person, finish_pending_erasure, pending_marker
from desktop.store.backup import backup_before, backup_name, backups_dir, create_backup
from desktop.store.database import Database


def _traces(path: Path) -> list[str]:
    wal = Path(f"{path}-wal")
    raw = path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    return [word for word in SECRET_WORDS if word.encode() in raw]


@contextmanager
def _reader(path: Path) -> Iterator[sqlite3.Connection]:
    """Another program in the middle of reading (a search, a backup, a second window)."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN")
    conn.execute("SELECT count(*) FROM contacts").fetchone()
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")
        conn.close()


def test_erasure_waits_for_a_reader_to_finish_and_wipes_the_file(db: Database) -> None:
    assert db.path is not None
    person, _ = add_rich_contact(db)
    with _reader(db.path) as reader:
        threading.Timer(0.8, lambda: reader.execute("COMMIT")).start()
        result = erase_person(db, person)
    assert result.wiped
    assert _traces(db.path) == []
    assert not pending_marker(db.path).exists()
    assert "still in the database's files" not in result.message


def test_a_reader_that_stays_is_told_and_the_next_start_finishes_the_wipe(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert db.path is not None
    monkeypatch.setattr(erasure_module, "CHECKPOINT_PATIENCE_S", 0.3)
    person, _ = add_rich_contact(db)
    with _reader(db.path):
        result = erase_person(db, person)
        assert not result.wiped
        assert "Erased Zebulon Quaxworth" in result.message
        assert "still in the database's files until it stops" in result.message
        assert "next start" in result.message
        assert _traces(db.path)  # the truth: the old pages are still there
        assert pending_marker(db.path).exists()
        assert finish_pending_erasure(db.path) is False  # the reader is still there
    db.close()
    assert finish_pending_erasure(db.path) is True  # as the next start does
    assert _traces(db.path) == []
    assert not pending_marker(db.path).exists()
    assert finish_pending_erasure(db.path) is None


def test_only_backups_made_since_the_person_was_added_are_named(db: Database) -> None:
    assert db.path is not None
    older = create_backup(
        db.path,
        backups_dir() / backup_name(db.path, "auto", datetime(2020, 1, 1)),
        now=datetime(2020, 1, 1),
    )
    person, _ = add_rich_contact(db)
    newer = backup_before(db, "import")
    assert newer is not None
    result = erase_person(db, person)
    assert result.backups == (newer.path,)
    assert older.path.name not in result.message
    assert "1 backup(s) made since they were added still hold them" in result.message
    assert newer.path.name in result.message
    assert newer.manifest.created_at > datetime(2020, 1, 1) + timedelta(days=1)


def test_opening_the_window_finishes_a_pending_wipe(
    db: Database, monkeypatch: pytest.MonkeyPatch, qtbot: object
) -> None:
    from desktop.views.safety_startup import open_for_window

    assert db.path is not None
    monkeypatch.setattr(erasure_module, "CHECKPOINT_PATIENCE_S", 0.2)
    person, _ = add_rich_contact(db)
    with _reader(db.path):
        assert not erase_person(db, person).wiped
    db.close()  # (the last connection to close may wipe the log itself; the marker stays)
    assert pending_marker(db.path).exists()
    opened = open_for_window(db.path)
    try:
        assert _traces(db.path) == []
        assert not pending_marker(db.path).exists()
    finally:
        opened.db.close()
        if opened.lock is not None:
            opened.lock.unlock()
