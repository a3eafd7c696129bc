"""All deals as rows, grouped under their stage, for those who prefer a table to a board.
It is a QTreeView over the board's own DealBoardModel: the same rows, filter and sort."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from desktop.models.deal_board_model import DealBoardModel
from desktop.models.deal_columns import Column, Role
from desktop.models.formats import money


class DealTableView(QTreeView):
    #: a deal row was double-clicked: its id
    deal_activated = Signal(int)

    def __init__(self, model: DealBoardModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deal_table")
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self._board_model = model
        self.header().setSortIndicatorShown(True)
        self.header().setSectionsClickable(True)
        self.header().sortIndicatorChanged.connect(self._on_sort_indicator_changed)
        self.doubleClicked.connect(self._on_double_clicked)

    def showEvent(self, event: QShowEvent) -> None:
        # Laying out ten thousand rows costs a tenth of a second: paid the first time the
        # table is looked at, not every time the Deals area opens on the board.
        if self.model() is None:
            self._bind()
        super().showEvent(event)

    def _bind(self) -> None:
        model = self._board_model
        self.setModel(model)
        self.show_sort(model.sort_column, model.sort_order)
        self.setColumnWidth(Column.TITLE, 240)
        self.setColumnWidth(Column.PARTY, 180)
        # Amounts to a few million and the header's own words whole ('140,300.00 E…' and
        # 'Expected clos' were cut); measured, not ResizeToContents, which reads every row.
        text, header = self.fontMetrics(), self.header().fontMetrics()
        amount = text.horizontalAdvance(money(9_999_999_99, "EUR")) + 16
        for column in (Column.AMOUNT, Column.WEIGHTED):
            self.setColumnWidth(column, amount)
        for column in (Column.CLOSE, Column.DAYS, Column.PROBABILITY):
            title = str(model.headerData(column, Qt.Orientation.Horizontal))
            self.setColumnWidth(column, header.horizontalAdvance(title) + 32)  # + sort arrow
        model.modelReset.connect(self.expandAll)
        model.rowsInserted.connect(self._on_rows_inserted)
        self.expandAll()

    def select_deal(self, deal_id: int) -> bool:
        """Make the deal's row the current one and scroll to it; False when not listed (the
        filter hides it). Before the table is first shown there is nothing to select."""
        if self.model() is None:
            return False
        index = self._board_model.deal_index(deal_id)
        if not index.isValid():
            return False
        self.setCurrentIndex(index)
        self.scrollTo(index)
        return True

    def show_sort(self, column: int, order: Qt.SortOrder) -> None:
        """Show the model's sort in the header without sorting again."""
        header = self.header()
        header.blockSignals(True)
        header.setSortIndicator(column, order)
        header.blockSignals(False)

    @Slot(int, Qt.SortOrder)
    def _on_sort_indicator_changed(self, column: int, order: Qt.SortOrder) -> None:
        self._board_model.sort(column, order)

    @Slot(QModelIndex, int, int)
    def _on_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if not parent.isValid():
            for row in range(first, last + 1):
                self.expand(self._board_model.index(row, 0))

    @Slot(QModelIndex)
    def _on_double_clicked(self, index: QModelIndex) -> None:
        if not index.data(Role.IS_COLUMN):
            self.deal_activated.emit(index.data(Role.ID))
