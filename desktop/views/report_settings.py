"""What every printed page carries, kept in the application's settings: paper, the user's
name and company for the footer, and how much history a customer sheet shows.

'Auto' paper follows the user's locale (QLocale: Letter in the US and Canada, A4 elsewhere).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from desktop.views.settings import Setting, Settings

if TYPE_CHECKING:
    from desktop.reports.page import PageSetup

PAPER = Setting("reports/paper", "auto")  # auto | a4 | letter
USER_NAME = Setting("reports/user_name", "")
COMPANY = Setting("reports/company", "")
HISTORY_ITEMS = Setting("reports/history_items", 10)

PAPER_CHOICES = (("auto", "From my locale"), ("a4", "A4"), ("letter", "US Letter"))


def page_setup(settings: Settings) -> PageSetup:
    """The page setup for a report printed now; no name set: the account's name."""
    from desktop.reports.page import make_setup  # reportlab loads with the first report

    name = settings.read(USER_NAME).strip()
    return make_setup(
        settings.read(PAPER),
        name or None,
        settings.read(COMPANY),
        locale_name=QLocale().name(),
    )


class ReportSettingsDialog(QDialog):
    """Paper, name, company and history length, saved when the user presses OK."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Report settings"))
        self._settings = settings
        self.paper = QComboBox()
        self.paper.setObjectName("paper")
        for key, title in PAPER_CHOICES:
            self.paper.addItem(self.tr(title), key)
        self.paper.setCurrentIndex(max(0, self.paper.findData(settings.read(PAPER))))
        self.user_name = QLineEdit(settings.read(USER_NAME))
        self.user_name.setObjectName("user_name")
        self.user_name.setPlaceholderText(page_setup(settings).user_name)
        self.company = QLineEdit(settings.read(COMPANY))
        self.company.setObjectName("company")
        self.history = QSpinBox()
        self.history.setObjectName("history")
        self.history.setRange(0, 500)
        self.history.setValue(settings.read(HISTORY_ITEMS))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Paper"), self.paper)
        form.addRow(self.tr("Your name"), self.user_name)
        form.addRow(self.tr("Your company"), self.company)
        form.addRow(self.tr("History items on a sheet"), self.history)
        form.addRow(buttons)

    def accept(self) -> None:
        self._settings.write(PAPER, str(self.paper.currentData()))
        self._settings.write(USER_NAME, self.user_name.text().strip())
        self._settings.write(COMPANY, self.company.text().strip())
        self._settings.write(HISTORY_ITEMS, self.history.value())
        super().accept()
