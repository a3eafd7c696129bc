"""The filter row above the board and the table: owner, text, sort order, whether closed deals
are shown, and under 'More filters' the close date and amount ranges. Emits one DealFilter
whenever any changes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.models.deal_columns import Column
from desktop.models.formats import set_up_date_edit
from desktop.services.deal_list import DealFilter
from desktop.store.entities import DealStatus

_NO_DATE = QDate(2000, 1, 1)
SORTS = [
    ("Close date", Column.CLOSE, Qt.SortOrder.AscendingOrder),
    ("Amount", Column.AMOUNT, Qt.SortOrder.DescendingOrder),
    ("Days in stage", Column.DAYS, Qt.SortOrder.DescendingOrder),
    ("Title", Column.TITLE, Qt.SortOrder.AscendingOrder),
]


def parse_cents(text: str, field: str) -> int | None:
    """An amount as typed (user's locale or plain digits) in cents; empty is None."""
    text = text.strip()
    if not text:
        return None
    value, ok = QLocale().toDouble(text)
    if not ok:
        value, ok = QLocale.c().toDouble(text.replace(",", ""))
    if not ok:
        raise ValidationError(field, f"'{text}' is not an amount")
    return round(value * 100)


class DealFilterBar(QWidget):
    """Owner, text, sort and closed deals in one row; the close-date and amount ranges, used
    less often, under 'More filters', which counts those set ('More filters (2)') so a
    narrowed board never hides why. The row fits a 1024 px window with nothing cut."""

    filter_changed = Signal(object)  # DealFilter
    sort_changed = Signal(int, Qt.SortOrder)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner = QComboBox(objectName="owner")
        self.close_from = self._date_edit("close_from")
        self.close_to = self._date_edit("close_to")
        self.amount_min = QLineEdit(objectName="amount_min", placeholderText=self.tr("min"))
        self.amount_max = QLineEdit(objectName="amount_max", placeholderText=self.tr("max"))
        for edit in (self.amount_min, self.amount_max):
            edit.setMaximumWidth(90)
        self.text = QLineEdit(objectName="text", placeholderText=self.tr("Search deals…"))
        self.text.setClearButtonEnabled(True)
        self.text.setMinimumWidth(120)
        self.sort = QComboBox(objectName="sort")
        for label, _column, _order in SORTS:
            self.sort.addItem(self.tr(label))
        self.closed = QCheckBox(self.tr("Show won and lost"), objectName="show_closed")
        self.more = QToolButton(objectName="more_filters", text=self.tr("More filters"))
        self.more.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._more_popup = self._build_more_popup()
        self.problem = QLabel(objectName="problem", wordWrap=True)
        self.problem.setStyleSheet("color: #c0392b")
        self.problem.hide()
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self._on_debounce_timeout)

        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Owner")))
        row.addWidget(self.owner)
        row.addWidget(self.text, 1)
        row.addWidget(QLabel(self.tr("Sort")))
        row.addWidget(self.sort)
        row.addWidget(self.closed)
        row.addWidget(self.more)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.problem)

        self.owner.currentIndexChanged.connect(self._on_debounce_timeout)
        self.close_from.dateChanged.connect(self._on_debounce_timeout)
        self.close_to.dateChanged.connect(self._on_debounce_timeout)
        self.closed.toggled.connect(self._on_debounce_timeout)
        for edit in (self.amount_min, self.amount_max, self.text):
            edit.textEdited.connect(self._debounce.start)
        self.sort.currentIndexChanged.connect(self._on_sort_index_changed)
        self.more.clicked.connect(self._on_more_clicked)

    def _build_more_popup(self) -> QFrame:
        """A popup (closes on a click elsewhere, like a menu) that, unlike a QMenu, lets the
        line edits take every key and the date edits open their calendars."""
        popup = QFrame(self, Qt.WindowType.Popup, objectName="more_popup")
        popup.setFrameShape(QFrame.Shape.StyledPanel)
        form = QFormLayout(popup)
        for label, first, second in (
            (self.tr("Expected close"), self.close_from, self.close_to),
            (self.tr("Amount"), self.amount_min, self.amount_max),
        ):
            pair = QHBoxLayout()
            pair.addWidget(first)
            pair.addWidget(QLabel(self.tr("to")))
            pair.addWidget(second)
            form.addRow(label, pair)
        return popup

    def more_filters_set(self) -> int:
        """How many of the filters under 'More filters' narrow the deals now."""
        return sum(
            (
                self.close_from.date() != _NO_DATE,
                self.close_to.date() != _NO_DATE,
                bool(self.amount_min.text().strip()),
                bool(self.amount_max.text().strip()),
            )
        )

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(objectName=name, calendarPopup=True)
        edit.setMinimumDate(_NO_DATE)
        edit.setSpecialValueText(self.tr("any"))  # shown at the minimum date: no bound
        set_up_date_edit(edit)
        edit.setDate(_NO_DATE)
        return edit

    def set_owners(self, owners: list[str]) -> None:
        current = self.owner.currentData()
        self.owner.blockSignals(True)
        self.owner.clear()
        self.owner.addItem("All owners", None)
        for owner in owners:
            self.owner.addItem(owner, owner)
        self.owner.setCurrentIndex(max(0, self.owner.findData(current)))
        self.owner.blockSignals(False)

    def current_filter(self) -> DealFilter:
        """The filter as typed; ValidationError names the field that is wrong."""

        def day(edit: QDateEdit) -> date | None:
            return None if edit.date() == _NO_DATE else edit.date().toPython()  # type: ignore[return-value]

        statuses = (
            (DealStatus.OPEN, DealStatus.WON, DealStatus.LOST)
            if self.closed.isChecked()
            else (DealStatus.OPEN,)
        )
        return DealFilter(
            owner=self.owner.currentData(),
            close_from=day(self.close_from),
            close_to=day(self.close_to),
            amount_min=parse_cents(self.amount_min.text(), "amount min"),
            amount_max=parse_cents(self.amount_max.text(), "amount max"),
            text=self.text.text(),
            statuses=statuses,
        ).checked()

    @Slot()
    def _on_more_clicked(self) -> None:
        popup = self._more_popup
        popup.adjustSize()
        below = self.more.mapToGlobal(self.more.rect().bottomRight())
        popup.move(below.x() - popup.width(), below.y())
        popup.show()

    @Slot()
    def _on_debounce_timeout(self) -> None:
        count = self.more_filters_set()
        self.more.setText(
            self.tr("More filters ({})").format(count) if count else self.tr("More filters")
        )
        try:
            deal_filter = self.current_filter()
        except ValidationError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.problem.clear()
        self.problem.hide()
        self.filter_changed.emit(deal_filter)

    @Slot(int)
    def _on_sort_index_changed(self, row: int) -> None:
        _label, column, order = SORTS[row]
        self.sort_changed.emit(int(column), order)
