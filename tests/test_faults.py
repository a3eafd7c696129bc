"""Faults a laptop meets: a process killed mid-write, a full disk, a read-only file, two
processes on one file. Each leaves the database whole, with all or none of a transaction,
and the user gets one clear message."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest
from backup_helpers import count_rows, seeded
from fault_helpers import child_process, remount_readonly, tiny_filesystem
from sqlalchemy import event, func, select

from desktop.errors import RapportError
from desktop.services.contacts import ContactDraft, PhoneEntry, save_contact
from desktop.services.demo import generate_demo
from desktop.store.database import Database, open_database
from desktop.store.entities import Contact, ContactPhone
from desktop.store.integrity import check_file


def test_killed_in_the_middle_of_a_bulk_write_leaves_none_of_it(tmp_path: Path) -> None:
    path = seeded(tmp_path / "bulk.db", 100)
    before = {t: count_rows(path, t) for t in ("contacts", "contact_phones", "history_items")}
    script = f"""
        from desktop.store.database import open_database
        from desktop.services.demo import generate_demo
        db = open_database({str(path)!r})
        generate_demo(db, 40_000, seed=2, progress=lambda n: print("wrote", n, flush=True))
        print("finished", flush=True)
        """
    with child_process(script) as child:
        assert child.stdout is not None
        line = child.stdout.readline()  # the first block is written, the transaction open
        assert line.startswith("wrote"), line
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    report = check_file(path)
    assert report.ok, report.summary_lines()
    assert {t: count_rows(path, t) for t in before} == before
    db = open_database(path)  # and it opens and takes writes again
    try:
        generate_demo(db, 10, seed=3)
    finally:
        db.close()
    assert count_rows(path) == 110


def test_killed_among_many_saves_keeps_each_save_whole(tmp_path: Path) -> None:
    path = tmp_path / "saves.db"
    open_database(path).close()
    script = f"""
        from desktop.store.database import open_database
        from desktop.services.contacts import ContactDraft, PhoneEntry, save_contact
        db = open_database({str(path)!r})
        for n in range(100_000):
            phones = tuple(PhoneEntry("work", f"+49 30 {{n:07d}}{{k}}") for k in range(3))
            save_contact(db, ContactDraft(first_name=f"P{{n}}", last_name="Kill", phones=phones))
            print("saved", n + 1, flush=True)
        """
    saved = 0
    with child_process(script) as child:
        assert child.stdout is not None
        while saved < 60:
            line = child.stdout.readline()
            assert line.startswith("saved"), line
            saved = int(line.split()[1])
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert check_file(path).ok
    contacts = count_rows(path)
    assert saved <= contacts <= saved + 2  # what was reported committed is there
    assert count_rows(path, "contact_phones") == 3 * contacts  # no contact with part of its phones


def _read_until(child: subprocess.Popen[str], last_word: str) -> None:
    """Read the child's lines until one ends in `last_word`; fail with its error if it dies."""
    assert child.stdout is not None
    while True:
        line = child.stdout.readline()
        assert line, child.stderr.read() if child.stderr else "the child ended"
        if line.split()[-1] == last_word:
            return


def _limit_pages(db: Database, extra_pages: int) -> None:
    """Let the file grow by only `extra_pages` pages: SQLite then answers SQLITE_FULL, exactly
    as on a full disk. Set on every new connection of the engine."""
    assert db.path is not None
    pages = _count_pages(db.path)
    db.engine.dispose()

    @event.listens_for(db.engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + extra_pages}")


