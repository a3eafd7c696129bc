"""Small stumbles on the card and the list (issue 15.10): Save only for a change, a phone's
label from its number, rows that do not move under the mouse, the neighbour selected after a
delete, and the import-undo question without '0 it changed'."""

from __future__ import annotations

from pathlib import Path

import pytest
from contact_fixtures import _no_real_dialogs, add_people, click_row, open_contacts, shown_names  # noqa: F401
from exchange_support import import_file, write_csv
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_contact_card import retype
from told import Told

from desktop.store.database import Database
from desktop.views.contact_dialogs import Ask
from desktop.views.contacts_view import ContactsView
from desktop.views.import_history import undo_after_asking
from desktop.views.main_window import MainWindow


@pytest.fixture
def opened(qtbot: QtBot, db: Database) -> tuple[MainWindow, ContactsView, dict[str, int]]:
    people = add_people(db)
    window, view = open_contacts(qtbot, db)()
    click_row(qtbot, view, 1)  # Anna Schmidt
    return window, view, people


def test_save_is_offered_only_once_something_changed(
    qtbot: QtBot, opened: tuple[MainWindow, ContactsView, dict[str, int]]
) -> None:
    _, view, _ = opened
    card = view.card
    assert not card.save_button.isEnabled()
    retype(qtbot, card.form.lines["title"].edit, "CEO")
    assert card.save_button.isEnabled()
    card.form.lines["title"].edit.selectAll()
    qtbot.keyClick(card.form.lines["title"].edit, Qt.Key.Key_Backspace)
    assert not card.save_button.isEnabled()  # back as stored: nothing to save
    qtbot.keyClicks(card.notes, "met at the fair")
    assert card.save_button.isEnabled()
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    assert not card.save_button.isEnabled()
    view.new_action.trigger()
    assert not card.save_button.isEnabled()  # an empty new card has nothing to save yet
    qtbot.keyClicks(card.form.lines["last_name"].edit, "Neumann")
    assert card.save_button.isEnabled()
    card.revert()


def test_a_new_phone_takes_its_label_from_the_number(
    qtbot: QtBot, opened: tuple[MainWindow, ContactsView, dict[str, int]]
) -> None:
    _, view, _ = opened
    phones = view.card.form.phones
    qtbot.mouseClick(phones.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(phones.rows[1].edits["value"], "+33 6 48 57 28 95")
    assert phones.rows[1].label.currentText() == "mobile"
    qtbot.mouseClick(phones.add_button, Qt.MouseButton.LeftButton)
    chosen = phones.rows[2]
    chosen.label.setCurrentIndex(chosen.label.findText("home"))
    chosen.label.activated.emit(chosen.label.currentIndex())  # as a user's pick sends it
    qtbot.keyClicks(chosen.edits["value"], "0170 1234567")
    assert chosen.label.currentText() == "home"  # the user's choice stands
    assert phones.rows[0].label.currentText() == "work"  # stored labels are never changed
    view.card.revert()


def test_typing_a_phone_does_not_move_the_add_button(
    qtbot: QtBot, opened: tuple[MainWindow, ContactsView, dict[str, int]]
) -> None:
    _, view, _ = opened
    card = view.card
    phones = card.form.phones
    qtbot.mouseClick(phones.add_button, Qt.MouseButton.LeftButton)
    new = phones.rows[1]
    _settle()
    before = phones.add_button.mapTo(card, QPoint(0, 0))
    qtbot.keyClicks(new.edits["value"], "0170 1234567")
    assert new.message.isVisibleTo(card)  # '✓ +49 170 1234567' under the number
    _settle()
    assert phones.add_button.mapTo(card, QPoint(0, 0)) == before
    card.revert()


def _settle() -> None:
    """Show new rows and run the pending layout passes now (nested layouts take a few rounds)."""
    for _ in range(5):
        QApplication.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def test_delete_selects_the_neighbouring_contact(
    qtbot: QtBot,
    opened: tuple[MainWindow, ContactsView, dict[str, int]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, view, people = opened
    monkeypatch.setattr(Ask, "confirm_delete", classmethod(lambda cls, *a: True))
    view.delete_action.trigger()  # Anna, second of four
    # 王伟 files under W (pinyin wang), before Zeller (issue 15.8)
    qtbot.waitUntil(lambda: shown_names(view) == ["Bernd Albers", "王伟", "Clara Zeller"])
    assert view.card.contact_id == people["王"]
    qtbot.waitUntil(lambda: view.selected_ids() == [people["王"]])
    click_row(qtbot, view, 2)  # the last row: its neighbour is the one above
    view.delete_action.trigger()
    qtbot.waitUntil(lambda: shown_names(view) == ["Bernd Albers", "王伟"])
    assert view.card.contact_id == people["王"]
    qtbot.waitUntil(lambda: view.selected_ids() == [people["王"]])


def test_undoing_an_import_that_changed_nothing_does_not_mention_0_changed(
    qtbot: QtBot,
    opened: tuple[MainWindow, ContactsView, dict[str, int]],
    told: Told,
    tmp_path: Path,
) -> None:
    window, _, _ = opened
    fair = write_csv(tmp_path / "fair.csv", [["Name"], ["Ina Hahn"], ["Li Wang"]])
    result = import_file(window.db, fair)
    assert result.batch_id is not None
    told.answer = False
    for counts in ((2, 0), (0, 1), (1, 3)):
        undo_after_asking(window, window.context(), result.batch_id, "fair.csv", counts, print)
    assert told.confirmations == [
        "Undo the import of fair.csv? The 2 contacts it created are removed.",
        "Undo the import of fair.csv? The 1 contact it changed gets its earlier values back.",
        "Undo the import of fair.csv? The 1 contact it created is removed and the 3 contacts "
        "it changed get their earlier values back.",
    ]
