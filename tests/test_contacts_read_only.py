"""The read-only second window (issue 15.9): nothing there invites an edit the database will
refuse. Every editing action is disabled and no field takes typing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from contact_fixtures import _no_real_dialogs, add_people, click_row, open_contacts  # noqa: F401
from PySide6.QtWidgets import QLineEdit, QMenu
from pytestqt.qtbot import QtBot

from desktop.store.database import Database, open_database
from desktop.store.readonly_mode import make_read_only
from desktop.views.contact_deals_tab import ContactDealsTab
from desktop.views.contacts_view import ContactsView
from desktop.views.import_history import ImportHistoryDialog
from desktop.views.main_window import MainWindow
from desktop.views.settings import Settings


@pytest.fixture
def readonly_db(tmp_path: Path) -> Iterator[Database]:
    writable = open_database(tmp_path / "shared.db")
    add_people(writable)
    writable.close()
    database = open_database(tmp_path / "shared.db", readonly=True)
    yield database
    database.close()


def _editable_things(view: ContactsView) -> list[str]:
    """What a user could still use to change something, by name."""
    card = view.card
    found = [
        action.text()
        for action in (view.new_action, view.delete_action, view.group_action, view.tag_action)
        if action.isEnabled()
    ]
    found += [
        edit.objectName() or edit.placeholderText()
        for edit in card.form.findChildren(QLineEdit)
        if edit.isEnabled() and not edit.isReadOnly() and edit.isVisibleTo(card)
    ]
    for name, widget in (
        ("notes", card.notes),
        ("owner", card.form.owner),
    ):
        if widget.isEnabled() and not getattr(widget, "isReadOnly", lambda: False)():
            found.append(name)
    buttons = [card.save_button, card.revert_button, card.history.add_button]
    buttons += [entries.add_button for entries in (card.form.phones, card.form.emails)]
    buttons += [tab.new_deal for tab in card.findChildren(ContactDealsTab)]
    found += [button.text() for button in buttons if button.isEnabled()]
    if card.history.text.isEnabled():
        found.append("history text")
    return found


def test_the_read_only_window_offers_no_edit(qtbot: QtBot, readonly_db: Database) -> None:
    _, view = open_contacts(qtbot, readonly_db)()
    click_row(qtbot, view, 1)
    assert view.card.contact_id is not None
    assert _editable_things(view) == []
    first = view.card.form.lines["first_name"].edit
    first.setFocus()
    qtbot.keyClicks(first, "xyz")
    assert first.text() == "Anna" and not view.card.is_dirty()
    assert "read-only" in view.new_action.toolTip()


def test_a_database_turned_read_only_while_open_locks_the_next_card(
    qtbot: QtBot, db: Database
) -> None:
    add_people(db)
    _, view = open_contacts(qtbot, db)()
    listed = {"Delete", "Add to group…", "Tag…"}
    assert not listed & set(_editable_things(view))  # nothing selected: nothing to act on
    click_row(qtbot, view, 1)
    assert _editable_things(view)[:4] == ["New", "Delete", "Add to group…", "Tag…"]
    make_read_only(db)  # the background check found damage
    click_row(qtbot, view, 0)
    assert _editable_things(view) == []


# -- the window's menus -----------------------------------------------------------------------

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
