"""The read-only window's menus (issue 15.9): every entry that would change the database is
disabled, what only reads (find, export, back up, print, reports) stays, and a database that
turns read-only while the window is open disables them by the next look at a menu."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from contact_fixtures import _no_real_dialogs, add_people  # noqa: F401
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from desktop.store.database import Database, open_database
from desktop.store.readonly_mode import make_read_only
from desktop.views.import_history import ImportHistoryDialog
from desktop.views.main_window import MainWindow
from desktop.views.settings import Settings

EDITING = (
    "New contact\tCtrl+N",
    "Save contact\tCtrl+S",
    "Delete contacts\tDel",
    "Add to group…\tCtrl+G",
    "Tag contacts…\tCtrl+T",
    "Import",
    "Erase a person",
)
READING = (
    "Find contact\tCtrl+F",
    "Export",
    "Import history",
    "Back up",
    "Print",
    "Phone list",
    "Export a person's data",
    "Preferences",
)


@pytest.fixture
def readonly_db(tmp_path: Path) -> Iterator[Database]:
    writable = open_database(tmp_path / "shared.db")
    add_people(writable)
    writable.close()
    database = open_database(tmp_path / "shared.db", readonly=True)
    yield database
    database.close()


def _window(qtbot: QtBot, db: Database) -> MainWindow:
    window = MainWindow(db, Settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _enabled(window: MainWindow, titles: tuple[str, ...]) -> list[str]:
    return [title for title in titles if window.menu_actions[title].isEnabled()]


def test_the_read_only_window_disables_every_editing_menu_entry(
    qtbot: QtBot, readonly_db: Database
) -> None:
    window = _window(qtbot, readonly_db)
    assert _enabled(window, EDITING) == []
    assert _enabled(window, READING) == list(READING)
    assert not window.undo_action.isEnabled() and not window.redo_action.isEnabled()
    tip = window.menu_actions["Import"].statusTip()
    assert "read-only" in tip
    window.menu_actions["Import history"].trigger()
    history = window.findChild(ImportHistoryDialog, "import_history")
    assert history is not None and not history.undo_button.isEnabled()
    history.close()


def test_a_database_turned_read_only_disables_the_entries_when_a_menu_opens(
    qtbot: QtBot, db: Database
) -> None:
    add_people(db)
    window = _window(qtbot, db)
    assert _enabled(window, EDITING) == list(EDITING)
    make_read_only(db)  # what a failed background check does
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    file_menu.aboutToShow.emit()
    assert _enabled(window, EDITING) == []
    assert _enabled(window, READING) == list(READING)
