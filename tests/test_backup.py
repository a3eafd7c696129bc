"""Backups: consistent while the database is in use, compressed, with a manifest that tells the
truth; the automatic ones roll (one a day, the last N kept)."""

from __future__ import annotations

import gzip
import hashlib
import json
import sqlite3
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop.errors import RapportError
from desktop.services.demo import generate_demo
from desktop.store.backup import (
    backup_before,
    backups_dir,
    create_backup,
    list_backups,
)
from desktop.store.database import Database, open_database
from desktop.store.entities import Contact
from desktop.store.retention import Retention, automatic_backup
from desktop.store.schema import HEAD_REVISION

RAPPORT = Path(sys.executable).with_name("rapport")


@pytest.fixture
def demo_db(tmp_path: Path) -> Database:
    db = open_database(tmp_path / "live.db")
    generate_demo(db, 200, seed=3)
    yield db
    db.close()


def _unpacked(backup: Path) -> bytes:
    with zipfile.ZipFile(backup) as archive:
        return gzip.decompress(archive.read("rapport.db.gz"))


def test_backup_holds_the_database_and_a_truthful_manifest(
    demo_db: Database, tmp_path: Path
) -> None:
    assert demo_db.path is not None
    info = create_backup(demo_db.path, tmp_path / "out" / "b.zip")
    with zipfile.ZipFile(info.path) as archive:
        assert sorted(archive.namelist()) == ["manifest.json", "rapport.db.gz"]
        manifest = json.loads(archive.read("manifest.json"))
    data = _unpacked(info.path)
    assert manifest["sha256"] == hashlib.sha256(data).hexdigest()
    assert manifest["database_bytes"] == len(data)
    assert manifest["schema_revision"] == HEAD_REVISION
    assert manifest["tables"]["contacts"] == 200
    assert manifest["tables"]["contact_fts"] == 200
    assert info.path.stat().st_size < len(data) / 2  # compressed
    copy = tmp_path / "copy.db"
    copy.write_bytes(data)
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 200
    conn.close()
    assert not list(info.path.parent.glob(".rapport-backup-*"))  # no scratch left behind


def test_backup_while_another_connection_writes_is_consistent(
    demo_db: Database, tmp_path: Path
) -> None:
    """A writer in the middle of a transaction: the backup holds the committed state only."""
    assert demo_db.path is not None
    writer = sqlite3.connect(demo_db.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM contact_phones")
    try:
        info = create_backup(demo_db.path, tmp_path / "during.zip")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert info.manifest.tables["contact_phones"] > 0
    assert info.manifest.tables["contacts"] == 200


def test_committed_wal_pages_are_in_the_backup(tmp_path: Path) -> None:
    """A plain file copy would miss rows still in the -wal file; the backup must not."""
    db = open_database(tmp_path / "wal.db")
    holder = sqlite3.connect(tmp_path / "wal.db")  # keeps the WAL from being checkpointed away
    holder.execute("SELECT 1").fetchone()
    with db.session() as session:
        session.add(Contact(crm_number="C-000001", first_name="Wal", last_name="Row"))
    assert Path(f"{tmp_path / 'wal.db'}-wal").stat().st_size > 0
    info = create_backup(tmp_path / "wal.db", tmp_path / "wal.zip")
    holder.close()
    db.close()
    assert info.manifest.tables["contacts"] == 1


def test_bad_destinations_and_sources_are_refused(demo_db: Database, tmp_path: Path) -> None:
    assert demo_db.path is not None
    with pytest.raises(RapportError, match="is a folder"):
        create_backup(demo_db.path, tmp_path)
    with pytest.raises(RapportError, match="is the database itself"):
        create_backup(demo_db.path, demo_db.path)
    with pytest.raises(RapportError, match="does not exist"):
        create_backup(tmp_path / "none.db", tmp_path / "x.zip")
    assert not (tmp_path / "x.zip").exists()


def test_automatic_backups_are_one_a_day_and_roll(demo_db: Database) -> None:
    start = datetime(2025, 3, 1, 18, 0)
    first = automatic_backup(demo_db, Retention(daily=3), now=start)
    assert first is not None
    assert automatic_backup(demo_db, Retention(daily=3), now=start + timedelta(hours=3)) is None
    manual = backup_before(demo_db, "Import of fair.xlsx")
    assert manual is not None and "-before-import-of-fair-xlsx-" in manual.path.name
    for day in range(1, 6):
        assert (
            automatic_backup(demo_db, Retention(daily=3), now=start + timedelta(days=day))
            is not None
        )
    autos = [info for info in list_backups() if info.kind == "auto"]
    assert [info.manifest.created_at.day for info in autos] == [6, 5, 4]
    assert manual.path.exists()  # only automatic backups roll
    assert all(info.path.parent == backups_dir() for info in autos)


def test_readonly_or_server_databases_get_no_automatic_backup(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    open_database(path).close()
    db = open_database(path, readonly=True)
    try:
        assert automatic_backup(db) is None
    finally:
        db.close()


def test_backup_command_through_the_console_script(demo_db: Database, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(RAPPORT), "backup", "--db", str(demo_db.path), str(tmp_path / "cli")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "200 contacts" in result.stdout
    assert (tmp_path / "cli.zip").is_file()
    server = subprocess.run(
        [str(RAPPORT), "backup", "--db", "postgresql://h/db", str(tmp_path / "s.zip")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert server.returncode == 2
    assert server.stderr.strip().endswith("backed up on the server (pg_dump), not by Rapport")
    assert not (tmp_path / "s.zip").exists()