def _count_pages(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA page_count").fetchone()[0]
    finally:
        conn.close()


def test_full_database_refuses_a_bulk_write_with_a_message_and_keeps_nothing(db: Database) -> None:
    assert db.path is not None
    _limit_pages(db, 40)
    with pytest.raises(RapportError, match="the disk is full; nothing of this change was saved"):
        generate_demo(db, 5_000, seed=4)
    with db.session() as session:
        assert session.scalar(select(func.count(Contact.id))) == 0
    assert check_file(db.path).ok


def test_full_database_refuses_one_save_whole(db: Database) -> None:
    assert db.path is not None
    _limit_pages(db, 12)
    saved = 0
    with pytest.raises(RapportError, match="disk is full"):
        for n in range(10_000):
            phones = (PhoneEntry("work", f"+49 30 {n:07d}"), PhoneEntry("home", f"+49 40 {n:07d}"))
            notes = "x" * 2000  # a few saves per page, so the limit is reached soon
            save_contact(db, ContactDraft(first_name=f"F{n}", phones=phones, notes=notes))
            saved += 1
    with db.session() as session:
        assert session.scalar(select(func.count(Contact.id))) == saved
        assert session.scalar(select(func.count(ContactPhone.id))) == 2 * saved
    assert saved > 0
    assert check_file(db.path).ok


def test_disk_that_fills_up_during_a_write(tmp_path: Path) -> None:
    with tiny_filesystem(tmp_path / "tiny", "1m") as folder:
        path = folder / "full.db"
        db = open_database(path)
        try:
            with pytest.raises(RapportError, match="disk is full"):
                generate_demo(db, 20_000, seed=5)
            with db.session() as session:
                assert session.scalar(select(func.count(Contact.id))) == 0
        finally:
            db.close()
        assert check_file(path).ok
        db = open_database(path)  # still usable for small work once the error is gone
        try:
            save_contact(db, ContactDraft(first_name="Still", last_name="Works"))
        finally:
            db.close()
        assert count_rows(path) == 1


def test_readonly_file_opens_readonly_and_refuses_writes(tmp_path: Path) -> None:
    with tiny_filesystem(tmp_path / "ro", "2m") as folder:
        path = seeded(folder / "ro.db", 20)
        remount_readonly(folder)
        db = open_database(path)
        try:
            assert db.readonly
            with db.session() as session:
                assert session.scalar(select(func.count(Contact.id))) == 20
            with pytest.raises(RapportError, match="read-only; nothing can be saved"):
                save_contact(db, ContactDraft(first_name="No", last_name="Way"))
        finally:
            db.close()
        report = check_file(path)
        assert report.ok and "read-only" in " ".join(report.skipped)
        from desktop.store.backup import create_backup

        backup = create_backup(path, tmp_path / "from-readonly.zip")  # a backup still works
        assert backup.manifest.tables["contacts"] == 20


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to a file without write permission")
def test_file_without_write_permission_opens_readonly(tmp_path: Path) -> None:
    path = seeded(tmp_path / "perm.db", 5)
    path.chmod(0o444)
    db = open_database(path)
    try:
        assert db.readonly
        with pytest.raises(RapportError, match="read-only"):
            save_contact(db, ContactDraft(first_name="No"))
    finally:
        db.close()


def test_two_processes_writing_one_file_do_not_corrupt_it(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    open_database(path).close()
    script = f"""
        from desktop.store.database import open_database
        from desktop.services.contacts import ContactDraft, PhoneEntry, save_contact
        from desktop.services.demo import generate_demo
        db = open_database({str(path)!r})
        for n in range(60):
            phones = (PhoneEntry("w", "+4930123"),)
            save_contact(db, ContactDraft(first_name=f"W{{n}}", phones=phones))
            if n % 20 == 0:
                generate_demo(db, 200, seed=n)
        print("done", flush=True)
        """
    with child_process(script) as first, child_process(script) as second:
        for child in (first, second):
            out, err = child.communicate(timeout=120)
            assert child.returncode == 0, err
            assert out.strip() == "done"
    assert check_file(path).ok
    assert count_rows(path) == 2 * (60 + 3 * 200)
    conn = sqlite3.connect(path)
    try:
        numbers = conn.execute("SELECT count(DISTINCT crm_number) FROM contacts").fetchone()[0]
    finally:
        conn.close()
    assert numbers == count_rows(path)  # every CRM number handed out once


def test_killed_during_a_backup_leaves_the_last_whole_one(tmp_path: Path) -> None:
    from desktop.store.backup import create_backup, read_manifest
    from desktop.store.restore import verify_backup

    live = seeded(tmp_path / "live.db", 300)
    target = tmp_path / "out" / "b.zip"
    script = f"""
        from pathlib import Path
        from desktop.store.backup import create_backup
        for n in range(1, 1000):
            print("starting", n, flush=True)
            create_backup(Path({str(live)!r}), Path({str(target)!r}))
        """
    with child_process(script) as child:
        _read_until(child, "3")  # two backups done, the third under way
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert read_manifest(target).tables["contacts"] == 300
    verify_backup(target, tmp_path / "verified.db")
    scratch = list(target.parent.glob(".rapport-backup-*"))
    for folder in scratch:  # what the kill left, made old: the next backup sweeps it
        os.utime(folder, (0, 0))
    create_backup(live, target)
    assert not list(target.parent.glob(".rapport-backup-*"))


def test_killed_during_a_restore_leaves_one_database_or_the_other(tmp_path: Path) -> None:
    from desktop.store.backup import create_backup

    small = create_backup(seeded(tmp_path / "a.db", 100), tmp_path / "a.zip").path
    large = create_backup(seeded(tmp_path / "b.db", 130), tmp_path / "b.zip").path
    live = tmp_path / "live" / "live.db"
    live.parent.mkdir()
    script = f"""
        from pathlib import Path
        from desktop.store.restore import restore_backup
        for n in range(1, 1000):
            print("restoring", n, flush=True)
            restore_backup(Path([{str(small)!r}, {str(large)!r}][n % 2]), Path({str(live)!r}))
        """
    for stop in ("2", "5"):
        with child_process(script) as child:
            _read_until(child, stop)
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=30)
        assert check_file(live).ok
        assert count_rows(live) in (100, 130)
