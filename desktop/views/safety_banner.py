"""A strip across the top of the window saying why the database needs care: read-only,
damaged, open elsewhere, or in a synced folder; with one button when there is something to do.

It is a QToolBar so the window needs no layout hook: `window.addToolBar(TopToolBarArea, ...)`
puts it above the areas, and it cannot be dragged away or hidden from the toolbar menu.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy, QToolBar, QWidget


class BannerKind(StrEnum):
    #: the user cannot change anything in this window
    READONLY = "readonly"
    #: the database failed a check
    DAMAGED = "damaged"
    #: works, but the user should know (synced or network folder)
    WARNING = "warning"


_COLOURS = {
    BannerKind.READONLY: ("#fff4ce", "#6b5200"),
    BannerKind.DAMAGED: ("#fde7e9", "#8a1020"),
    BannerKind.WARNING: ("#e8f1fb", "#1f3f66"),
}


class SafetyBanner(QToolBar):
    def __init__(
        self,
        kind: BannerKind,
        text: str,
        parent: QWidget | None = None,
        action: tuple[str, Callable[[], None]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName(f"safety_banner_{kind}")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)
        background, foreground = _COLOURS[kind]
        self.setStyleSheet(
            f"QToolBar {{ background: {background}; border: none; padding: 4px; }}"
            f"QLabel {{ color: {foreground}; }}"
        )
        self.label = QLabel(text)
        self.label.setObjectName("banner_text")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(self.label)
        self.button = None
        if action is not None:
            title, run = action
            self.button = self.addAction(title)
            self.button.triggered.connect(lambda _checked=False: run())

    @property
    def text(self) -> str:
        return self.label.text()

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A toolbar sizes a word-wrapped label by its unwrapped hint (one tall narrow column);
        # pin the label to the height its text needs at the width it actually got.
        super().resizeEvent(event)
        needed = self.label.heightForWidth(self.label.width())
        if needed > 0 and needed != self.label.maximumHeight():
            self.label.setFixedHeight(needed)


def show_banner(window: QMainWindow, banner: SafetyBanner) -> SafetyBanner:
    """Put the banner on its own row at the top of the window."""
    window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, banner)
    return banner
