"""The message shown beside a field as the user types: an error, a warning or a hint."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class Level(Enum):
    OK = ""
    #: something is under way (waiting for the database): neither good nor bad news
    INFO = "#455a64"
    HINT = "#2e7d32"
    WARNING = "#b26a00"
    ERROR = "#c62828"


_MARKS = {Level.OK: "", Level.INFO: "", Level.HINT: "✓ ", Level.WARNING: "⚠ ", Level.ERROR: "✖ "}


def stack_under(parent: QWidget, field: QWidget, under: QWidget) -> None:
    """Fill `parent` with `field` and, close beneath it, what belongs to it (its message, its
    links), so the pair lines up with the other rows of a form."""
    layout = QVBoxLayout(parent)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    layout.addWidget(field)
    layout.addWidget(under)


class FieldMessage(QLabel):
    """A small coloured label; `level` says whether the field may be saved."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.level = Level.OK
        self.hide()

    def show_message(self, level: Level, text: str) -> None:
        self.level = level
        if level is Level.OK or not text:
            self.clear()
            self.hide()
            return
        self.setText(_MARKS[level] + text)
        self.setStyleSheet(f"color: {level.value};")
        self.setToolTip(text)
        self.show()

    @property
    def blocks_saving(self) -> bool:
        return self.level is Level.ERROR
