"""Backups where room is short (issue 14.7): the snapshot is staged beside the source, so the
destination needs room for the zip alone; a refusal names the destination; a failed backup
before an import or a repair says that nothing was imported or repaired; scratch folders of a
killed backup or restore go at the next operation, while a running one's stay."""

from __future__ import annotations

from pathlib import Path

import pytest
from backup_helpers import count_rows, seeded
from fault_helpers import child_process, tiny_filesystem

from desktop.errors import RapportError
from desktop.exchange.importer import run_import
from desktop.exchange.plan import plan_import
from desktop.store.backup import backups_dir, create_backup, read_manifest
from desktop.store.database import Database
from desktop.store.repair import repair_file
from desktop.store.restore import restore_backup


@pytest.fixture(scope="module")
def big_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 7.5 MB of database that compresses to under 3 MB."""
    return seeded(tmp_path_factory.mktemp("source") / "big.db", 4000)


def test_a_destination_with_room_for_the_zip_alone_takes_the_backup(
    big_source: Path, tmp_path: Path
) -> None:
    with tiny_filesystem(tmp_path / "stick", "5m") as stick:
        assert big_source.stat().st_size > 5 * 1024 * 1024  # the database would not fit
        info = create_backup(big_source, stick / "b.zip")
        assert read_manifest(info.path).tables["contacts"] == 4000
        assert [p.name for p in stick.iterdir()] == ["b.zip"]
    assert not list(big_source.parent.glob(".rapport-*"))


def test_a_destination_too_small_even_for_the_zip_is_named(
    big_source: Path, tmp_path: Path
) -> None:
    with tiny_filesystem(tmp_path / "stick", "1m") as stick:
        with pytest.raises(RapportError) as refused:
            create_backup(big_source, stick / "b.zip")
        message = str(refused.value)
        assert str(stick / "b.zip") in message and "No space left" in message
        assert str(big_source) not in message
        assert list(stick.iterdir()) == []  # no partial zip, no scratch folder
    assert not list(big_source.parent.glob(".rapport-*"))


def test_a_failed_backup_before_an_import_says_nothing_was_imported(
    db: Database, tmp_path: Path
) -> None:
    backups_dir().parent.mkdir(parents=True, exist_ok=True)
    backups_dir().write_text("a file where the backups folder should be")
    sheet = tmp_path / "fair.csv"
    sheet.write_text("First Name,Last Name\nAnna,Schmidt\n")
    with pytest.raises(RapportError, match="Nothing was imported"):
        run_import(db, plan_import(sheet))
    with db.transaction() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM contacts").scalar_one() == 0


def test_a_failed_backup_before_a_repair_says_nothing_was_repaired(
    db: Database, tmp_path: Path
) -> None:
    assert db.path is not None
    db.close()
    backups_dir().parent.mkdir(parents=True, exist_ok=True)
    backups_dir().write_text("a file where the backups folder should be")
    with pytest.raises(RapportError, match="Nothing was repaired"):
        repair_file(db.path)


_HOLD_SCRATCH = """
    import sys, time
    from pathlib import Path
    from desktop.store.scratch import scratch_folder
    with scratch_folder(Path({folder!r}), {prefix!r}, "work in") as work:
        (work / "snapshot.db").write_bytes(b"x" * 100_000)
        print(work, flush=True)
        time.sleep(120)
"""


def _scratch_of_a_child(folder: Path, prefix: str):  # type: ignore[no-untyped-def]
    return child_process(_HOLD_SCRATCH.format(folder=str(folder), prefix=prefix))


@pytest.mark.parametrize("prefix", [".rapport-backup-", ".rapport-restore-"])
def test_scratch_of_a_killed_operation_goes_at_the_next_one(
    big_source: Path, tmp_path: Path, prefix: str
) -> None:
    live = tmp_path / "live.db"
    live.write_bytes(big_source.read_bytes())
    with (
        _scratch_of_a_child(tmp_path, prefix) as killed,
        _scratch_of_a_child(tmp_path, prefix) as running,
    ):
        left = Path(killed.stdout.readline().strip())  # type: ignore[union-attr]
        busy = Path(running.stdout.readline().strip())  # type: ignore[union-attr]
        killed.kill()
        killed.wait(timeout=30)
        assert left.is_dir() and busy.is_dir()
        backup = create_backup(live, tmp_path / "next.zip").path
        restore_backup(backup, live)
        assert not left.exists(), "a dead process's scratch folder stays"
        assert busy.is_dir(), "a running process's scratch folder was taken away"
    assert count_rows(live) == 4000
