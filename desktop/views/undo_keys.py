"""Ctrl+Z and Ctrl+Shift+Z in a text field: the field's own undo while it has one, the
window's undo stack (the last save, delete or tag) once it has none.

A QLineEdit claims the undo keys (ShortcutOverride) even with nothing to undo, so the window's
Edit > Undo never heard them while the cursor was in a card field, which after a save is
always. The filter sits on the fields of one area as they get the focus (a filter on the whole
application would see every paint event) and lets the keys through when the field has nothing
of its own to undo or redo.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

_UNDO = QKeySequence.StandardKey.Undo
_REDO = QKeySequence.StandardKey.Redo


class WindowUndoKeys(QObject):
    """Installed for `area`: its line edits and plain text edits pass the undo keys on to the
    window when they have nothing to undo or redo themselves."""

    def __init__(self, area: QWidget) -> None:
        super().__init__(area)
        self._area = area
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._on_focus_changed)

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, (QLineEdit, QPlainTextEdit)) and self._area.isAncestorOf(new):
            new.installEventFilter(self)  # a second install only moves it to the front

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        assert isinstance(event, QKeyEvent)
        if event.matches(_UNDO):
            own = _can(watched, undo=True)
        elif event.matches(_REDO):
            own = _can(watched, undo=False)
        else:
            return False
        if own:
            return False  # the field undoes its own typing first
        event.ignore()  # not claimed: the window's Undo/Redo shortcut runs
        return True


def _can(editor: QObject, *, undo: bool) -> bool:
    if isinstance(editor, QLineEdit):
        if editor.isReadOnly():
            return False
        return editor.isUndoAvailable() if undo else editor.isRedoAvailable()
    if isinstance(editor, QPlainTextEdit):
        if editor.isReadOnly():
            return False
        document = editor.document()
        return document.isUndoAvailable() if undo else document.isRedoAvailable()
    return False
