"""Help > About: what a salesperson reads out to whoever helps them.

Rapport's version (pyproject's, from the installed metadata), the Python, Qt and SQLite it runs
on, the data folder and the open database: the facts a support answer starts from. "Copy
details" puts the same lines on the clipboard as plain text, for an e-mail. The database is
shown by its label, which never carries a server's password.
"""

from __future__ import annotations

import html
import platform
import sqlite3

import PySide6
from PySide6.QtCore import Qt, QTimer, qVersion
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

import desktop
from desktop.resource_files import resource_path
from desktop.store.database import Database, data_dir

#: the app icon beside the heading, in pixels
_ICON_PX = 64
#: how long the button says "Copied" before it offers to copy again
_COPIED_SHOWN_MS = 2000


class AboutDialog(QDialog):
    """The About box; opened window-modal with open(), so the caller does not block."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Rapport"))
        self._details = self._detail_lines(db)

        heading = QLabel(f"<h2>Rapport {html.escape(desktop.__version__)}</h2>")
        heading.setObjectName("about_heading")
        tagline = QLabel(self.tr("An offline contact and sales manager."))
        details = QLabel(
            "<table>"
            + "".join(
                f"<tr><td>{html.escape(name)}:&nbsp;</td><td>{html.escape(value)}</td></tr>"
                for name, value in self._details
            )
            + "</table>"
        )
        details.setObjectName("about_details")
        details.setTextFormat(Qt.TextFormat.RichText)
        details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self._copy = QPushButton(self.tr("Copy details"))
        self._copy.setObjectName("copy_details")
        self._copy.setAutoDefault(False)
        buttons.addButton(self._copy, QDialogButtonBox.ButtonRole.ActionRole)
        self._copy.clicked.connect(self._on_copy_clicked)
        buttons.rejected.connect(self.reject)

        icon = QLabel()
        icon.setPixmap(
            QPixmap(str(resource_path("icons", "rapport-256.png"))).scaled(
                _ICON_PX,
                _ICON_PX,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        title = QVBoxLayout()
        title.addWidget(heading)
        title.addWidget(tagline)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(title, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addWidget(details)
        layout.addWidget(buttons)

    def _detail_lines(self, db: Database) -> list[tuple[str, str]]:
        return [
            (self.tr("Python"), platform.python_version()),
            (self.tr("Qt"), f"{qVersion()} (PySide6 {PySide6.__version__})"),
            (self.tr("SQLite"), sqlite3.sqlite_version),
            (self.tr("Data folder"), str(data_dir())),
            (self.tr("Database"), db.label),
        ]

    def details_text(self) -> str:
        """The plain-text lines "Copy details" copies: the version first, then one fact a line."""
        lines = [f"Rapport {desktop.__version__}"]
        lines += [f"{name}: {value}" for name, value in self._details]
        return "\n".join(lines)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.details_text())
        self._copy.setText(self.tr("Copied"))
        QTimer.singleShot(_COPIED_SHOWN_MS, self, self._on_copied_shown)

    def _on_copied_shown(self) -> None:
        self._copy.setText(self.tr("Copy details"))
