"""One model of deals that the board and the table both show: a tree of columns (the
pipeline's stages in order, then Won and Lost) each holding its deals.

The board gives each column's QListView its column index as root; the table is a QTreeView
over the same model. A drop on a column only *requests* the move (`move_requested`): the
board turns it into an undoable command, the service writes it, and the change bus brings the
moved row back here through `apply_changes`, which relocates just that row and re-reads the
column totals (one GROUP BY), never the whole board.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from desktop.models.deal_columns import (
    DEAL_ROLES,
    HEADERS,
    SORT_KEYS,
    Column,
    Role,
)
from desktop.models.formats import money, short_date
from desktop.services.changes import Changes
from desktop.services.deal_list import DealFilter, DealRow, Totals, column_totals, list_deals
from desktop.services.pipeline import list_stages
from desktop.store.database import Database
from desktop.store.entities import DealStatus, utcnow

MIME_TYPE = "application/x-rapport-deal-ids"
AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


@dataclass
class _Group:
    key: int | str  # stage id, or 'won' / 'lost'
    name: str
    deals: list[DealRow] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)


class DealBoardModel(QAbstractItemModel):
    """Columns (top-level rows) of deals (their children)."""

    #: deal ids dropped on a column: (ids, stage id or 'won'/'lost')
    move_requested = Signal(list, object)

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self._filter = DealFilter()
        self._sort_column = Column.CLOSE
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._groups: list[_Group] = []
        self._stage_names: dict[int, str] = {}
        self._now = utcnow()
        self.reload()

    # -- what the views call -------------------------------------------------------------------

    @property
    def sort_column(self) -> Column:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    @property
    def deal_filter(self) -> DealFilter:
        return self._filter

    def set_filter(self, deal_filter: DealFilter) -> None:
        """Show the deals matching `deal_filter` (a bad filter raises ValidationError and
        leaves the board as it was)."""
        self._filter = deal_filter.checked()
        self.reload()

    def reload(self) -> None:
        stages = list_stages(self._db)
        rows = list_deals(self._db, self._filter)
        totals = column_totals(self._db, self._filter)
        self.beginResetModel()
        self._now = utcnow()
        self._stage_names = {s.id: s.name for s in stages}
        self._groups = [_Group(s.id, s.name) for s in stages]
        self._groups += [_Group(DealStatus.WON, "Won"), _Group(DealStatus.LOST, "Lost")]
        by_key = {g.key: g for g in self._groups}
        for row in rows:
            by_key[self._group_key(row)].deals.append(row)
        for group in self._groups:
            group.deals.sort(key=self._sort_key, reverse=self._descending)
            group.totals = totals.get(group.key, Totals())
        self.endResetModel()

    def column_index(self, key: int | str) -> QModelIndex:
        for row, group in enumerate(self._groups):
            if group.key == key:
                return self.index(row, 0)
        return QModelIndex()

    def deal_index(self, deal_id: int, column: int = 0) -> QModelIndex:
        for group_row, group in enumerate(self._groups):
            for row, deal in enumerate(group.deals):
                if deal.id == deal_id:
                    return self.createIndex(row, column, group_row + 1)
        return QModelIndex()

    def deal_at(self, index: AnyIndex) -> DealRow | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._groups[index.internalId() - 1].deals[index.row()]

    def apply_changes(self, changes: Changes) -> None:
        """Bring the board up to date with what the bus says changed."""
        if changes.all:
            self.reload()
            return
        ids = set(changes.deals)
        if changes.contacts and not ids:
            # A contact renamed or removed: its deals show the old name. (A deal change
            # names its contact too, but only for the history item: nothing to re-read.)
            ids |= {d.id for g in self._groups for d in g.deals if d.contact_id in changes.contacts}
        if not ids:
            return
        if len(ids) > _RELOAD_ABOVE:  # a bulk change: one query beats row-by-row surgery
            self.reload()
            return
        fresh = {row.id: row for row in list_deals(self._db, self._filter, ids)}
        for deal_id in ids:
            self._take(deal_id)
            if deal_id in fresh:
                self._put(fresh[deal_id])
        self._refresh_totals()

    # -- moving single rows ----------------------------------------------------------------------

    @property
    def _descending(self) -> bool:
        return self._sort_order == Qt.SortOrder.DescendingOrder

    def _sort_key(self, deal: DealRow) -> Any:
        return SORT_KEYS[self._sort_column](deal)

    @staticmethod
    def _group_key(deal: DealRow) -> int | str:
        # a plain str compare: a StrEnum's == is several times slower, times ten thousand
        return deal.stage_id if deal.status == _OPEN else deal.status

    def _take(self, deal_id: int) -> None:
        for group_row, group in enumerate(self._groups):
            for row, deal in enumerate(group.deals):
                if deal.id == deal_id:
                    self.beginRemoveRows(self.index(group_row, 0), row, row)
                    del group.deals[row]
                    self.endRemoveRows()
                    return

    def _put(self, deal: DealRow) -> None:
        key = self._group_key(deal)
        group_row = next((r for r, g in enumerate(self._groups) if g.key == key), None)
        if group_row is None:  # a stage added since the last reload
            self.reload()
            return
        deals = self._groups[group_row].deals
        row = self._insertion_row(deals, deal)
        self.beginInsertRows(self.index(group_row, 0), row, row)
        deals.insert(row, deal)
        self.endInsertRows()

    def _insertion_row(self, deals: list[DealRow], deal: DealRow) -> int:
        """Where `deal` goes in a column sorted by the current key (after its equals): a
        binary search, so a move computes a dozen keys, not one per card."""
        mine = self._sort_key(deal)
        low, high = 0, len(deals)
        while low < high:
            middle = (low + high) // 2
            other = self._sort_key(deals[middle])
            before = other >= mine if self._descending else other <= mine
            if before:
                low = middle + 1
            else:
                high = middle
        return low

    def _refresh_totals(self) -> None:
        totals = column_totals(self._db, self._filter)
        for row, group in enumerate(self._groups):
            new = totals.get(group.key, Totals())
            if new != group.totals:
                group.totals = new
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    # -- QAbstractItemModel ------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = _ROOT) -> QModelIndex:
        # Called for every card on each layout pass (tens of thousands of times on a big
        # board): bounds are checked here directly rather than through hasIndex(), which
        # would call back into rowCount() and columnCount().
        if not 0 <= column < _COLUMN_COUNT or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row >= len(self._groups):
                return QModelIndex()
            return self.createIndex(row, column, 0)
        if parent.internalId() != 0 or parent.column() != 0:
            return QModelIndex()
        group_row = parent.row()
        if row >= len(self._groups[group_row].deals):
            return QModelIndex()
        return self.createIndex(row, column, group_row + 1)

    def parent(self, index: AnyIndex) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._groups[parent.row()].deals)
        return 0

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return _COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        # Asked once per row whenever a view lays out: the flags are combined once, at
        # import, because OR-ing Qt enums in Python costs microseconds each.
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        group_id = index.internalId()
        if group_id == 0:
            return _COLUMN_FLAGS
        deal = self._groups[group_id - 1].deals[index.row()]
        return _OPEN_DEAL_FLAGS if deal.status == DealStatus.OPEN else _CLOSED_DEAL_FLAGS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._group_data(self._groups[index.row()], index.column(), role)
        deal = self._groups[index.internalId() - 1].deals[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(deal, Column(index.column()))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return self._deal_role(deal, role)

    def _group_data(self, group: _Group, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.TITLE:
                return group.name
            if column == Column.PARTY:
                count = group.totals.count
                return "1 deal" if count == 1 else f"{count} deals"
            if column == Column.AMOUNT:
                return money(group.totals.total_cents, decimals=0)
            if column == Column.WEIGHTED:
                return money(group.totals.weighted_cents, decimals=0)
            return None
        return {
            Role.ID: group.key,
            Role.IS_COLUMN: True,
            Role.COUNT: group.totals.count,
            Role.TOTAL_CENTS: group.totals.total_cents,
            Role.WEIGHTED_CENTS: group.totals.weighted_cents,
        }.get(role)

    def _display(self, deal: DealRow, column: Column) -> str:
        if column == Column.TITLE:
            return deal.title
        if column == Column.PARTY:
            return deal.contact_name or deal.company_name
        if column == Column.STAGE:
            return self._stage_names.get(deal.stage_id, "")
        if column == Column.AMOUNT:
            return money(deal.amount_cents, deal.currency)
        if column == Column.PROBABILITY:
            return f"{deal.probability} %"
        if column == Column.WEIGHTED:
            return money(deal.weighted_cents, deal.currency)
        if column == Column.CLOSE:
            return short_date(deal.expected_close)
        if column == Column.DAYS:
            return str(deal.days_in_stage(self._now)) if deal.status == DealStatus.OPEN else ""
        if column == Column.OWNER:
            return deal.owner
        return deal.status.capitalize() + (f": {deal.reason}" if deal.reason else "")

    def _deal_role(self, deal: DealRow, role: int) -> Any:
        if role == Role.DAYS_IN_STAGE:
            return deal.days_in_stage(self._now)
        value = DEAL_ROLES.get(role)
        return None if value is None else value(deal)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the deals within each column (the board's 'close date' / 'amount' choice, or a
        click on the table's header)."""
        self._sort_column = Column(column)
        self._sort_order = order
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        located = [(p, self.deal_at(p)) for p in before]
        for group in self._groups:
            group.deals.sort(key=self._sort_key, reverse=self._descending)
        rows = {d.id: r for g in self._groups for r, d in enumerate(g.deals)}
        for persistent, deal in located:
            if deal is not None:
                new = self.createIndex(rows[deal.id], persistent.column(), persistent.internalId())
                self.changePersistentIndex(persistent, new)
        self.layoutChanged.emit()

    # -- drag and drop ---------------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = sorted({d.id for i in indexes if (d := self.deal_at(i)) is not None})
        data = QMimeData()
        data.setData(MIME_TYPE, QByteArray(",".join(map(str, ids)).encode()))
        return data

    def _target(self, parent: AnyIndex) -> int | str | None:
        if not parent.isValid():
            return None
        group_row = parent.row() if parent.internalId() == 0 else parent.internalId() - 1
        return self._groups[group_row].key

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        return data.hasFormat(MIME_TYPE) and self._target(parent) is not None

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        """Ask for the dropped deals to go to the column dropped on; the board decides (and
        may ask for a reason). Rows are never removed here: the change comes back by bus."""
        target = self._target(parent)
        if target is None or not data.hasFormat(MIME_TYPE):
            return False
        raw = bytes(data.data(MIME_TYPE).data()).decode()
        ids = [int(part) for part in raw.split(",") if part]
        if ids:
            self.move_requested.emit(ids, target)
        return bool(ids)


_OPEN = str(DealStatus.OPEN.value)
_RELOAD_ABOVE = 500
_COLUMN_COUNT = len(Column)
_COLUMN_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
)
_CLOSED_DEAL_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)
_OPEN_DEAL_FLAGS = _CLOSED_DEAL_FLAGS | Qt.ItemFlag.ItemIsDragEnabled
_NUMERIC = {Column.AMOUNT, Column.PROBABILITY, Column.WEIGHTED, Column.DAYS}
