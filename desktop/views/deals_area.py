"""The Deals area: a filter bar over three sub-views (Board, Table, Forecast), the board and
the table sharing one DealBoardModel, which follows the change bus."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from desktop.errors import RapportError
from desktop.models.deal_board_model import DealBoardModel
from desktop.services.changes import Changes
from desktop.services.deal_list import DealFilter, deal_owners
from desktop.views.deal_board import DealBoard
from desktop.views.deal_commands import push_saved_deal
from desktop.views.deal_dialog import DealDialog
from desktop.views.deal_filter_bar import DealFilterBar
from desktop.views.deal_table_view import DealTableView
from desktop.views.forecast_view import ForecastView
from desktop.views.pipeline_settings_dialog import PipelineSettingsDialog

if TYPE_CHECKING:
    from desktop.views.areas import AreaContext


class DealsArea(QWidget):
    def __init__(self, context: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model = DealBoardModel(context.db, self)
        self.filter_bar = DealFilterBar()
        self.filter_bar.set_owners(deal_owners(context.db))
        self.board = DealBoard(
            context.db,
            self.model,
            context.undo_stack,
            context.bus.announce,
            reasons=context.settings.deal_reasons,
        )
        self.table = DealTableView(self.model)
        self.forecast = ForecastView(context.db)
        self.tabs = QTabWidget(objectName="deal_views")
        self.tabs.addTab(self.board, "Board")
        self.tabs.addTab(self.table, "Table")
        self.tabs.addTab(self.forecast, "Forecast")

        new_deal = QPushButton("New deal…", objectName="new_deal")
        pipeline = QPushButton("Pipeline…", objectName="pipeline_settings")
        top = QHBoxLayout()
        top.addWidget(new_deal)
        top.addWidget(pipeline)
        top.addWidget(self.filter_bar, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        new_deal.clicked.connect(self._on_new_deal_clicked)
        pipeline.clicked.connect(self._on_pipeline_clicked)
        self.filter_bar.filter_changed.connect(self._on_filter_changed)
        self.filter_bar.sort_changed.connect(self._on_sort_changed)
        self.board.deal_activated.connect(self._on_deal_activated)
        self.table.deal_activated.connect(self._on_deal_activated)
        context.bus.changed.connect(self._on_bus_changed)

    @Slot(object)
    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches_deals() or changes.touches_contacts():
            self.model.apply_changes(changes)
            self.forecast.mark_stale()

    @Slot(object)
    def _on_filter_changed(self, deal_filter: DealFilter) -> None:
        self.model.set_filter(deal_filter)
        self.forecast.set_owner(deal_filter.owner)

    @Slot(int, Qt.SortOrder)
    def _on_sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        self.model.sort(column, order)  # both views show the model's order
        self.table.show_sort(column, order)

    def _edit(self, deal_id: int | None) -> None:
        context = self._context
        try:
            saved = DealDialog.edit(context.db, deal_id, self)
        except RapportError as exc:
            DealBoard.tell(self, str(exc))
            return
        if saved is not None:
            self.filter_bar.set_owners(deal_owners(context.db))
            push_saved_deal(context.undo_stack, context.db, saved, context.bus.announce, self._tell)
            if saved.before is None:
                self._show_new_deal(saved.after.id, saved.after.data.title)

    def _show_new_deal(self, deal_id: int, title: str) -> None:
        """Select the new deal on the board and in the table; say so if the filter hides it."""
        shown = self.board.select_deal(deal_id)
        shown = self.table.select_deal(deal_id) or shown
        if not shown:
            self._context.window.statusBar().showMessage(
                self.tr("'{}' is saved; the filters above hide it").format(title), 10_000
            )

    def _tell(self, message: str) -> None:
        DealBoard.tell(self, message)

    @Slot()
    def _on_new_deal_clicked(self) -> None:
        self._edit(None)

    @Slot(int)
    def _on_deal_activated(self, deal_id: int) -> None:
        self._edit(deal_id)

    @Slot()
    def _on_pipeline_clicked(self) -> None:
        changes = PipelineSettingsDialog.edit(self._context.db, self)
        self.model.reload()
        self._context.bus.announce(changes)
