"""Ctrl+Z and Ctrl+Shift+Z with the cursor in a card field (issue 15.5): the field's own undo
while it has one, the window's (the last save) once it has none."""

from __future__ import annotations

from contact_fixtures import _no_real_dialogs, add_people, click_row, open_contacts  # noqa: F401
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from test_contact_card import retype

from desktop.services.contacts import load_contact
from desktop.store.database import Database

CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot: QtBot, widget: QWidget, standard: QKeySequence.StandardKey) -> None:
    """The platform's key for Undo or Redo, typed into `widget` (which has the focus)."""
    combo = QKeySequence.keyBindings(standard)[0][0]
    qtbot.keyClick(widget, combo.key(), combo.keyboardModifiers())


def test_after_a_save_ctrl_z_in_the_field_undoes_the_save(qtbot: QtBot, db: Database) -> None:
    people = add_people(db)
    _, view = open_contacts(qtbot, db)()
    click_row(qtbot, view, 1)  # Anna Schmidt
    title = view.card.form.lines["title"].edit
    retype(qtbot, title, "CEO")
    qtbot.keyClick(title, Qt.Key.Key_S, CTRL)
    assert load_contact(db, people["Schmidt"]).title == "CEO"
    assert title.hasFocus()

    press(qtbot, title, QKeySequence.StandardKey.Undo)
    assert load_contact(db, people["Schmidt"]).title == ""
    qtbot.waitUntil(lambda: title.text() == "")
    press(qtbot, title, QKeySequence.StandardKey.Redo)
    assert load_contact(db, people["Schmidt"]).title == "CEO"
    qtbot.waitUntil(lambda: title.text() == "CEO")


def test_typing_not_yet_saved_is_undone_in_the_field_first(qtbot: QtBot, db: Database) -> None:
    people = add_people(db)
    window, view = open_contacts(qtbot, db)()
    click_row(qtbot, view, 1)
    department = view.card.form.lines["department"].edit
    department.setFocus()
    qtbot.keyClicks(department, "Einkauf")
    press(qtbot, department, QKeySequence.StandardKey.Undo)
    assert department.text() == "" and window.undo_stack.count() == 0
    notes = view.card.notes
    notes.setFocus()
    press(qtbot, notes, QKeySequence.StandardKey.Undo)  # nothing to undo anywhere: harmless
    assert load_contact(db, people["Schmidt"]).department == ""
