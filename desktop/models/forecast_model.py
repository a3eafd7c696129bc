"""The forecast's numbers as a table: month, weighted open deals, won, total, quota (the one
editable column: the user types a month's target here)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from desktop.errors import RapportError
from desktop.models.formats import money, month_year
from desktop.models.small_table_model import AnyIndex, SmallTableModel
from desktop.services.forecast import ForecastMonth, set_quota
from desktop.store.database import Database

HEADERS = ("Month", "Expected (weighted)", "Won", "Total", "Quota", "Of quota")
QUOTA_COLUMN = 4


class ForecastModel(SmallTableModel[ForecastMonth]):
    #: a typed quota was not taken: the message, naming the field
    refused = Signal(str)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(HEADERS, frozenset({QUOTA_COLUMN}), parent)
        self._db = db

    def set_months(self, months: list[ForecastMonth]) -> None:
        self.beginResetModel()
        self._rows = list(months)
        self.endResetModel()

    @property
    def months(self) -> list[ForecastMonth]:
        return list(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        month = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            share = (
                f"{100 * month.total_cents / month.quota_cents:.0f} %" if month.quota_cents else ""
            )
            return (
                month_year(month.first_day, short=True),
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
        month = self._rows[index.row()]
        try:
            cents = round(float(value) * 100)
            set_quota(self._db, month.month, cents)
        except (TypeError, ValueError):
            self.refused.emit(f"quota: '{value}' is not an amount")
            return False
        except RapportError as exc:
            self.refused.emit(str(exc))
            return False
        self._rows[index.row()] = ForecastMonth(
            month.month, month.expected_cents, month.booked_cents, cents, month.open_count
        )
        self._row_changed(index.row())
        return True
