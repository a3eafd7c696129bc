"""The forecast's numbers as a table: month, weighted open deals, won, total, quota (the one
editable column: the user types a month's target here)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop.errors import RapportError
from desktop.models.deal_board_model import money
from desktop.services.forecast import ForecastMonth, set_quota
from desktop.store.database import Database

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
HEADERS = ("Month", "Expected (weighted)", "Won", "Total", "Quota", "Of quota")
QUOTA_COLUMN = 4


class ForecastModel(QAbstractTableModel):
    #: a typed quota was not taken: the message, naming the field
    refused = Signal(str)

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self._months: list[ForecastMonth] = []

    def set_months(self, months: list[ForecastMonth]) -> None:
        self.beginResetModel()
        self._months = list(months)
        self.endResetModel()

    @property
    def months(self) -> list[ForecastMonth]:
        return list(self._months)

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._months)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        flags |= Qt.ItemFlag.ItemNeverHasChildren
        if index.column() == QUOTA_COLUMN:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        month = self._months[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            share = (
                f"{100 * month.total_cents / month.quota_cents:.0f} %" if month.quota_cents else ""
            )
            return (
                month.month,
                money(month.expected_cents, decimals=0),
                money(month.booked_cents, decimals=0),
                money(month.total_cents, decimals=0),
                money(month.quota_cents, decimals=0) if month.quota_cents else "",
                share,
            )[column]
        if role == Qt.ItemDataRole.EditRole and column == QUOTA_COLUMN:
            return month.quota_cents / 100
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != QUOTA_COLUMN:
            return False
        month = self._months[index.row()]
        try:
            cents = round(float(value) * 100)
            set_quota(self._db, month.month, cents)
        except (TypeError, ValueError):
            self.refused.emit(f"quota: '{value}' is not an amount")
            return False
        except RapportError as exc:
            self.refused.emit(str(exc))
            return False
        self._months[index.row()] = ForecastMonth(
            month.month, month.expected_cents, month.booked_cents, cents, month.open_count
        )
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(HEADERS) - 1))
        return True
