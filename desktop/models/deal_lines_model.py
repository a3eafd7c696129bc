"""A deal's product lines while the deal dialog is open: editable quantity, price and
description; the total of all lines becomes the deal's amount."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop.models.deal_board_model import money
from desktop.services.deals import DealLineInput

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
HEADERS = ("Product / description", "Quantity", "Unit price", "Total")


@dataclass
class _Line:
    description: str
    quantity: int
    unit_price_cents: int
    product_id: int | None


class DealLinesModel(QAbstractTableModel):
    total_changed = Signal(int)  # cents

    def __init__(self, currency: str = "EUR", parent: Any = None) -> None:
        super().__init__(parent)
        self._lines: list[_Line] = []
        self.currency = currency

    def set_lines(self, lines: tuple[DealLineInput, ...]) -> None:
        self.beginResetModel()
        self._lines = [
            _Line(x.description, x.quantity, x.unit_price_cents, x.product_id) for x in lines
        ]
        self.endResetModel()
        self.total_changed.emit(self.total_cents)

    def lines(self) -> tuple[DealLineInput, ...]:
        return tuple(
            DealLineInput(x.description, x.quantity, x.unit_price_cents, x.product_id)
            for x in self._lines
        )

    @property
    def total_cents(self) -> int:
        return sum(x.quantity * x.unit_price_cents for x in self._lines)

    def add_line(self, description: str, unit_price_cents: int, product_id: int | None) -> None:
        row = len(self._lines)
        self.beginInsertRows(_ROOT, row, row)
        self._lines.append(_Line(description, 1, unit_price_cents, product_id))
        self.endInsertRows()
        self.total_changed.emit(self.total_cents)

    def removeRows(self, row: int, count: int, parent: AnyIndex = _ROOT) -> bool:
        if parent.isValid() or row < 0 or count < 1 or row + count > len(self._lines):
            return False
        self.beginRemoveRows(_ROOT, row, row + count - 1)
        del self._lines[row : row + count]
        self.endRemoveRows()
        self.total_changed.emit(self.total_cents)
        return True

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._lines)

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
        if index.column() < 3:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self._lines[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                line.description,
                str(line.quantity),
                money(line.unit_price_cents, self.currency),
                money(line.quantity * line.unit_price_cents, self.currency),
            )[column]
        if role == Qt.ItemDataRole.EditRole:
            return (line.description, line.quantity, line.unit_price_cents / 100, None)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Values the user typed; a negative or non-numeric quantity or price is not taken
        (the service names the field if one still gets through)."""
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        line = self._lines[index.row()]
        column = index.column()
        try:
            if column == 0:
                line.description = str(value)
            elif column == 1:
                quantity = int(value)
                if quantity < 1:
                    return False
                line.quantity = quantity
            elif column == 2:
                cents = round(float(value) * 100)
                if cents < 0:
                    return False
                line.unit_price_cents = cents
            else:
                return False
        except (TypeError, ValueError):
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 3))
        self.total_changed.emit(self.total_cents)
        return True
