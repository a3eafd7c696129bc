"""Bulk loads write the search index without merging it; `tidy` merges afterwards, in steps of
their own, from the command line and in the window's background."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from exchange_support import import_file, write_csv
from sqlalchemy import Connection, event, text

from desktop.errors import RapportError
from desktop.exchange import importer
from desktop.exchange.plan import plan_import
from desktop.services.search import search_contacts
from desktop.store import crm_numbers, database, search_index
from desktop.store.database import Database, open_database
from desktop.views.index_upkeep import IndexUpkeep


def _settings(conn: Connection) -> dict[str, int]:
    return {k: int(v) for k, v in conn.execute(text("SELECT k, v FROM contact_fts_config"))}


def _stored_settings(db: Database) -> dict[str, int]:
    with db.transaction() as conn:
        return _settings(conn)


def _segmented_load(db: Database, documents: int = 40) -> None:
    """What a big import does: a chunk of documents, then a statement that makes FTS5 write
    what it holds as a segment of its own."""
    with db.transaction() as conn, search_index.bulk_load(conn):
        assert _settings(conn)["automerge"] == 0
        for i in range(documents):
            search_index.add_documents(conn, [(900_000 + i, f"upkeepword{i} upkeepcommon")])
            crm_numbers.allocate(conn)


def _found(db: Database, word: str) -> int:
    with db.transaction() as conn:
        return len(search_index.search_ids(conn, word, 1000))


def test_a_bulk_load_puts_fts5_settings_back_and_tidy_merges_what_it_left(db: Database) -> None:
    before = _stored_settings(db)
    _segmented_load(db)
    after = _stored_settings(db)
    assert after.get("automerge", 4) == before.get("automerge", 4) == 4
    assert after.get("crisismerge", 16) == 16
    assert after["hashsize"] == before.get("hashsize", 1024 * 1024)
    assert _found(db, "upkeepcommon") == 40
    assert search_index.tidy(db) >= 1
    assert search_index.tidy(db) == 0  # nothing left to merge
    assert _found(db, "upkeepcommon") == 40 and _found(db, "upkeepword17") == 1


def test_tidy_stops_when_asked_and_leaves_a_read_only_database_alone(db: Database) -> None:
    _segmented_load(db)
    assert search_index.tidy(db, stop=lambda: True) == 0
    assert db.path is not None
    readonly = open_database(db.path, readonly=True)
    try:
        assert search_index.tidy(readonly) == 0
    finally:
        readonly.close()
    assert search_index.tidy(db) >= 1


def test_the_window_s_upkeep_tidies_in_the_background_and_finishes_on_close(db: Database) -> None:
    _segmented_load(db)
    upkeep = IndexUpkeep(db)
    upkeep.start()
    upkeep.start()  # asked again while running: once more after, not twice at once
    upkeep.finish()
    assert search_index.tidy(db) == 0
    assert _found(db, "upkeepcommon") == 40


def test_an_import_leaves_its_checkpoint_to_tidy_and_no_setting_behind(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import's commit skips the WAL checkpoint (tidy's first commit does it) and its rows
    skip the foreign key checks; the connection it used goes back to the pool as it was."""
    monkeypatch.setattr(importer, "BULK_INDEX", 1)
    rows = [["First name", "Last name"], *([f"Anna{i}", "Upkeep"] for i in range(30))]
    import_file(db, write_csv(tmp_path / "many.csv", rows))
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 1000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    # the import's pages are in the WAL until tidy copies them into the database file
    assert db.path is not None
    before = db.path.stat().st_size
    search_index.tidy(db)
    assert db.path.stat().st_size > before
    assert len(search_contacts(db, "upkeep", limit=100)) == 30
    assert _stored_settings(db).get("automerge", 4) == 4


def test_an_import_whose_commit_fails_leaves_no_connection_without_foreign_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A COMMIT that SQLite refuses leaves the driver's transaction open, where SQLite ignores
    PRAGMAs: the import must not hand its connection back to the pool with foreign keys still
    off, or a later delete there would skip its cascades. Here: a rollback-journal database
    (where WAL cannot be had) and a reader that holds its lock over the import's commit."""
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    db = open_database(tmp_path / "t.db")
    event.listen(
        db.engine, "connect", lambda conn, _record: conn.execute("PRAGMA journal_mode = DELETE")
    )
    db.engine.dispose()
    readers: list[sqlite3.Connection] = []

    def reader_arrives(conn: Connection, docs: list[tuple[int, str]]) -> None:
        reader = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM contacts").fetchall()
        readers.append(reader)
        add_documents(conn, docs)

    add_documents = search_index.add_documents
    monkeypatch.setattr(importer.search_index, "add_documents", reader_arrives)
    rows = [["First name", "Last name"], ["Anna", "Commit"]]
    with pytest.raises(RapportError, match="locked"):
        importer.run_import(
            db, plan_import(write_csv(tmp_path / "one.csv", rows)), backup_first=False
        )
    readers[0].close()
    pooled = [db.engine.connect() for _ in range(3)]
    try:
        assert [c.exec_driver_sql("PRAGMA foreign_keys").scalar() for c in pooled] == [1, 1, 1]
        assert pooled[0].exec_driver_sql("SELECT count(*) FROM contacts").scalar() == 0
    finally:
        for conn in pooled:
            conn.close()
        db.close()
