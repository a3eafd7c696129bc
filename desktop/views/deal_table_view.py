"""All deals as rows, grouped under their stage, for those who prefer a table to a board.
It is a QTreeView over the board's own DealBoardModel: the same rows, filter and sort."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from desktop.models.deal_board_model import DealBoardModel
from desktop.models.deal_columns import Column, Role


class DealTableView(QTreeView):
    #: a deal row was double-clicked: its id
    deal_activated = Signal(int)

    def __init__(self, model: DealBoardModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deal_table")
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setModel(model)
        self.header().setSortIndicator(Column.CLOSE, Qt.SortOrder.AscendingOrder)
        self.header().setSortIndicatorShown(True)
        self.header().setSectionsClickable(True)
        self.header().sortIndicatorChanged.connect(model.sort)
        self.setColumnWidth(Column.TITLE, 240)
        self.setColumnWidth(Column.PARTY, 180)
        model.modelReset.connect(self.expandAll)
        model.rowsInserted.connect(self._on_rows_inserted)
        self.doubleClicked.connect(self._on_double_clicked)
        self.expandAll()

    @Slot(QModelIndex, int, int)
    def _on_rows_inserted(self, parent: QModelIndex, _first: int, _last: int) -> None:
        if not parent.isValid():
            self.expandAll()

    @Slot(QModelIndex)
    def _on_double_clicked(self, index: QModelIndex) -> None:
        if not index.data(Role.IS_COLUMN):
            self.deal_activated.emit(index.data(Role.ID))
