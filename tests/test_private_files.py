"""Customer data is the user's alone on a shared Mac or Linux machine: with the usual umask
(022) everything Rapport writes is 0600 (database, -wal, -shm, backups, the before-import
backup, exports) and its folders 0700; files and folders an older version left readable by
others are closed at the next start, and nothing gets a permission it did not have.

Each story runs the real `rapport` in a process of its own, started with umask 022 as a
desktop session starts it."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from exchange_support import write_csv

from desktop.store.location import make_folder_private, make_private

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")

REPO = Path(__file__).resolve().parents[1]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _rapport(data: Path, *args: str) -> str:
    """Run `rapport ARGS` with umask 022 and `data` as the data folder; its stdout."""
    env = {**os.environ, "RAPPORT_DATA_DIR": str(data)}
    done = subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=REPO,
        env=env,
        umask=0o022,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_what_rapport_writes_is_private(tmp_path: Path) -> None:
    data = tmp_path / "Rapport"  # created by Rapport itself
    db = data / "rapport.db"
    _rapport(data, "demo", "--db", str(db), "--contacts", "20")
    sheet = write_csv(tmp_path / "fair.csv", [["First Name", "Last Name"], ["Anna", "Schmidt"]])
    _rapport(data, "import", "--db", str(db), str(sheet))
    _rapport(data, "backup", "--db", str(db), str(data / "backups" / "manual.zip"))
    shared = tmp_path / "Documents"
    shared.mkdir(mode=0o755)
    _rapport(data, "export", "--db", str(db), "--format", "csv", str(shared / "all.csv"))

    before_import = [p for p in (data / "backups").iterdir() if "before-import" in p.name]
    assert before_import, sorted((data / "backups").iterdir())
    assert _mode(data) == 0o700
    assert _mode(data / "backups") == 0o700
    for path in [db, data / "backups" / "manual.zip", *before_import, shared / "all.csv"]:
        assert _mode(path) == 0o600, path

    # SQLite gives the -wal and -shm the database's own mode, whoever opens it
    reader = sqlite3.connect(db)
    try:
        reader.execute("SELECT count(*) FROM contacts").fetchone()
        assert _mode(Path(f"{db}-wal")) == 0o600
        assert _mode(Path(f"{db}-shm")) == 0o600
    finally:
        reader.close()


def test_what_an_older_version_left_open_is_closed_at_start(tmp_path: Path) -> None:
    data = tmp_path / "Rapport"
    db = data / "rapport.db"
    _rapport(data, "demo", "--db", str(db), "--contacts", "5")
    (data / "backups").mkdir(mode=0o755, exist_ok=True)
    old_backup = data / "backups" / "rapport-auto-20250101-000000.zip"
    old_backup.write_bytes(b"PK")
    for folder in (data, data / "backups"):
        folder.chmod(0o755)
    for path in (db, old_backup):
        path.chmod(0o644)
    # another program holds the database open, so its -wal and -shm stay (readable by all)
    holder = sqlite3.connect(db)
    try:
        holder.execute("PRAGMA journal_mode = WAL")
        holder.execute("CREATE TABLE IF NOT EXISTS held (x)")
        holder.commit()
        assert _mode(Path(f"{db}-wal")) == 0o644

        _rapport(data, "search", "--db", str(db), "anna")

        assert _mode(data) == 0o700 and _mode(data / "backups") == 0o700
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), old_backup):
            assert _mode(path) == 0o600, path
    finally:
        holder.close()


def test_a_read_only_file_is_not_made_writable(tmp_path: Path) -> None:
    frozen = tmp_path / "frozen.db"
    frozen.write_bytes(b"")
    frozen.chmod(0o444)
    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o755)
    make_private(frozen)
    make_private(folder)
    assert _mode(frozen) == 0o400  # others lose reading; the owner gains nothing
    assert _mode(folder) == 0o700


def test_the_window_keeps_its_database_private(tmp_path: Path) -> None:
    db = tmp_path / "laptop" / "rapport.db"  # the folder too is created by Rapport
    out = _rapport(tmp_path / "Rapport", "--smoke-test", "--db", str(db))
    assert "smoke test passed" in out
    assert _mode(db.parent) == 0o700 and _mode(db) == 0o600


def test_the_copy_a_restore_keeps_is_private(tmp_path: Path) -> None:
    """The database as it was before a restore is kept, compressed, in the backups folder: an
    old file readable by others must not stay so in its copy."""
    data = tmp_path / "Rapport"
    live = tmp_path / "Documents" / "crm.db"  # elsewhere than the data folder
    _rapport(data, "demo", "--db", str(live), "--contacts", "5")
    _rapport(data, "backup", "--db", str(live), str(tmp_path / "b.zip"))
    live.chmod(0o644)
    _rapport(data, "restore", "--db", str(live), str(tmp_path / "b.zip"))
    kept = [p for p in (data / "backups").iterdir() if "before-restore" in p.name]
    assert kept and all(_mode(p) == 0o600 for p in kept), kept
    assert _mode(live) == 0o600


def test_a_data_folder_set_to_home_or_a_shared_folder_is_left_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RAPPORT_DATA_DIR pointing at the home folder or /tmp-like folder must not close
    everything else in it."""
    home = tmp_path / "home"
    shared = tmp_path / "shared"
    for folder in (home, shared):
        folder.mkdir()
        folder.chmod(0o755)  # explicitly: a command run in this process set umask 077
        (folder / "notes.txt").write_text("x")
        (folder / "notes.txt").chmod(0o644)
    shared.chmod(0o1777)  # sticky, as /tmp is
    monkeypatch.setenv("HOME", str(home))
    make_folder_private(home)
    make_folder_private(shared)
    assert _mode(home) == 0o755 and _mode(home / "notes.txt") == 0o644
    assert _mode(shared) == 0o1777 and _mode(shared / "notes.txt") == 0o644
