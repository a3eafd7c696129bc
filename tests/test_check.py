"""`rapport check`: a healthy database says so; every kind of damage is named, through the real
console script."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from fault_helpers import damage_btree

from desktop.store.backup import backup_before
from desktop.store.database import Database, open_database
from desktop.store.entities import Contact
from desktop.store.integrity import check_file, quick_check
from desktop.store.search_index import search_ids

RAPPORT = Path(sys.executable).with_name("rapport")


def _rapport(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(RAPPORT), *args], capture_output=True, text=True, timeout=60)


def _database_with_contacts(path: Path, count: int = 3) -> Path:
    db = open_database(path)
    with db.session() as session:
        for n in range(count):
            session.add(Contact(crm_number=f"C-{n:06d}", first_name=f"Anna{n}", last_name="Smith"))
    db.close()
    return path


def test_healthy_database_is_reported_healthy(tmp_path: Path) -> None:
    path = _database_with_contacts(tmp_path / "good.db")
    result = _rapport("check", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "integrity check: ok" in result.stdout
    assert "search index: ok" in result.stdout
    assert result.stdout.strip().endswith("database is healthy")


def test_missing_file_is_one_line_and_nothing_created(tmp_path: Path) -> None:
    missing = tmp_path / "nothere.db"
    result = _rapport("check", "--db", str(missing))
    assert result.returncode == 2
    assert result.stderr.strip() == f"rapport: error: {missing} does not exist"
    assert not missing.exists()


def test_foreign_and_non_sqlite_files_are_refused(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.db"
    text_file.write_text("just some notes\n")
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("PRAGMA application_id = 7")
    conn.execute("CREATE TABLE t (a)")
    conn.commit()
    conn.close()
    result = _rapport("check", "--db", str(text_file))
    assert result.returncode == 2
    assert "not an SQLite file" in result.stderr
    result = _rapport("check", "--db", str(foreign))
    assert result.returncode == 2
    assert "another program" in result.stderr


def test_broken_foreign_key_is_named(tmp_path: Path) -> None:
    path = _database_with_contacts(tmp_path / "fk.db")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO contact_phones (contact_id, number) VALUES (9999, '+49 30 1')")
    conn.commit()
    conn.close()
    result = _rapport("check", "--db", str(path))
    assert result.returncode == 1
    assert "contact_phones row 1 points to a missing contacts row" in result.stdout
    assert "database has problems" in result.stdout


def test_contact_missing_from_search_index_is_found(tmp_path: Path) -> None:
    path = _database_with_contacts(tmp_path / "fts.db")
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM contact_fts WHERE rowid = 2")
    conn.commit()
    conn.close()
    report = check_file(path)
    assert report.search_index == ("1 contact(s) missing from the search index",)
    assert not report.ok


def test_damaged_pages_fail_quick_and_full_checks(tmp_path: Path) -> None:
    path = _database_with_contacts(tmp_path / "bad.db", count=400)
    damage_btree(path, "ix_contacts_sort_name")
    assert quick_check(path)
    result = _rapport("check", "--db", str(path))
    assert result.returncode == 1
    assert "quick check: ok" not in result.stdout
    assert "database has problems" in result.stdout


@pytest.mark.postgres
def test_check_works_on_both_backends(any_db: Database) -> None:
    from desktop.store.integrity import check_server

    if any_db.is_sqlite:
        assert any_db.path is not None
        assert check_file(any_db.path).ok
    else:
        with any_db.transaction() as conn:
            report = check_server(conn, any_db.label)
        assert report.ok
        assert report.skipped


def test_repair_rebuilds_a_broken_index_after_a_backup(tmp_path: Path) -> None:
    path = _database_with_contacts(tmp_path / "mend.db", count=400)
    damage_btree(path, "ix_contacts_sort_name")
    result = _rapport("check", "--db", str(path), "--repair")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "backup taken first:" in result.stdout
    mended = ("table indexes rebuilt (REINDEX)", "database rebuilt from its tables")
    assert any(f"repaired: {how}" in result.stdout for how in mended), result.stdout
    assert result.stdout.strip().endswith("database is healthy")
    assert check_file(path).ok
    db = open_database(path)
    try:
        with db.transaction() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM contacts").scalar_one() == 400
            assert search_ids(conn, "C-000123") == [124]
    finally:
        db.close()


def test_repair_of_damaged_tables_names_the_backup_to_restore(tmp_path: Path) -> None:
    path = _database_with_contacts(tmp_path / "lost.db", count=400)
    db = open_database(path)
    good = backup_before(db, "import")
    db.close()
    damage_btree(path, "contacts")
    result = _rapport("check", "--db", str(path), "--repair")
    assert result.returncode == 1
    assert "could not repair" in result.stdout
    assert good is not None and f"rapport restore --db {path} {good.path}" in result.stdout


def test_an_index_reindex_cannot_mend_is_rebuilt_from_the_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.store import repair

    path = _database_with_contacts(tmp_path / "copy.db", count=400)
    damage_btree(path, "ix_contacts_sort_name")

    def reindex_fails(_path: Path) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(repair, "_reindex", reindex_fails)
    report = repair.repair_file(path)
    assert report.ok, report.summary_lines()
    assert report.repaired[0].startswith("database rebuilt from its tables")
    kept = list(tmp_path.glob("copy-before-repair-*.db"))
    assert len(kept) == 1 and quick_check(kept[0])  # the damaged file, kept as it was
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x52415050
        assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 400
        assert conn.execute("SELECT count(*) FROM contact_fts").fetchone()[0] == 400
    finally:
        conn.close()
