"""Every import backs the database up first (issue 8), and says where the backup is."""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_support import REALDATA

from desktop.errors import RapportError
from desktop.exchange.ics import import_ics
from desktop.exchange.importer import run_import
from desktop.exchange.plan import plan_import
from desktop.store.backup import backups_dir, list_backups
from desktop.store.database import Database


def _before_import_backups(db: Database) -> list[str]:
    return [b.kind for b in list_backups(backups_dir(), db.path) if b.kind == "before-import"]


def test_a_spreadsheet_import_takes_a_backup_first(db: Database, tmp_path: Path) -> None:
    sheet = tmp_path / "fair.csv"
    sheet.write_text("First Name,Last Name,E-mail\nAnna,Schmidt,anna@example.com\n")
    assert _before_import_backups(db) == []
    result = run_import(db, plan_import(sheet))
    assert result.created == 1
    assert _before_import_backups(db) == ["before-import"]
    assert result.backup is not None and result.backup.exists()
    assert f"backup taken before the import: {result.backup}" in result.summary()


def test_a_calendar_import_takes_a_backup_first(db: Database) -> None:
    ics = REALDATA / "ics" / "thunderbird_rrule_exdate_cancelled_overrides__vobject.ics"
    assert import_ics(db, ics).imported >= 1
    assert _before_import_backups(db) == ["before-import"]


def test_a_file_that_is_refused_leaves_no_backup(db: Database, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.ics"
    bogus.write_text("this is not a calendar")
    with pytest.raises(RapportError, match=r"bogus\.ics"):
        import_ics(db, bogus)
    assert _before_import_backups(db) == []
