"""Help > Rapport help (F1): every keyboard shortcut, read off the window's own actions, so
the list can never disagree with the keys. The user guide replaces it once it exists.

A menu entry's key is its shortcut, or the text after a tab in its title: the contact commands
show keys that belong to the contacts view ('&New contact\\tCtrl+N', see contact_menu.py).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMainWindow,
    QMenu,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.views.window_commands import bring_to_front


@dataclass(frozen=True)
class Shortcut:
    where: str  # the menu, or 'In the area on screen' for keys no menu shows
    what: str
    keys: str


def _plain(text: str) -> str:
    return text.split("\t")[0].replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


def _keys(action: QAction) -> str:
    if not action.shortcut().isEmpty():
        return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    _title, tab, keys = action.text().partition("\t")
    return keys if tab else ""


def window_shortcuts(window: QMainWindow) -> list[Shortcut]:
    """Menu entries with a key, menu by menu, then keys of the areas' own actions that no menu
    already lists (the contacts toolbar repeats the menu's keys)."""
    found: list[Shortcut] = []
    seen: set[int] = set()

    def walk(menu: QMenu, where: str) -> None:
        for action in menu.actions():
            seen.add(id(action))
            if action.menu() is not None:
                walk(action.menu(), where)  # type: ignore[arg-type]
            elif (keys := _keys(action)) and action.isVisible():
                found.append(Shortcut(where, _plain(action.text()), keys))

    for top in window.menuBar().actions():
        if top.menu() is not None and top.isVisible():
            walk(top.menu(), _plain(top.text()))  # type: ignore[arg-type]
    listed = {shortcut.keys for shortcut in found}
    for action in window.findChildren(QAction):
        keys = _keys(action)
        if id(action) not in seen and keys and keys not in listed and action.text():
            listed.add(keys)
            found.append(Shortcut("In the area on screen", _plain(action.text()), keys))
    return found


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle(self.tr("Rapport help: keyboard shortcuts"))
        self.shortcuts = window_shortcuts(window)
        self.text = QTextBrowser(objectName="shortcuts")
        self.text.setHtml(self._html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(520, 560)

    def _html(self) -> str:
        rows, last = [], ""
        for shortcut in self.shortcuts:
            if shortcut.where != last:
                rows.append(
                    f"<tr><th colspan=2 align=left><br>{html.escape(shortcut.where)}</th></tr>"
                )
                last = shortcut.where
            rows.append(
                f"<tr><td>{html.escape(shortcut.what)}</td>"
                f"<td>&nbsp;&nbsp;<b>{html.escape(shortcut.keys)}</b></td></tr>"
            )
        intro = html.escape(self.tr("The user guide is on its way; until then, the keys:"))
        return f"<p>{intro}</p><table cellspacing=2>{''.join(rows)}</table>"

    @classmethod
    def show_for(cls, window: QMainWindow) -> None:
        """One list at a time, beside the window (not modal: the user tries the keys)."""
        dialog = window.findChild(cls, "shortcuts_dialog")
        if dialog is None:
            dialog = cls(window)
        dialog.show()
        bring_to_front(dialog)
