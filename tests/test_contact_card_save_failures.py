"""Saves the store refuses (issue 14.5): another program holds the write lock, or the file went
read-only. The user sees the reason where they are, keeps what they typed, and the window
keeps painting while it waits for the lock."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from contact_fixtures import _no_real_dialogs, add_people, click_row, open_contacts  # noqa: F401
from fault_helpers import remount_readonly, tiny_filesystem
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot
from test_contact_card import retype

from desktop.services.contact_history import list_history
from desktop.services.contacts import load_contact
from desktop.store import database
from desktop.store.database import Database, open_database
from desktop.views.contact_dialogs import Ask
from desktop.views.contacts_view import ContactsView

LOCKED = "another program kept the database locked"


@pytest.fixture
def quick_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    """The test database waiting 1 s for a lock instead of 5 (new connections read it)."""
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 1000)
    db.engine.dispose()
    return db


@pytest.fixture
def lock(quick_db: Database) -> Iterator[sqlite3.Connection]:
    """Another program's connection; `lock.execute('BEGIN IMMEDIATE')` takes the write lock."""
    assert quick_db.path is not None
    other = sqlite3.connect(quick_db.path, isolation_level=None)
    yield other
    other.close()


def _opened(qtbot: QtBot, db: Database) -> tuple[ContactsView, dict[str, int]]:
    people = add_people(db)
    _, view = open_contacts(qtbot, db)()
    click_row(qtbot, view, 1)  # Anna Schmidt
    return view, people


def test_a_save_waiting_for_a_lock_says_so_and_a_refused_one_keeps_the_edit(
    qtbot: QtBot,
    quick_db: Database,
    lock: sqlite3.Connection,
    capfd: pytest.CaptureFixture[str],
) -> None:
    view, people = _opened(qtbot, quick_db)
    card = view.card
    retype(qtbot, card.form.lines["title"].edit, "Head of Purchasing")
    lock.execute("BEGIN IMMEDIATE")
    seen: list[tuple[str, bool]] = []
    # Fires only if the GUI thread keeps running its events while the save waits.
    QTimer.singleShot(300, lambda: seen.append((card.banner.text(), card.save_button.isEnabled())))
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)

    assert seen == [("Waiting for the database…", False)]
    assert LOCKED in card.banner.text() and "Not saved" in card.banner.text()
    assert card.form.lines["title"].text() == "Head of Purchasing" and card.is_dirty()
    assert card.save_button.isEnabled()
    assert load_contact(quick_db, people["Schmidt"]).title == ""
    assert "Traceback" not in capfd.readouterr().err

    lock.execute("ROLLBACK")  # the other program is done: Save again works
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    assert load_contact(quick_db, people["Schmidt"]).title == "Head of Purchasing"
    assert card.banner.text().startswith("✓ Saved C-000001")


def test_leaving_a_card_whose_save_is_refused_stays_on_it(
    qtbot: QtBot, quick_db: Database, lock: sqlite3.Connection
) -> None:
    view, people = _opened(qtbot, quick_db)
    retype(qtbot, view.card.form.lines["department"].edit, "Einkauf")
    lock.execute("BEGIN IMMEDIATE")
    click_row(qtbot, view, 0)
    assert view.card.contact_id == people["Schmidt"]
    assert view.card.form.lines["department"].text() == "Einkauf"
    assert LOCKED in view.card.banner.text()
    lock.execute("ROLLBACK")
    view.card.revert()


def test_delete_tag_and_history_under_a_lock_tell_the_user_and_change_nothing(
    qtbot: QtBot,
    quick_db: Database,
    lock: sqlite3.Connection,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    view, people = _opened(qtbot, quick_db)
    told: list[str] = []
    monkeypatch.setattr(Ask, "confirm_delete", classmethod(lambda cls, *a: True))
    monkeypatch.setattr(Ask, "name", classmethod(lambda cls, *a: "VIP"))
    monkeypatch.setattr(Ask, "inform", classmethod(lambda cls, parent, text: told.append(text)))
    lock.execute("BEGIN IMMEDIATE")
    history = view.card.history
    status = view.window().statusBar()  # type: ignore[attr-defined]
    seen: set[tuple[str, str]] = set()
    probe = QTimer(view)  # ticks only while the GUI thread runs its events
    probe.timeout.connect(lambda: seen.add((status.currentMessage(), history.message.text())))
    probe.start(100)

    view.delete_selected()
    view.tag_selected()
    view.card.tabs.setCurrentWidget(history)
    qtbot.keyClicks(history.text, "called, no answer")
    qtbot.keyClick(history.text, Qt.Key.Key_Return)

    probe.stop()
    waiting = "Waiting for the database…"
    assert (waiting, "") in seen  # delete and tag: the status bar says it
    assert ("", waiting) in seen  # a history line: the tab says it
    assert len(told) == 2 and all(LOCKED in text for text in told)
    assert LOCKED in history.message.text()
    assert history.text.text() == "called, no answer"  # kept for the next try
    detail = load_contact(quick_db, people["Schmidt"])
    assert detail.tags == () and list_history(quick_db, detail.id) == []
    assert view.card.contact_id == people["Schmidt"]
    assert "Traceback" not in capfd.readouterr().err
    lock.execute("ROLLBACK")


def test_a_file_gone_read_only_refuses_the_save_on_the_card(qtbot: QtBot, tmp_path: Path) -> None:
    with tiny_filesystem(tmp_path / "ro", "4m") as folder:
        db = open_database(folder / "ro.db")
        try:
            view, people = _opened(qtbot, db)
            retype(qtbot, view.card.form.lines["title"].edit, "CEO")
            db.engine.dispose()  # the next connection opens the file as it is now
            remount_readonly(folder)
            assert not view.card.save()
            assert "Not saved" in view.card.banner.text()
            assert "read-only" in view.card.banner.text()
            assert view.card.form.lines["title"].text() == "CEO" and view.card.is_dirty()
            view.card.show_contact(people["Albers"])  # cannot even be read now: says so
            assert "cannot be opened" in view.card.banner.text()
            assert view.card.contact_id is None
            subprocess.run(["mount", "-o", "remount,rw", str(folder)], check=True)
            view.card.show_contact(people["Schmidt"])  # the disk is writable again
            retype(qtbot, view.card.form.lines["title"].edit, "CEO")
            assert view.card.save()
            assert load_contact(db, people["Schmidt"]).title == "CEO"
            view.window().close()
        finally:
            db.close()
