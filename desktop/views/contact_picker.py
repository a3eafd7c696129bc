"""Choosing one or several contacts in a form: type part of a name, company, e-mail, phone or
CRM number (the contacts list's own search), pick from the list, remove with Delete."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

Search = Callable[[str], list[tuple[int, str]]]


class ContactPicker(QWidget):
    changed = Signal()

    def __init__(
        self, search: Search, multiple: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._search = search
        self._multiple = multiple
        self._labels: dict[str, int] = {}
        self.lookup = QLineEdit()
        self.lookup.setPlaceholderText(self.tr("Find a contact: name, company, phone, e-mail…"))
        self.lookup.setClearButtonEnabled(True)
        self._matches = QStringListModel(self)
        completer = QCompleter(self._matches, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # The index already matched; the completer must not filter the labels again.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.activated.connect(self._on_completer_activated)
        self.lookup.setCompleter(completer)
        self.lookup.textEdited.connect(self._on_lookup_text_edited)
        self.chosen = QStandardItemModel(self)
        self.list = QListView()
        self.list.setModel(self.chosen)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.setMaximumHeight(72 if multiple else 0)
        self.list.setVisible(multiple)
        remove = QPushButton(self.tr("Remove"))
        remove.setVisible(multiple)
        remove.clicked.connect(self._on_remove_clicked)
        QShortcut(QKeySequence.StandardKey.Delete, self.list, self._on_remove_clicked)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1)
        row.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.lookup)
        layout.addLayout(row)

    def contact_ids(self) -> tuple[int, ...]:
        return tuple(
            self.chosen.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.chosen.rowCount())
        )

    def contact_id(self) -> int | None:
        ids = self.contact_ids()
        return ids[0] if ids else None

    def add(self, contact_id: int, label: str) -> None:
        if contact_id in self.contact_ids():
            return
        if not self._multiple:
            self.chosen.clear()
        item = QStandardItem(label)
        item.setData(contact_id, Qt.ItemDataRole.UserRole)
        self.chosen.appendRow(item)
        self.lookup.setText("" if self._multiple else label)
        self.changed.emit()

    def pick(self, text: str) -> bool:
        """Search and take the first match, as a user choosing it from the list."""
        matches = self._search(text)
        if matches:
            self.add(*matches[0])
        return bool(matches)

    @Slot(str)
    def _on_lookup_text_edited(self, text: str) -> None:
        if not self._multiple and self.chosen.rowCount():
            self.chosen.clear()
            self.changed.emit()
        matches = self._search(text) if text.strip() else []
        self._labels = {label: contact_id for contact_id, label in matches}
        self._matches.setStringList([label for _, label in matches])

    @Slot(str)
    def _on_completer_activated(self, label: str) -> None:
        contact_id = self._labels.get(label)
        if contact_id is not None:
            self.add(contact_id, label)

    @Slot()
    def _on_remove_clicked(self) -> None:
        rows = sorted((i.row() for i in self.list.selectionModel().selectedRows()), reverse=True)
        for row in rows:
            self.chosen.removeRow(row)
        if rows:
            self.changed.emit()
