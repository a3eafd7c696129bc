"""A deal's product lines while the deal dialog is open: editable quantity, price and
description; the total of all lines becomes the deal's amount."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from desktop.models.formats import money
from desktop.models.small_table_model import ROOT, AnyIndex, SmallTableModel
from desktop.services.deals import DealLineInput

HEADERS = ("Product / description", "Quantity", "Unit price", "Total")


@dataclass
class _Line:
    description: str
    quantity: int
    unit_price_cents: int
    product_id: int | None


class DealLinesModel(SmallTableModel[_Line]):
    total_changed = Signal(int)  # cents

    def __init__(self, currency: str = "EUR", parent: QObject | None = None) -> None:
        super().__init__(HEADERS, frozenset({0, 1, 2}), parent)
        self.currency = currency

    def set_lines(self, lines: tuple[DealLineInput, ...]) -> None:
        self.beginResetModel()
        self._rows = [
            _Line(x.description, x.quantity, x.unit_price_cents, x.product_id) for x in lines
        ]
        self.endResetModel()
        self.total_changed.emit(self.total_cents)

    def lines(self) -> tuple[DealLineInput, ...]:
        return tuple(
            DealLineInput(x.description, x.quantity, x.unit_price_cents, x.product_id)
            for x in self._rows
        )

    @property
    def total_cents(self) -> int:
        return sum(x.quantity * x.unit_price_cents for x in self._rows)

    def add_line(self, description: str, unit_price_cents: int, product_id: int | None) -> None:
        row = len(self._rows)
        self.beginInsertRows(ROOT, row, row)
        self._rows.append(_Line(description, 1, unit_price_cents, product_id))
        self.endInsertRows()
        self.total_changed.emit(self.total_cents)

    def removeRows(self, row: int, count: int, parent: AnyIndex = ROOT) -> bool:
        if parent.isValid() or row < 0 or count < 1 or row + count > len(self._rows):
            return False
        self.beginRemoveRows(ROOT, row, row + count - 1)
        del self._rows[row : row + count]
        self.endRemoveRows()
        self.total_changed.emit(self.total_cents)
        return True

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self._rows[index.row()]
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
        line = self._rows[index.row()]
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
        self._row_changed(index.row())
        self.total_changed.emit(self.total_cents)
        return True
