"""`python -m benchmarks safety`: backup, restore, check and one erasure on the
1,000,000-contact demo database, beside `cp` of the same file and SQLite's bare quick check.

The shared demo file is only ever read: it is copied into a scratch folder first (that copy is
the raw baseline), and the backup, the restore and the check work on the copy.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from benchmarks.common import DATA, demo_database, timed


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--contacts", type=int, default=1_000_000, help="size of the demo database")


def run(args: argparse.Namespace) -> Iterator[tuple[str, float, str]]:
    from desktop.store.backup import create_backup
    from desktop.store.integrity import check_file
    from desktop.store.restore import restore_backup

    source = Path(args.db) if args.db else demo_database(args.contacts)
    suffix = "1m" if args.contacts == 1_000_000 and not args.db else "db"
    DATA.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="safety-", dir=DATA) as scratch:
        # The copy kept before the restore is a zip in the data folder's backups: this one's.
        os.environ["RAPPORT_DATA_DIR"] = str(Path(scratch) / "data")
        live = Path(scratch) / "live.db"
        yield (f"raw_copy_{suffix}_s", timed(lambda: _cp(source, live)), "s")
        yield ("db_mb", live.stat().st_size / 1e6, "MB")
        backup = Path(scratch) / "backup.zip"
        yield (f"backup_{suffix}_s", timed(lambda: create_backup(live, backup)), "s")
        yield ("backup_mb", backup.stat().st_size / 1e6, "MB")
        yield (f"restore_{suffix}_s", timed(lambda: restore_backup(backup, live)), "s")
        kept = list((Path(scratch) / "data" / "backups").glob("*.zip"))
        yield ("kept_before_restore_mb", sum(p.stat().st_size for p in kept) / 1e6, "MB")
        report = None

        def check() -> None:
            nonlocal report
            report = check_file(live)

        yield (f"check_{suffix}_s", timed(check), "s")
        assert report is not None and report.ok, report
        yield (f"raw_quick_check_{suffix}_s", timed(lambda: _raw_quick_check(live)), "s")
        yield (f"erase_{suffix}_s", timed(lambda: _erase_one(live)), "s")


def _raw_quick_check(path: Path) -> None:
    """The baseline for check: SQLite's own quick check through bare sqlite3."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA quick_check").fetchall()
    finally:
        conn.close()


def _erase_one(path: Path) -> None:
    """'Erase this person' on the big file: secure delete, FTS merge, WAL truncated."""
    from desktop.services.erasure import erase_person
    from desktop.store.database import open_database

    conn = sqlite3.connect(path)
    try:
        middle = conn.execute("SELECT max(id) / 2 FROM contacts").fetchone()[0]
    finally:
        conn.close()
    db = open_database(path)
    try:
        erase_person(db, middle)
    finally:
        db.close()


def _cp(source: Path, target: Path) -> None:
    cp = shutil.which("cp")
    if cp:
        subprocess.run([cp, str(source), str(target)], check=True)
    else:
        shutil.copyfile(source, target)
