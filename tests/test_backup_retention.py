"""Retention (issue 14.4): every kind of copy Rapport keeps rolls off by count and age, the
newest of each kind always stays, backups the user saved by hand are never touched, and a
restore keeps the database as it was compressed in the backups folder, not as a full copy."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from backup_helpers import count_rows, seeded

from desktop.store.backup import backup_name, backups_dir, create_backup, read_manifest
from desktop.store.restore import restore_backup
from desktop.store.retention import Retention, kept_copies, prune, usage

NOW = datetime(2026, 6, 1, 12, 0)


@pytest.fixture
def live(tmp_path: Path) -> Path:
    return seeded(tmp_path / "live.db", 40, seed=6)


def _zip(live: Path, kind: str, days_ago: int) -> Path:
    when = NOW - timedelta(days=days_ago)
    return create_backup(live, backups_dir() / backup_name(live, kind, when), when).path


def _plain(path: Path, days_ago: int, source: Path) -> Path:
    path.write_bytes(source.read_bytes())
    stamp = (NOW - timedelta(days=days_ago)).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def test_every_kind_rolls_by_count_and_age_and_the_newest_of_each_stays(live: Path) -> None:
    autos = [_zip(live, "auto", d) for d in (1, 2, 3, 4)]
    imports = [_zip(live, "before-import", d) for d in (1, 5, 10, 20, 40)]
    repairs = [_zip(live, "before-repair", d) for d in (200, 300)]
    manual = _zip(live, "manual", 400)
    upgrade_old = _plain(backups_dir() / "live-before-upgrade-0001-20250101-120000.db", 500, live)
    restored = [
        _plain(live.parent / f"live-before-restore-2026050{n}-120000.db", days, live)
        for n, days in ((1, 31), (2, 32))
    ]
    before = usage(live)
    assert before.files == 4 + 5 + 2 + 1 + 1 + 2
    assert before.by_kind["auto"] == sum(p.stat().st_size for p in autos)

    deleted = {copy.path for copy in prune(live, Retention(2, 3, 30), NOW)}

    assert deleted == {
        autos[2],
        autos[3],  # beyond the 2 daily kept
        imports[3],  # beyond 3, and too old
        imports[4],
        repairs[1],  # too old; repairs[0] is the newest of its kind, so it stays
        restored[1],  # restored[0] is too old too, but the newest of its kind
    }
    for path in deleted:
        assert not path.exists()
    assert manual.exists()  # taken by hand: never rolled
    assert upgrade_old.exists()  # the only copy before an upgrade
    assert usage(live).bytes < before.bytes


def test_a_restore_keeps_the_old_database_compressed_in_the_backups_folder(
    live: Path, tmp_path: Path
) -> None:
    backup = create_backup(live, tmp_path / "good.zip").path
    seeded(live, 400, seed=8)  # 400 more
    size = live.stat().st_size
    result = restore_backup(backup, live)
    assert result.previous is not None
    assert result.previous.parent == backups_dir()
    assert "-before-restore-" in result.previous.name and result.previous.suffix == ".zip"
    assert result.previous.stat().st_size < size / 2
    assert read_manifest(result.previous).tables["contacts"] == 440
    assert read_manifest(result.previous).source == str(live)  # a backup *of this database*
    assert not list(live.parent.glob("live-before-restore-*.db"))  # no full copy left
    assert [c.kind for c in kept_copies(live)] == ["before-restore"]
    back = restore_backup(result.previous, live)  # and it restores
    assert count_rows(live) == 440
    assert back.previous is not None and back.previous.suffix == ".zip"


def test_many_restores_roll_off_like_every_other_backup(live: Path, tmp_path: Path) -> None:
    backup = create_backup(live, tmp_path / "good.zip").path
    for _ in range(4):
        restore_backup(backup, live)
    assert len(kept_copies(live)) == 4
    prune(live, Retention(others=2))
    assert [c.kind for c in kept_copies(live)] == ["before-restore", "before-restore"]
