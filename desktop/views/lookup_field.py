"""A line edit that finds a record as the user types (a contact through the search index, a
company by name) and remembers which one was picked."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, Signal, Slot
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

Search = Callable[[str], list[tuple[int, str]]]


class LookupField(QLineEdit):
    #: the id picked, or None when the text no longer names a pick
    chosen = Signal(object)

    def __init__(self, search: Search, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self._labels: dict[str, int] = {}
        self.chosen_id: int | None = None
        self._choices = QStringListModel(self)
        completer = QCompleter(self._choices, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._on_completer_activated)
        self.setCompleter(completer)
        self.setClearButtonEnabled(True)
        self.textEdited.connect(self._on_text_edited)

    def set_choice(self, record_id: int | None, label: str) -> None:
        self.chosen_id = record_id
        self._labels = {label: record_id} if record_id is not None else {}
        self.setText(label)

    def pick(self, text: str) -> bool:
        """Search for `text` and take the first match, as a user choosing it from the list."""
        matches = self._search(text)
        if not matches:
            return False
        self._on_text_edited(text)
        self._on_completer_activated(matches[0][1])
        return True

    @Slot(str)
    def _on_text_edited(self, text: str) -> None:
        if self.chosen_id is not None:
            self.chosen_id = None
            self.chosen.emit(None)
        matches = self._search(text) if len(text.strip()) >= 1 else []
        self._labels = {label: record_id for record_id, label in matches}
        self._choices.setStringList([label for _, label in matches])

    @Slot(str)
    def _on_completer_activated(self, label: str) -> None:
        record_id = self._labels.get(label)
        if record_id is not None:
            self.chosen_id = record_id
            self.setText(label)
            self.chosen.emit(record_id)
