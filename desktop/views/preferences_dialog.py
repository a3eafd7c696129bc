"""Edit > Preferences (on macOS the application menu's Settings): the user's own choices in
one dialog, each kept where it was already declared (settings.py, report_settings.py, the
card's phone region), nothing stored twice.

Saved when the user presses OK; the date format and first day of the week apply at once (the
window reloads what it shows), the language is stored for the translations still to come.
"""

from __future__ import annotations

import phonenumbers
from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.models import formats
from desktop.views.contact_card import PHONE_REGION, phone_region
from desktop.views.contact_entries import country_name
from desktop.views.report_settings import COMPANY, HISTORY_ITEMS, PAPER, PAPER_CHOICES, USER_NAME
from desktop.views.settings import Settings

#: (code, name in its own language): offered now, applied when translations ship
LANGUAGES = (
    ("", "As my computer"),
    ("en", "English"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("zh", "中文"),
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _regions() -> list[tuple[str, str]]:
    """(ISO code, 'France') for every region phone numbers know, by name."""
    named = []
    for code in phonenumbers.SUPPORTED_REGIONS:
        named.append((code, country_name(code)))
    return sorted(named, key=lambda pair: pair[1].casefold())


def _minutes(edit: QTimeEdit) -> int:
    return edit.time().hour() * 60 + edit.time().minute()


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferences_dialog")
        self.setWindowTitle(self.tr("Preferences"))
        self._settings = settings
        tabs = QTabWidget(objectName="preferences_tabs")
        tabs.addTab(self._you_page(), self.tr("You"))
        tabs.addTab(self._dates_page(), self.tr("Dates and hours"))
        tabs.addTab(self._deals_page(), self.tr("Deals"))
        tabs.addTab(self._keeping_page(), self.tr("Backups and reports"))
        self.problem = QLabel(objectName="problem", wordWrap=True)
        self.problem.setStyleSheet("color: #c0392b")
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    # -- pages -------------------------------------------------------------------------------

    def _you_page(self) -> QWidget:
        settings = self._settings
        self.user_name = QLineEdit(settings.read(USER_NAME), objectName="user_name")
        self.user_name.setPlaceholderText(self.tr("printed on every report"))
        self.company = QLineEdit(settings.read(COMPANY), objectName="company")
        regions = _regions()
        self.country = QComboBox(objectName="default_country")
        self.country.addItem(self.tr("None"), "")
        self.phone_region = QComboBox(objectName="phone_region")
        for code, name in regions:
            self.country.addItem(f"{name} ({code})", code)
            calling = phonenumbers.country_code_for_region(code)
            self.phone_region.addItem(f"{name} (+{calling})", code)
        _choose(self.country, settings.default_country)
        _choose(self.phone_region, phone_region(settings))
        self.language = QComboBox(objectName="language")
        for code, name in LANGUAGES:
            self.language.addItem(self.tr(name) if not code else name, code)
        _choose(self.language, settings.language)
        note = self.tr(
            "Rapport speaks English for now: your language is kept and used as soon as "
            "the translations ship."
        )
        return _page(
            [
                (self.tr("Your name"), self.user_name),
                (self.tr("Your company"), self.company),
                (self.tr("Country of new addresses"), self.country),
                (self.tr("Phone numbers without +"), self.phone_region),
                (self.tr("Language"), self.language),
            ],
            note,
            "language_note",
        )

    def _dates_page(self) -> QWidget:
        settings = self._settings
        self.date_style = QComboBox(objectName="date_style")
        for code, title in formats.DATE_STYLES.items():
            self.date_style.addItem(self.tr(title), code)
        _choose(self.date_style, settings.date_style)
        self.first_day = QComboBox(objectName="first_day_of_week")
        self.first_day.addItem(self.tr("As my computer's region"), 0)
        for number, day in enumerate(WEEKDAYS, start=1):
            self.first_day.addItem(self.tr(day), number)
        _choose(self.first_day, settings.first_day_of_week)
        self.work_start = QTimeEdit(objectName="work_start")
        self.work_end = QTimeEdit(objectName="work_end")
        for edit, minutes in (
            (self.work_start, settings.work_day_start),
            (self.work_end, settings.work_day_end),
        ):
            edit.setDisplayFormat(formats.time_pattern())
            edit.setTime(QTime(minutes // 60 % 24, minutes % 60))
        return _page(
            [
                (self.tr("Dates"), self.date_style),
                (self.tr("Weeks start on"), self.first_day),
                (self.tr("Working day starts"), self.work_start),
                (self.tr("Working day ends"), self.work_end),
            ]
        )

    def _deals_page(self) -> QWidget:
        settings = self._settings
        self.won_reasons = QPlainTextEdit(settings.won_reasons, objectName="won_reasons")
        self.lost_reasons = QPlainTextEdit(settings.lost_reasons, objectName="lost_reasons")
        return _page(
            [
                (self.tr("Reasons a deal is won"), self.won_reasons),
                (self.tr("Reasons a deal is lost"), self.lost_reasons),
            ],
            self.tr("One reason a line. 'Other', with your own words, is always offered too."),
        )

    def _keeping_page(self) -> QWidget:
        settings = self._settings
        self.backups = QSpinBox(objectName="backups_to_keep", minimum=1, maximum=365)
        self.backups.setValue(settings.backups_to_keep)
        self.paper = QComboBox(objectName="paper")
        for key, title in PAPER_CHOICES:
            self.paper.addItem(self.tr(title), key)
        _choose(self.paper, settings.read(PAPER))
        self.history = QSpinBox(objectName="history_items", minimum=0, maximum=500)
        self.history.setValue(settings.read(HISTORY_ITEMS))
        return _page(
            [
                (self.tr("Daily backups kept"), self.backups),
                (self.tr("Paper"), self.paper),
                (self.tr("History items on a customer sheet"), self.history),
            ]
        )

    # -- saving ------------------------------------------------------------------------------

    def accept(self) -> None:
        if _minutes(self.work_end) <= _minutes(self.work_start):
            self.problem.setText(self.tr("Working day ends: it must be after it starts."))
            self.problem.show()
            self.work_end.setFocus()
            return
        settings = self._settings
        settings.write(USER_NAME, self.user_name.text().strip())
        settings.write(COMPANY, self.company.text().strip())
        settings.default_country = str(self.country.currentData())
        settings.write(PHONE_REGION, str(self.phone_region.currentData()))
        settings.language = str(self.language.currentData())
        settings.date_style = str(self.date_style.currentData())
        settings.first_day_of_week = int(self.first_day.currentData())
        settings.work_day_start = _minutes(self.work_start)
        settings.work_day_end = _minutes(self.work_end)
        settings.won_reasons = self.won_reasons.toPlainText().strip()
        settings.lost_reasons = self.lost_reasons.toPlainText().strip()
        settings.backups_to_keep = self.backups.value()
        settings.write(PAPER, str(self.paper.currentData()))
        settings.write(HISTORY_ITEMS, self.history.value())
        formats.configure(settings.date_style, settings.first_day_of_week)
        super().accept()

    @classmethod
    def edit(cls, settings: Settings, parent: QWidget | None = None) -> bool:
        """Show the dialog; True when the user saved."""
        return cls(settings, parent).exec() == QDialog.DialogCode.Accepted


def _page(rows: list[tuple[str, QWidget]], note: str = "", note_name: str = "") -> QWidget:
    """A tab of label / field rows, with a greyed note under them when given."""
    page = QWidget()
    form = QFormLayout(page)
    for label, field in rows:
        form.addRow(label, field)
    if note:
        hint = QLabel(note, objectName=note_name, wordWrap=True)
        hint.setEnabled(False)
        form.addRow("", hint)
    return page


def _choose(combo: QComboBox, data: object) -> None:
    """Select the entry holding `data`; an unknown value (a newer version's) keeps the first."""
    combo.setCurrentIndex(max(0, combo.findData(data)))
