"""The contact card's Deals tab: the contact's deals, open ones first, with 'New deal…' for
this contact; a double-click opens the deal dialog. Registered in card_tabs.CARD_TABS."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import RapportError
from desktop.models.formats import money, short_date
from desktop.models.record_table_model import RecordColumn, RecordTableModel
from desktop.services.changes import Changes
from desktop.services.deal_list import DealRow, deals_of_contact
from desktop.services.pipeline import stage_names
from desktop.views.deal_commands import push_saved_deal
from desktop.views.deal_dialog import DealDialog

if TYPE_CHECKING:
    from desktop.views.areas import AreaContext

_RIGHT = Qt.AlignmentFlag.AlignRight


class ContactDealsTab(QWidget):
    def __init__(self, context: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._contact_id: int | None = None
        self._stage_names: dict[int, str] = {}
        columns: list[RecordColumn[DealRow]] = [
            RecordColumn("Deal", lambda d: d.title),
            RecordColumn("Stage", self._stage_text),
            RecordColumn("Amount", lambda d: money(d.amount_cents, d.currency), _RIGHT),
            RecordColumn("Probability", lambda d: f"{d.probability} %", _RIGHT),
            RecordColumn(
                "Expected close",
                lambda d: short_date(d.expected_close),
            ),
        ]
        self.model: RecordTableModel[DealRow] = RecordTableModel(columns, self)
        self.table = QTableView(objectName="contact_deals_table")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel(objectName="contact_deals_summary")
        self.new_deal = QPushButton("New deal…", objectName="new_deal")
        self.new_deal.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.new_deal)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.new_deal.clicked.connect(self._on_new_deal_clicked)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        context.bus.changed.connect(self._on_bus_changed)

    def _stage_text(self, deal: DealRow) -> str:
        if deal.status != "open":
            return deal.status.capitalize()
        return self._stage_names.get(deal.stage_id, "")

    def set_contact(self, contact_id: int | None) -> None:
        self._contact_id = contact_id
        self.new_deal.setEnabled(contact_id is not None and not self._context.db.readonly)
        self._reload()

    def _reload(self) -> None:
        if self._contact_id is None:
            self.model.set_records([])
            self.summary.clear()
            return
        db = self._context.db
        deals = deals_of_contact(db, self._contact_id)
        if deals:  # most contacts have none
            self._stage_names = stage_names(db)
        self.model.set_records(deals)
        open_deals = [d for d in deals if d.status == "open"]
        if not deals:
            self.summary.setText("No deals yet.")
            return
        total = sum(d.amount_cents for d in open_deals)
        weighted = sum(d.weighted_cents for d in open_deals)
        self.summary.setText(
            f"{len(open_deals)} open of {len(deals)} · open {money(total, decimals=0)}"
            f" · weighted {money(weighted, decimals=0)}"
        )

    def _open(self, deal_id: int | None) -> None:
        context = self._context
        try:
            saved = DealDialog.edit(context.db, deal_id, self, self._contact_id)
        except RapportError as exc:  # the deal was removed meanwhile
            self._tell(str(exc))
            return
        if saved is not None:
            push_saved_deal(context.undo_stack, context.db, saved, context.bus.announce, self._tell)

    def _tell(self, message: str) -> None:
        QMessageBox.warning(self, "Deals", message)

    @Slot(object)
    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches_deals():
            self._reload()

    @Slot()
    def _on_new_deal_clicked(self) -> None:
        self._open(None)

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        self._open(self.model.record(index.row()).id)
