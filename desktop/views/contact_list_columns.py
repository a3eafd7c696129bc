"""The contact list's columns and the divider beside it, as the user left them: which columns
show, their widths and order, the sort arrow, and where the list ends and the card begins.

Until the user sizes a column, its width follows the font (a phone number shows whole at 125 %
on a laptop as at 100 %); from then on their widths are kept between runs.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QObject, Qt
from PySide6.QtWidgets import QSplitter, QTableView

from desktop.models.contact_list_model import COLUMNS, ContactListModel
from desktop.views.contact_filter_bar import ContactFilterBar
from desktop.views.settings import Setting, Settings

HEADER_STATE = Setting("contacts/header_state", QByteArray())
SPLITTER_STATE = Setting("contacts/splitter_state", QByteArray())
_HIDDEN_BY_DEFAULT = ("owner",)
#: a typical long value per column: the default widths follow the font (125 % on a laptop)
_DEFAULT_SAMPLES = {
    "crm": "C-0000000",
    "name": "Maximilian Mustermann",
    "company": "Mustermann GmbH & Co.",
    "phone": "+33 6 48 57 28 95",
    "email": "maximilian@mustermann.de",
    "city": "Frankfurt am Main",
}


class ListColumns(QObject):
    """Restores the saved layout (or the defaults) at once, then saves every change."""

    def __init__(
        self,
        table: QTableView,
        model: ContactListModel,
        filters: ContactFilterBar,
        splitter: QSplitter,
        settings: Settings,
    ) -> None:
        super().__init__(table)
        self._table, self._model, self._splitter = table, model, splitter
        self._settings = settings
        header = table.horizontalHeader()
        state = settings.read(HEADER_STATE)
        if state.isEmpty() or not header.restoreState(state):
            for column, (key, _, _) in enumerate(COLUMNS):
                header.setSectionHidden(column, key in _HIDDEN_BY_DEFAULT)
                sample = _DEFAULT_SAMPLES.get(key, "Mustermann GmbH")
                header.resizeSection(column, table.fontMetrics().horizontalAdvance(sample) + 16)
            header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        divider = settings.read(SPLITTER_STATE)
        if not divider.isEmpty():
            splitter.restoreState(divider)
        model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        header.sectionResized.connect(self._save_header)
        header.sectionMoved.connect(self._save_header)
        header.sortIndicatorChanged.connect(self._on_sort_indicator_changed)
        splitter.splitterMoved.connect(self._save_splitter)
        filters.column_toggled.connect(self._on_column_toggled)
        filters.set_columns(
            [title for _, title, _ in COLUMNS],
            [not header.isSectionHidden(c) for c in range(len(COLUMNS))],
        )

    def _on_sort_indicator_changed(self, column: int, _order: Qt.SortOrder) -> None:
        query = self._model.query
        if COLUMNS[column][0] != query.sort:
            # not an indexed column: the list kept its order, so the arrow goes back too
            sorted_by = next(i for i, (key, _, _) in enumerate(COLUMNS) if key == query.sort)
            order = (
                Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
            )
            header = self._table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(sorted_by, order)
            header.blockSignals(False)
            self._table.viewport().update()
        self._save_header()

    def _on_column_toggled(self, column: int, visible: bool) -> None:
        self._table.horizontalHeader().setSectionHidden(column, not visible)
        self._save_header()

    def _save_header(self, *_args: object) -> None:
        self._settings.write(HEADER_STATE, self._table.horizontalHeader().saveState())

    def _save_splitter(self, *_args: object) -> None:
        self._settings.write(SPLITTER_STATE, self._splitter.saveState())
