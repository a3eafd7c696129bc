"""The safety features as a user meets them in the window: File > Back up and Restore, Tools >
Check database, the banners at start-up (damaged, open elsewhere, read-only, synced folder),
the day's backup on close, and a person's data exported and erased from the Tools menu."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fault_helpers import damage_btree, remount_readonly, tiny_filesystem
from privacy_fixtures import add_rich_contact
from PySide6.QtCore import QLockFile
from pytestqt.qtbot import QtBot
from told import Told

from desktop.services.demo import generate_demo
from desktop.store.backup import backup_name, backups_dir, create_backup, list_backups
from desktop.store.database import open_database
from desktop.store.retention import Retention, automatic_backup
from desktop.views import privacy_actions, safety_actions
from desktop.views.main_window import MainWindow
from desktop.views.safety_backup_settings import BackupSettingsDialog
from desktop.views.safety_banner import BannerKind
from desktop.views.safety_startup import OpenedDatabase, SafetyGuard, open_for_window
from desktop.views.settings import Settings


def _window(qtbot: QtBot, opened: OpenedDatabase) -> tuple[MainWindow, SafetyGuard]:
    window = MainWindow(opened.db, Settings(), areas=[])
    guard = SafetyGuard(window, opened)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, guard


def _wait_for_tasks(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not safety_actions.RUNNING, timeout=60_000)


def _trigger(window: MainWindow, title: str) -> None:
    window.menu_actions[title].trigger()


def _seeded(path: Path, contacts: int = 30) -> Path:
    db = open_database(path)
    generate_demo(db, contacts, seed=7)
    db.close()
    return path


def test_back_up_from_the_file_menu(
    qtbot: QtBot, tmp_path: Path, told: Told, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _ = _window(qtbot, open_for_window(_seeded(tmp_path / "live.db")))
    monkeypatch.setattr(safety_actions, "ask_backup_file", lambda _p, _s: tmp_path / "mine")
    _trigger(window, "Back up")
    _wait_for_tasks(qtbot)
    assert (tmp_path / "mine.zip").is_file()
    title, text = told.messages[-1]
    assert title == "Back up" and text.startswith("Backed up 30 contacts to")
    assert "Backed up 30 contacts" in window.statusBar().currentMessage()


def test_restore_from_the_file_menu_reloads_the_window(
    qtbot: QtBot, tmp_path: Path, told: Told, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = _seeded(tmp_path / "live.db")
    backup = create_backup(live, tmp_path / "b.zip").path
    opened = open_for_window(live)
    generate_demo(opened.db, 5, seed=8)
    window, _ = _window(qtbot, opened)
    monkeypatch.setattr(safety_actions, "ask_restore_file", lambda _p, _f: backup)
    with qtbot.waitSignal(window.bus.changed, timeout=60_000):
        _trigger(window, "Restore")
    _wait_for_tasks(qtbot)
    assert "(30 contacts)?" in told.confirmations[0]
    assert told.messages[-1][1].startswith("Restored the backup of")
    count = window.findChild(object, "contact_count_label")
    qtbot.waitUntil(lambda: count.text() == "30 contacts")  # counted off the GUI thread


def test_a_bad_backup_is_refused_in_the_window(
    qtbot: QtBot, tmp_path: Path, told: Told, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _ = _window(qtbot, open_for_window(_seeded(tmp_path / "live.db")))
    bad = tmp_path / "bad.zip"
    bad.write_text("not a backup")
    monkeypatch.setattr(safety_actions, "ask_restore_file", lambda _p, _f: bad)
    _trigger(window, "Restore")
    assert told.messages == [("Restore", f"{bad} is not a Rapport backup (File is not a zip file)")]
    assert not told.confirmations


def test_check_database_reports_health_and_offers_repair(
    qtbot: QtBot, tmp_path: Path, told: Told
) -> None:
    live = _seeded(tmp_path / "live.db")
    window, _ = _window(qtbot, open_for_window(live))
    _trigger(window, "Check database")
    _wait_for_tasks(qtbot)
    assert told.messages[-1][1].endswith("database is healthy")
    conn = sqlite3.connect(live)
    conn.execute("DELETE FROM contact_fts WHERE rowid IN (1, 2)")
    conn.commit()
    conn.close()
    _trigger(window, "Check database")
    _wait_for_tasks(qtbot)
    assert "2 contact(s) missing from the search index" in told.confirmations[-1]
    assert told.messages[-1][0] == "Repair database"
    assert "search index rebuilt (30 contact(s))" in told.messages[-1][1]
    assert told.messages[-1][1].endswith("database is healthy")


def test_damaged_database_opens_read_only_and_offers_the_newest_backup(
    qtbot: QtBot, tmp_path: Path, told: Told, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = _seeded(tmp_path / "live.db", 400)
    db = open_database(live)
    good = automatic_backup(db)
    db.close()
    assert good is not None
    damage_btree(live, "ix_contacts_sort_name")
    opened = open_for_window(live)
    assert opened.db.readonly
    window, guard = _window(qtbot, opened)
    assert "[read-only]" in window.windowTitle()
    banner = guard.banners[0]
    assert banner.kind == BannerKind.DAMAGED
    assert "is damaged: its start-up check found problems" in banner.text
    assert "newest backup is from" in banner.text
    window.grab().save(str(tmp_path / "damaged.png"))
    restarted: list[bool] = []
    monkeypatch.setattr(safety_actions, "_restart", lambda: restarted.append(True))
    assert banner.button is not None
    banner.button.trigger()
    _wait_for_tasks(qtbot)
    assert restarted == [True], told.messages
    assert "Rapport restarts now" in told.messages[-1][1]
    window.close()  # what the restart does to this window
    reopened = open_for_window(live)
    assert not reopened.db.readonly and not reopened.notices
    reopened.db.close()
    if reopened.lock is not None:
        reopened.lock.unlock()


def test_second_window_on_the_same_file_is_read_only_and_says_why(
    qtbot: QtBot, tmp_path: Path
) -> None:
    live = _seeded(tmp_path / "live.db", 3)
    other = QLockFile(f"{live}.lock")  # another Rapport holds the file
    assert other.tryLock(0)
    try:
        opened = open_for_window(live)
        _, guard = _window(qtbot, opened)
        assert opened.db.readonly
        assert [b.kind for b in guard.banners] == [BannerKind.READONLY]
        assert "already has this database open in another window" in guard.banners[0].text
    finally:
        other.unlock()
    opened.db.close()


def test_synced_folder_gets_a_warning_banner(qtbot: QtBot, tmp_path: Path) -> None:
    synced = tmp_path / "Dropbox"
    synced.mkdir()
    live = _seeded(synced / "live.db", 3)
    opened = open_for_window(live)
    _, guard = _window(qtbot, opened)
    assert [b.kind for b in guard.banners] == [BannerKind.WARNING]
    assert "in a Dropbox folder" in guard.banners[0].text
    assert not opened.db.readonly


def test_read_only_file_gets_a_read_only_banner(qtbot: QtBot, tmp_path: Path) -> None:
    with tiny_filesystem(tmp_path / "ro", "2m") as folder:
        live = _seeded(folder / "live.db", 3)
        remount_readonly(folder)
        opened = open_for_window(live)
        try:
            window, guard = _window(qtbot, opened)
            assert opened.db.readonly and opened.lock is None
            assert [b.kind for b in guard.banners] == [BannerKind.READONLY]
            assert "cannot be written" in guard.banners[0].text
            assert "[read-only]" in window.windowTitle()
            window.close()  # no backup of a read-only database, nothing written
            assert guard.last_backup is None
        finally:
            opened.db.close()


def test_closing_the_window_takes_the_days_backup_and_releases_the_lock(
    qtbot: QtBot, tmp_path: Path
) -> None:
    live = _seeded(tmp_path / "live.db", 3)
    window, guard = _window(qtbot, open_for_window(live))
    window.settings.backups_to_keep = 2
    window.close()
    assert guard.last_backup is not None
    assert guard.last_backup.path.parent == backups_dir()
    assert [info.kind for info in list_backups(source=live)] == ["auto"]
    lock = QLockFile(f"{live}.lock")
    assert lock.tryLock(0)  # released
    lock.unlock()


def test_export_and_erase_a_person_from_the_tools_menu(
    qtbot: QtBot, tmp_path: Path, told: Told, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = open_for_window(tmp_path / "live.db")
    person, _ = add_rich_contact(opened.db)
    window, _ = _window(qtbot, opened)
    monkeypatch.setattr(privacy_actions, "ask_crm_number", lambda _p, _t: "c900001")
    monkeypatch.setattr(privacy_actions, "ask_folder", lambda _p: tmp_path)
    _trigger(window, "Export a person's data")
    _wait_for_tasks(qtbot)
    exported = tmp_path / "C-900001 Zebulon Quaxworth.json"
    assert json.loads(exported.read_text(encoding="utf-8"))["contact"]["id"] == person
    assert "Everything kept about Zebulon Quaxworth (C-900001)" in told.messages[-1][1]
    window.undo_stack.push(__import__("PySide6.QtGui").QtGui.QUndoCommand("a delete"))
    with qtbot.waitSignal(window.bus.changed, timeout=30_000):
        _trigger(window, "Erase a person")
        _wait_for_tasks(qtbot)
    assert "Erase Zebulon Quaxworth (C-900001)" in told.confirmations[-1]
    assert told.messages[-1][1].startswith("Erased Zebulon Quaxworth (C-900001)")
    assert window.undo_stack.count() == 0  # nothing left that could bring them back
    monkeypatch.setattr(privacy_actions, "ask_crm_number", lambda _p, _t: "C-424242")
    _trigger(window, "Erase a person")
    assert told.messages[-1] == ("Erase a person", "No contact has the CRM number 'C-424242'.")


def test_large_database_is_checked_in_the_background_and_turns_read_only(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.errors import RapportError
    from desktop.services.contacts import ContactDraft, save_contact
    from desktop.views import safety_startup

    monkeypatch.setattr(safety_startup, "SYNC_CHECK_BYTES", 0)  # every file counts as large
    live = _seeded(tmp_path / "live.db", 400)
    damage_btree(live, "ix_contacts_sort_name")
    opened = open_for_window(live)
    assert opened.check_in_background and not opened.db.readonly
    window, guard = _window(qtbot, opened)
    assert guard.check_task is not None
    with qtbot.waitSignal(guard.check_task.finished, timeout=30_000):
        pass
    assert [b.kind for b in guard.banners] == [BannerKind.DAMAGED]
    assert opened.db.readonly and window.windowTitle().endswith("[read-only]")
    with pytest.raises(RapportError, match="read-only; nothing can be saved"):
        save_contact(opened.db, ContactDraft(first_name="Not", last_name="Now"))


def test_damage_met_while_building_the_areas_gives_a_window_without_them(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.views import safety_startup

    monkeypatch.setattr(safety_startup, "SYNC_CHECK_BYTES", 0)
    live = _seeded(tmp_path / "live.db", 400)
    damage_btree(live, "ix_contacts_sort_key")  # the contacts list sorts on the damaged index
    opened = open_for_window(live)
    window = safety_startup.build_window(opened, Settings())
    qtbot.addWidget(window)
    guard = window.findChild(SafetyGuard, "safety_guard")
    assert window.area_keys == []
    assert [b.kind for b in guard.banners] == [BannerKind.DAMAGED]
    assert "is damaged" in guard.banners[0].text
    assert opened.db.readonly and guard.check_task is None  # no second check needed


def test_lock_left_by_a_crashed_rapport_does_not_make_the_next_start_read_only(
    qtbot: QtBot, tmp_path: Path
) -> None:
    import subprocess
    import sys

    live = _seeded(tmp_path / "live.db", 3)
    script = "from PySide6.QtCore import QLockFile; import os, sys; l = QLockFile(sys.argv[1]); "
    script += "l.tryLock(0); os._exit(0)"  # dies holding the lock, as a crash would
    subprocess.run([sys.executable, "-c", script, f"{live}.lock"], check=True)
    assert Path(f"{live}.lock").exists()
    opened = open_for_window(live)
    try:
        assert not opened.db.readonly and opened.lock is not None
        assert not opened.notices
    finally:
        opened.lock.unlock()
        opened.db.close()


def test_how_many_backups_to_keep_is_a_setting_and_the_space_they_take_shows(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = _seeded(tmp_path / "live.db", 3)
    old = datetime(2020, 1, 1)
    for day in range(3):  # three old daily backups, 2 of which the new rule lets go
        when = old + timedelta(days=day)
        create_backup(live, backups_dir() / backup_name(live, "auto", when), when)
    window, _ = _window(qtbot, open_for_window(live))
    shown: list[tuple[Retention, str]] = []

    def answer(_parent: object, rule: Retention, usage: str) -> Retention:
        shown.append((rule, usage))
        return Retention(daily=3, others=4, max_age_days=30)

    monkeypatch.setattr(BackupSettingsDialog, "ask", answer)
    _trigger(window, "Automatic backups")
    assert shown[0][0] == Retention(7, 5, 90)  # the defaults
    assert "Backups of this database take" in shown[0][1] and "(3 files)" in shown[0][1]
    assert str(backups_dir()) in shown[0][1] and "daily:" in shown[0][1]
    settings = window.settings
    assert (settings.backups_to_keep, settings.other_backups_to_keep) == (3, 4)
    assert settings.backups_max_age_days == 30
    assert "last 3 daily backups" in window.statusBar().currentMessage()
    assert "2 older backups deleted" in window.statusBar().currentMessage()
    assert len(list_backups(source=live)) == 1  # the newest stays, however old


def test_closing_the_window_rolls_every_kind_of_backup(qtbot: QtBot, tmp_path: Path) -> None:
    live = _seeded(tmp_path / "live.db", 3)
    for day in range(1, 5):  # four imports in the last days
        when = datetime.now() - timedelta(days=day)
        create_backup(live, backups_dir() / backup_name(live, "before-import", when), when)
    window, _ = _window(qtbot, open_for_window(live))
    window.settings.other_backups_to_keep = 2
    window.close()
    kinds = [info.kind for info in list_backups(source=live)]
    assert sorted(kinds) == ["auto", "before-import", "before-import"]


def test_the_backup_settings_dialog_reads_and_gives_the_rule(qtbot: QtBot) -> None:
    dialog = BackupSettingsDialog(None, Retention(7, 5, 90), "Backups of this database take 1.0 MB")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.space.text() == "Backups of this database take 1.0 MB"
    dialog.daily.setValue(10)
    dialog.others.setValue(2)
    dialog.max_age.setValue(365)
    assert dialog.rule() == Retention(10, 2, 365)
    dialog.daily.setValue(0)  # below the range: at least one is kept
    assert dialog.rule().daily == 1


def test_opening_an_older_database_says_it_is_being_updated(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgrade can take a minute at a million contacts; the user sees why nothing opens."""
    from PySide6.QtWidgets import QProgressDialog

    from desktop.store import schema
    from desktop.views import safety_startup

    path = _seeded(tmp_path / "old.db")
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    conn.close()
    shown: list[str] = []

    class Recorded(QProgressDialog):
        def show(self) -> None:
            shown.append(self.labelText())
            super().show()

    real_upgrade = schema.upgrade

    def slow_upgrade(conn: object, target: str = "head") -> None:
        time.sleep(0.3)  # on the opening thread: long enough for the dialog to come up
        real_upgrade(conn, target)  # type: ignore[arg-type]

    monkeypatch.setattr(safety_startup, "QProgressDialog", Recorded)
    monkeypatch.setattr(schema, "upgrade", slow_upgrade)
    opened = open_for_window(path)
    try:
        assert len(shown) == 1 and shown[0].startswith("Updating old.db for this version")
        with opened.db.engine.connect() as conn:
            assert schema.current_revision(conn) == schema.HEAD_REVISION
        assert list((tmp_path / "backups").glob("old-before-upgrade-0001-*.db"))
    finally:
        opened.db.close()
        if opened.lock is not None:
            opened.lock.unlock()
    # a current database opens without the dialog
    shown.clear()
    again = open_for_window(path)
    again.db.close()
    if again.lock is not None:
        again.lock.unlock()
    assert shown == []
