"""The card's Purchases tab: what the contact bought, with totals per currency and year."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from desktop.models.formats import money, short_date
from desktop.models.record_table_model import RecordColumn, RecordTableModel
from desktop.services.contact_history import Purchase, list_purchases

if TYPE_CHECKING:
    from desktop.views.areas import AreaContext


_RIGHT = Qt.AlignmentFlag.AlignRight


_COLUMNS: list[RecordColumn[Purchase]] = [
    RecordColumn("Date", lambda p: short_date(p.occurred_on)),
    RecordColumn("Product", lambda p: p.description),
    RecordColumn("Qty", lambda p: str(p.quantity), _RIGHT),
    RecordColumn("Amount", lambda p: money(p.amount_cents, p.currency), _RIGHT),
]


class PurchasesTab(QWidget):
    def __init__(self, context: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model: RecordTableModel[Purchase] = RecordTableModel(_COLUMNS, self)
        self.table = QTableView()
        self.table.setObjectName("purchases_table")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.totals = QLabel()
        self.totals.setObjectName("purchase_totals")
        self.totals.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.totals)
        layout.addWidget(self.table, 1)

    def set_contact(self, contact_id: int | None) -> None:
        if contact_id is None:
            self.model.set_records([])
            self.totals.setText("")
            return
        history = list_purchases(self._context.db, contact_id)
        self.model.set_records(history.purchases)
        if not history.purchases:
            self.totals.setText(self.tr("No purchases yet."))
            return
        total = ", ".join(money(c, cur) for cur, c in sorted(history.totals.items()))
        years = " · ".join(
            f"{year}: {money(c, cur)}"
            for (year, cur), c in sorted(history.by_year.items(), reverse=True)
        )
        count = len(history.purchases)
        bought = self.tr("1 purchase") if count == 1 else self.tr("{} purchases").format(count)
        self.totals.setText(self.tr("<b>Total {}</b> in {}<br>{}").format(total, bought, years))
        self.table.resizeColumnsToContents()
