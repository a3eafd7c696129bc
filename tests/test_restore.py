"""Restore: a good backup replaces the live database in one step; a bad, foreign or newer one
is refused with its reason and the live database is left exactly as it was."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from fault_helpers import damage_btree

from desktop.errors import RapportError
from desktop.services.demo import generate_demo
from desktop.store.backup import create_backup, read_manifest
from desktop.store.database import open_database
from desktop.store.restore import restore_backup
from desktop.store.search_index import search_ids

RAPPORT = Path(sys.executable).with_name("rapport")


def _contacts(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM contacts").fetchone()[0]
    finally:
        conn.close()


def _fingerprint(path: Path) -> str:
    """The live database's content as SQLite sees it (pages in the WAL included)."""
    conn = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


@pytest.fixture
def live(tmp_path: Path) -> Path:
    path = tmp_path / "live.db"
    db = open_database(path)
    generate_demo(db, 120, seed=5)
    db.close()
    return path


@pytest.fixture
def good_backup(live: Path, tmp_path: Path) -> Path:
    return create_backup(live, tmp_path / "good.zip").path


def _add_contacts(path: Path, count: int) -> None:
    db = open_database(path)
    generate_demo(db, count, seed=9)
    db.close()


def test_restore_brings_back_the_backed_up_state(live: Path, good_backup: Path) -> None:
    _add_contacts(live, 30)
    assert _contacts(live) == 150
    result = restore_backup(good_backup, live)
    assert _contacts(live) == 120
    assert result.previous is not None
    assert read_manifest(result.previous).tables["contacts"] == 150  # kept, compressed
    db = open_database(live)  # opens, searches, and writes again
    try:
        with db.transaction() as conn:
            assert search_ids(conn, "C-000001")
        _add_contacts(live, 1)
    finally:
        db.close()
    assert _contacts(live) == 121


def _rezip(source: Path, target: Path, *, manifest: dict | None = None, data: bytes | None = None):
    with zipfile.ZipFile(source) as archive:
        raw_manifest = json.loads(archive.read("manifest.json"))
        raw_data = archive.read("rapport.db.gz")
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("rapport.db.gz", raw_data if data is None else data)
        archive.writestr("manifest.json", json.dumps(manifest or raw_manifest))
    return target


def _refused(backup: Path, live: Path, message: str) -> None:
    before = _fingerprint(live)
    with pytest.raises(RapportError, match=message):
        restore_backup(backup, live)
    assert _fingerprint(live) == before
    assert not list(live.parent.glob(".rapport-restore-*"))
    assert not list(live.parent.glob("*-before-restore-*"))


def test_damaged_backup_is_refused(live: Path, good_backup: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(good_backup) as archive:
        data = bytearray(archive.read("rapport.db.gz"))
    data[len(data) // 2] ^= 0xFF
    _refused(_rezip(good_backup, tmp_path / "flip.zip", data=bytes(data)), live, "damaged")


def test_checksum_mismatch_is_refused(live: Path, good_backup: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(good_backup) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    manifest["sha256"] = "0" * 64
    bad = _rezip(good_backup, tmp_path / "sum.zip", manifest=manifest)
    _refused(bad, live, "checksum does not match")


def test_foreign_and_non_backup_files_are_refused(
    live: Path, good_backup: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(good_backup) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    manifest["application_id"] = 7
    _refused(_rezip(good_backup, tmp_path / "f.zip", manifest=manifest), live, "another program")
    text = tmp_path / "notes.zip"
    text.write_text("hello")
    _refused(text, live, "not a Rapport backup")
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("readme.txt", "hi")
    _refused(tmp_path / "other.zip", live, "not a Rapport backup")
    _refused(tmp_path / "missing.zip", live, "does not exist")


def _backup_of_modified_copy(live: Path, tmp_path: Path, sql: str, name: str) -> Path:
    copy = tmp_path / f"{name}.db"
    copy.write_bytes(live.read_bytes())
    conn = sqlite3.connect(copy)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.executescript(sql)
    conn.close()
    return create_backup(copy, tmp_path / f"{name}.zip").path


def test_backup_of_a_newer_rapport_is_refused(live: Path, tmp_path: Path) -> None:
    newer = _backup_of_modified_copy(
        live, tmp_path, "UPDATE alembic_version SET version_num = '9999';", "newer"
    )
    _refused(newer, live, "newer version of Rapport")


def test_backup_with_broken_foreign_keys_is_refused(live: Path, tmp_path: Path) -> None:
    broken = _backup_of_modified_copy(
        live,
        tmp_path,
        "INSERT INTO contact_phones (contact_id, number) VALUES (999999, '1');",
        "fk",
    )
    _refused(broken, live, "foreign key check")


def test_backup_with_damaged_pages_is_refused(live: Path, tmp_path: Path) -> None:
    copy = tmp_path / "pages.db"
    copy.write_bytes(live.read_bytes())
    damage_btree(copy, "ix_contacts_sort_name")
    damaged = create_backup(copy, tmp_path / "pages.zip").path
    _refused(damaged, live, "integrity check|usable database")


def test_live_database_in_use_is_not_replaced(live: Path, good_backup: Path) -> None:
    other = sqlite3.connect(live)
    other.execute("SELECT count(*) FROM contacts").fetchone()
    try:
        _refused(good_backup, live, "open in another program")
    finally:
        other.close()


def test_restore_into_a_new_file(good_backup: Path, tmp_path: Path) -> None:
    target = tmp_path / "fresh" / "new.db"
    target.parent.mkdir()
    result = restore_backup(good_backup, target)
    assert result.previous is None
    assert _contacts(target) == 120


def test_restore_command_through_the_console_script(
    live: Path, good_backup: Path, tmp_path: Path
) -> None:
    _add_contacts(live, 5)
    result = subprocess.run(
        [str(RAPPORT), "restore", "--db", str(live), str(good_backup)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "120 contacts" in result.stdout
    assert "the database as it was is kept as" in result.stdout
    assert _contacts(live) == 120
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04garbage")
    refused = subprocess.run(
        [str(RAPPORT), "restore", "--db", str(live), str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "not a Rapport backup" in refused.stderr
    assert _contacts(live) == 120


def test_a_plain_database_kept_before_a_restore_can_be_restored(
    live: Path, good_backup: Path, tmp_path: Path
) -> None:
    _add_contacts(live, 10)
    result = restore_backup(good_backup, live)  # keeps the 130-contact file beside it
    assert result.previous is not None
    back = restore_backup(result.previous, live)
    assert _contacts(live) == 130
    assert back.manifest.tables["contacts"] == 130
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (a)")
    conn.close()
    before = _fingerprint(live)
    with pytest.raises(RapportError, match="another program"):
        restore_backup(foreign, live)
    assert _fingerprint(live) == before
