"""A backup or database whose schema Rapport did not make (issue 14.1): an extra trigger that
deletes every e-mail on the next card save passes checksums, integrity and foreign key checks,
so the schema itself is compared with what the migrations make. Restore refuses such a file,
naming the object; `rapport check` reports it; `check --repair` removes it after a backup."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from backup_helpers import count_rows, seeded

from desktop.errors import RapportError
from desktop.store.backup import create_backup, read_manifest
from desktop.store.integrity import check_file
from desktop.store.restore import restore_backup
from desktop.store.schema import HEAD_REVISION
from desktop.store.schema_audit import expected_schema

RAPPORT = Path(sys.executable).with_name("rapport")
WIPER = "CREATE TRIGGER keep_tidy AFTER UPDATE ON contacts BEGIN DELETE FROM contact_emails; END;"


def _rapport(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(RAPPORT), *args], capture_output=True, text=True, timeout=90)


def _save_a_card(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("UPDATE contacts SET title = 'Boss' WHERE id = 1")
        conn.commit()
    finally:
        conn.close()


@pytest.fixture
def live(tmp_path: Path) -> Path:
    return seeded(tmp_path / "live.db", 60, seed=2)


def _hostile(live: Path, tmp_path: Path, sql: str) -> Path:
    """A copy of `live` changed by `sql`, then backed up: manifest hash, size and counts are
    all those of the changed file, as an attacker would recompute them."""
    copy = tmp_path / "hostile.db"
    copy.write_bytes(live.read_bytes())
    conn = sqlite3.connect(copy)
    conn.executescript(sql)
    conn.close()
    return copy


def test_a_backup_with_a_foreign_trigger_is_refused_naming_it(live: Path, tmp_path: Path) -> None:
    backup = create_backup(_hostile(live, tmp_path, WIPER), tmp_path / "hostile.zip").path
    assert read_manifest(backup).tables["contact_emails"] > 0  # a believable manifest
    before = live.read_bytes()
    with pytest.raises(RapportError, match=r'trigger "keep_tidy" on contacts was not made'):
        restore_backup(backup, live)
    assert live.read_bytes() == before
    assert not list(tmp_path.glob("live-before-restore-*"))


def test_altered_index_and_extra_view_are_refused_too(live: Path, tmp_path: Path) -> None:
    altered = _hostile(
        live,
        tmp_path,
        "DROP INDEX ix_contacts_city; CREATE INDEX ix_contacts_city ON contacts (title);"
        "CREATE VIEW everyone AS SELECT * FROM contacts;",
    )
    backup = create_backup(altered, tmp_path / "altered.zip").path
    with pytest.raises(RapportError) as refused:
        restore_backup(backup, live)
    assert 'index "ix_contacts_city" on contacts differs' in str(refused.value)
    assert 'view "everyone" was not made' in str(refused.value)


def test_a_good_backup_still_restores_and_shadow_tables_are_expected(
    live: Path, tmp_path: Path
) -> None:
    backup = create_backup(live, tmp_path / "good.zip").path
    restore_backup(backup, live)
    assert ("table", "contact_fts_data") in expected_schema(HEAD_REVISION)
    assert check_file(live).ok


def test_check_reports_the_trigger_and_repair_removes_it_after_a_backup(
    live: Path, tmp_path: Path
) -> None:
    conn = sqlite3.connect(live)
    conn.executescript(WIPER)
    conn.close()
    checked = _rapport("check", "--db", str(live))
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "schema: 1 problem(s)" in checked.stdout
    assert 'trigger "keep_tidy" on contacts was not made by Rapport' in checked.stdout
    assert checked.stdout.strip().endswith("database has problems")

    repaired = _rapport("check", "--db", str(live), "--repair")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert "backup taken first:" in repaired.stdout
    assert 'repaired: removed trigger "keep_tidy" on contacts' in repaired.stdout
    assert repaired.stdout.strip().endswith("database is healthy")
    emails = count_rows(live, "contact_emails")
    assert emails > 0
    _save_a_card(live)
    assert (
        count_rows(live, "contact_emails") == emails
    )  # the trigger is gone: a save deletes nothing


def test_check_of_a_file_from_a_newer_rapport_says_the_schema_was_not_judged(
    live: Path,
) -> None:
    conn = sqlite3.connect(live)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    report = check_file(live)
    assert report.schema is None
    assert any("schema" in reason for reason in report.skipped)


def test_quoting_and_spacing_differences_are_not_damage(live: Path) -> None:
    """Another SQLite version may quote and space a rewritten statement differently."""
    conn = sqlite3.connect(live)
    conn.executescript(
        'DROP INDEX ix_contacts_city; CREATE INDEX "ix_contacts_city"  ON  "contacts" ([city]);'
    )
    conn.close()
    assert check_file(live).schema == ()
