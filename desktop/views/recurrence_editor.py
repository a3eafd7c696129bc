"""The schedule dialog's 'Repeat' section: how often, on which weekdays, until when."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from desktop.models import formats
from desktop.services.recurrence import WEEKDAY_CODES, Frequency, Recurrence

_FREQUENCIES = (
    (None, "Does not repeat"),
    (Frequency.DAILY, "Daily"),
    (Frequency.WEEKLY, "Weekly"),
    (Frequency.MONTHLY_BY_DAY, "Monthly on the same day"),
    (Frequency.MONTHLY_BY_WEEKDAY, "Monthly on the same weekday"),
    (Frequency.YEARLY, "Yearly"),
)


class RecurrenceEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frequency = QComboBox()
        for value, label in _FREQUENCIES:
            self.frequency.addItem(self.tr(label), value)
        self.interval = QSpinBox()
        self.interval.setRange(1, 99)
        self.interval.setPrefix(self.tr("every "))
        self.weekdays = [QCheckBox(code.capitalize()) for code in WEEKDAY_CODES]
        self._days_picked = False
        for box in self.weekdays:
            box.clicked.connect(self._on_weekday_clicked)
        days = QHBoxLayout()
        days.setContentsMargins(0, 0, 0, 0)
        for box in self.weekdays:
            days.addWidget(box)
        self._days = QWidget()
        self._days.setLayout(days)
        self.never = QRadioButton(self.tr("Never"))
        self.on_date = QRadioButton(self.tr("On"))
        self.after = QRadioButton(self.tr("After"))
        self.never.setChecked(True)
        self._end_kind = QButtonGroup(self)
        for button in (self.never, self.on_date, self.after):
            self._end_kind.addButton(button)
        self.until = QDateEdit()
        self.until.setCalendarPopup(True)
        formats.set_up_date_edit(self.until)
        self.until.setDate(QDate.currentDate().addMonths(3))
        self.count = QSpinBox()
        self.count.setRange(1, 5000)
        self.count.setValue(10)
        self.count.setSuffix(self.tr(" times"))
        ends = QHBoxLayout()
        ends.setContentsMargins(0, 0, 0, 0)
        for widget in (self.never, self.on_date, self.until, self.after, self.count):
            ends.addWidget(widget)
        ends.addStretch(1)
        self._ends = QWidget()
        self._ends.setLayout(ends)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.frequency, 1)
        top.addWidget(self.interval)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(self.tr("Repeat:"), top)
        layout.addRow(self.tr("On:"), self._days)
        layout.addRow(self.tr("Ends:"), self._ends)
        self.frequency.currentIndexChanged.connect(self._on_frequency_changed)
        for widget in (self.interval, self.count):
            widget.valueChanged.connect(self.changed)
        self._on_frequency_changed()

    def choice(self) -> Recurrence | None:
        data = self.frequency.currentData()
        if data is None:
            return None
        frequency = Frequency(data)  # Qt hands the enum back as a plain str
        weekdays = tuple(i for i, box in enumerate(self.weekdays) if box.isChecked())
        until = self.until.date().toPython() if self.on_date.isChecked() else None
        count = self.count.value() if self.after.isChecked() else None
        return Recurrence(frequency, self.interval.value(), weekdays, until, count)

    def set_choice(self, choice: Recurrence | None, start: date) -> None:
        index = next(
            (
                i
                for i, (value, _) in enumerate(_FREQUENCIES)
                if value == (choice and choice.frequency)
            ),
            0,
        )
        self.frequency.setCurrentIndex(index)
        for i, box in enumerate(self.weekdays):
            box.setChecked(
                i in (choice.weekdays if choice and choice.weekdays else (start.weekday(),))
            )
        if choice is None:
            return
        self.interval.setValue(choice.interval)
        if choice.count is not None:
            self.after.setChecked(True)
            self.count.setValue(choice.count)
        elif choice.until is not None:
            self.on_date.setChecked(True)
            self.until.setDate(choice.until)
        else:
            self.never.setChecked(True)

    def set_start(self, start: date) -> None:
        """Weekly days follow the start's weekday until the user picks days themselves."""
        if self._days_picked:
            return
        for i, box in enumerate(self.weekdays):
            box.setChecked(i == start.weekday())

    @Slot()
    def _on_weekday_clicked(self) -> None:
        self._days_picked = True
        self.changed.emit()

    @Slot()
    def _on_frequency_changed(self) -> None:
        frequency = self.frequency.currentData()
        self.interval.setEnabled(frequency is not None)
        self._days.setVisible(frequency == Frequency.WEEKLY)
        self._ends.setEnabled(frequency is not None)
        self.changed.emit()
