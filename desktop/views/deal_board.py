"""The pipeline as columns: one QListView per stage (plus Won and Lost), all on the one
DealBoardModel, each card drawn by DealCardDelegate.

Dragging a card onto another column reaches the model's dropMimeData, which asks for the move
(`move_requested`); the board does it through the services and pushes an undoable command.
Won and Lost are final columns: a drop there asks for a reason first (`ask_reason`, which tests
replace).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QPoint, QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import RapportError
from desktop.models.deal_board_model import DealBoardModel
from desktop.models.deal_columns import Role
from desktop.models.formats import money
from desktop.services.changes import Changes
from desktop.services.deals import lose_deal, move_deal, win_deal
from desktop.store.database import Database
from desktop.store.entities import DealStatus
from desktop.views.deal_card_delegate import DealCardDelegate
from desktop.views.deal_commands import CloseDealCommand, MoveDealCommand
from desktop.views.deal_reason_dialog import DealReasonDialog

COLUMN_WIDTH = 236


class DealColumnView(QListView):
    """One column's cards: the children of the model's column `key`, seen through the board's
    proxy (see DealBoard.__init__)."""

    def __init__(
        self,
        key: int | str,
        model: DealBoardModel,
        proxy: QSortFilterProxyModel,
        delegate: DealCardDelegate,
    ) -> None:
        super().__init__()
        self.key = key
        self._board_model = model
        self.setObjectName(f"column_{key}")
        # Everything that re-lays out the items is set before the model arrives, so the
        # column is laid out once, not once per setting.
        self.setItemDelegate(delegate)
        self.setUniformItemSizes(True)  # one sizeHint for all: layout stays O(1) per card
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setFixedWidth(COLUMN_WIDTH)
        self.setModel(proxy)
        self.setRootIndex(self._root())

    def _root(self) -> QModelIndex:
        outer = self.model()
        assert isinstance(outer, QSortFilterProxyModel)
        inner = outer.sourceModel()
        assert isinstance(inner, QSortFilterProxyModel)
        return outer.mapFromSource(inner.mapFromSource(self._board_model.column_index(self.key)))

    # QListView relays out and repaints on every insert, removal or change anywhere in the
    # model; on a board that is every column for each move. A column only needs its own.

    def rowsInserted(self, parent: QModelIndex, start: int, end: int) -> None:
        if parent == self.rootIndex():
            super().rowsInserted(parent, start, end)

    def rowsAboutToBeRemoved(self, parent: QModelIndex, start: int, end: int) -> None:
        if parent == self.rootIndex():
            super().rowsAboutToBeRemoved(parent, start, end)

    def dataChanged(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Sequence[int] = ()
    ) -> None:
        if top_left.parent() == self.rootIndex():
            super().dataChanged(top_left, bottom_right, list(roles))

    def reset(self) -> None:
        # A model reset clears the root; this column's root is found again by its key.
        super().reset()
        if self.model() is not None:
            self.setRootIndex(self._root())


class DealBoard(QWidget):
    """Columns per stage in pipeline order, then Won and Lost."""

    #: a card was double-clicked or chosen for editing: the deal id
    deal_activated = Signal(int)

    def __init__(
        self,
        db: Database,
        model: DealBoardModel,
        undo_stack: QUndoStack,
        announce: Callable[[Changes], None],
        reasons: Callable[[str], list[str]] = lambda _status: [],
        parent: QWidget | None = None,
    ) -> None:
        """`reasons(status)`: the user's list offered when a deal is won or lost."""
        super().__init__(parent)
        self._db = db
        self._reasons = reasons
        self._model = model
        self._undo_stack = undo_stack
        self._announce = announce
        self._delegate = DealCardDelegate(self)
        # QListView asks its model for the index of every row on each layout (to check for
        # hidden rows): on a Python model that is tens of thousands of Python calls per move.
        # Two pass-through proxies answer them in C++: the outer one maps a column's root
        # through the inner one (C++), which maps the top level without asking the source.
        # data() for the visible cards, and drops, still reach DealBoardModel.
        self._inner = QSortFilterProxyModel(self)
        self._inner.setSourceModel(model)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self._inner)
        self._headers: dict[int | str, QLabel] = {}
        self.columns: dict[int | str, DealColumnView] = {}

        self._strip = QWidget()
        self._strip_layout = QHBoxLayout(self._strip)
        self._strip_layout.setContentsMargins(6, 6, 6, 6)
        self._strip_layout.setSpacing(8)
        self._scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._strip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        # The keyboard's drag: the selected cards one stage on, or back.
        for keys, step in (("Ctrl+Shift+Right", 1), ("Ctrl+Shift+Left", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.step_selected(step))

        model.modelReset.connect(self._on_model_reset)
        model.dataChanged.connect(self._on_model_data_changed)
        model.move_requested.connect(self._on_move_requested)
        self._build_columns()

    # -- hooks tests replace ---------------------------------------------------------------------

    @classmethod
    def ask_reason(
        cls, parent: QWidget, status: str, titles: list[str], reasons: list[str]
    ) -> str | None:
        """The reason a deal was won or lost, or None when the user cancels."""
        return DealReasonDialog.ask(parent, status, titles, reasons)

    @classmethod
    def tell(cls, parent: QWidget, message: str) -> None:
        QMessageBox.warning(parent, "Deals", message)

    # -- columns ---------------------------------------------------------------------------------

    def _column_keys(self) -> list[int | str]:
        model = self._model
        return [model.index(row, 0).data(Role.ID) for row in range(model.rowCount())]

    def _build_columns(self) -> None:
        while (item := self._strip_layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        self._headers.clear()
        self.columns.clear()
        for key in self._column_keys():
            frame = QFrame()
            frame.setObjectName(f"frame_{key}")
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            box = QVBoxLayout(frame)
            box.setContentsMargins(4, 4, 4, 4)
            frame.setFixedWidth(COLUMN_WIDTH + 10)
            header = QLabel()
            header.setObjectName(f"header_{key}")
            header.setTextFormat(Qt.TextFormat.RichText)
            header.setWordWrap(True)
            # A fixed height keeps a changed total from relaying out (and repainting) the
            # whole board: only the label repaints.
            header.setFixedHeight(3 * header.fontMetrics().height() + 4)
            header.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            if key in (DealStatus.WON, DealStatus.LOST):
                header.setToolTip(f"Drop a card here to mark it {key}; you will be asked why.")
            view = DealColumnView(key, self._model, self._proxy, self._delegate)
            view.doubleClicked.connect(self._on_card_double_clicked)
            view.customContextMenuRequested.connect(self._on_context_menu_requested)
            box.addWidget(header)
            box.addWidget(view, 1)
            self._strip_layout.addWidget(frame)
            self._headers[key] = header
            self.columns[key] = view
            self._update_header(key)
        self._strip_layout.addStretch(1)

    def select_deal(self, deal_id: int) -> bool:
        """Select the card alone, scroll its column and the card into view and give it the
        focus (a new deal is where the user looks next); False when the filter hides it."""
        source = self._model.deal_index(deal_id)
        view = self.columns.get(source.parent().data(Role.ID)) if source.isValid() else None
        if view is None:
            return False
        for other in self.columns.values():
            other.clearSelection()
        index = self._proxy.mapFromSource(self._inner.mapFromSource(source))
        view.setCurrentIndex(index)
        view.scrollTo(index)
        frame = view.parentWidget()
        assert frame is not None
        self._scroll.ensureWidgetVisible(frame)
        view.setFocus()
        return True

    def header_text(self, key: int | str) -> str:
        return self._headers[key].text()

    def _update_header(self, key: int | str) -> None:
        index = self._model.column_index(key)
        count = index.data(Role.COUNT) or 0
        total = money(index.data(Role.TOTAL_CENTS) or 0, decimals=0)
        weighted = money(index.data(Role.WEIGHTED_CENTS) or 0, decimals=0)
        noun = "deal" if count == 1 else "deals"
        figures = f"{count} {noun} · {total}"
        if key not in (DealStatus.WON, DealStatus.LOST):
            figures += f" · weighted {weighted}"
        self._headers[key].setText(f"<b>{index.data()}</b><br><small>{figures}</small>")

    @Slot()
    def _on_model_reset(self) -> None:
        if list(self.columns) != self._column_keys():
            self._build_columns()
        else:
            for key in self.columns:
                self._update_header(key)

    @Slot(QModelIndex, QModelIndex, list)
    def _on_model_data_changed(self, top: QModelIndex, _bottom: QModelIndex, _roles: list) -> None:
        if not top.parent().isValid():
            key = top.data(Role.ID)
            if key in self._headers:
                self._update_header(key)

    # -- moving, winning, losing -----------------------------------------------------------------

    def _report(self, message: str) -> None:
        self.tell(self, message)

    @Slot(list, object)
    def _on_move_requested(self, deal_ids: list[int], target: int | str) -> None:
        deals = [d for i in deal_ids if (d := self._model.deal_at(self._model.deal_index(i)))]
        deals = [d for d in deals if d.status == DealStatus.OPEN and d.stage_id != target]
        if not deals:
            return
        reason = ""
        if target in (DealStatus.WON, DealStatus.LOST):
            titles = [d.title for d in deals]
            answer = self.ask_reason(self, str(target), titles, self._reasons(str(target)))
            if answer is None:
                return
            reason = answer
        if len(deals) > 1:
            verb = {DealStatus.WON: "Win", DealStatus.LOST: "Lose"}.get(str(target), "Move")
            self._undo_stack.beginMacro(f"{verb} {len(deals)} deals")
        try:
            for deal in deals:
                try:
                    if target == DealStatus.WON or target == DealStatus.LOST:
                        close = win_deal if target == DealStatus.WON else lose_deal
                        closed = close(self._db, deal.id, reason)
                        command: MoveDealCommand | CloseDealCommand = CloseDealCommand(
                            self._db, closed, deal.title, self._announce, self._report
                        )
                        changes = closed.changes
                    else:
                        assert isinstance(target, int)
                        move = move_deal(self._db, deal.id, target)
                        command = MoveDealCommand(
                            self._db, move, deal.title, self._announce, self._report
                        )
                        changes = move.changes
                except RapportError as exc:
                    self._report(str(exc))
                    break
                self._undo_stack.push(command)
                self._announce(changes)
        finally:
            if len(deals) > 1:
                self._undo_stack.endMacro()

    def selected_ids(self) -> list[int]:
        return [
            index.data(Role.ID)
            for view in self.columns.values()
            for index in view.selectionModel().selectedIndexes()
        ]

    def move_selected(self, target: int | str) -> None:
        """Move the selected cards to a stage, or win or lose them: what a drop does, for the
        keyboard and the context menu."""
        ids = self.selected_ids()
        if ids:
            self._on_move_requested(ids, target)

    def step_selected(self, step: int) -> None:
        """Move the selected cards to the next (1) or previous (-1) stage."""
        ids = self.selected_ids()
        deal = self._model.deal_at(self._model.deal_index(ids[0])) if ids else None
        if deal is None or deal.status != DealStatus.OPEN:
            return
        stages = [key for key in self.columns if isinstance(key, int)]
        position = stages.index(deal.stage_id) + step
        if 0 <= position < len(stages):
            self._on_move_requested(ids, stages[position])

    def close_selected(self, status: str) -> None:
        """Win or lose the selected cards (the context menu's 'Won…' / 'Lost…')."""
        self.move_selected(status)

    @Slot(QModelIndex)
    def _on_card_double_clicked(self, index: QModelIndex) -> None:
        self.deal_activated.emit(index.data(Role.ID))

    @Slot(QPoint)
    def _on_context_menu_requested(self, pos: QPoint) -> None:
        view = self.sender()
        assert isinstance(view, DealColumnView)
        index = view.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(self)
        menu.addAction("Edit…", lambda: self.deal_activated.emit(index.data(Role.ID)))
        if index.data(Role.STATUS) == DealStatus.OPEN:
            move_to = menu.addMenu("Move to")
            for key in self.columns:
                if key not in (DealStatus.WON, DealStatus.LOST, view.key):
                    name = self._model.column_index(key).data()
                    move_to.addAction(name, lambda key=key: self.move_selected(key))
            menu.addAction("Won…", lambda: self.close_selected(DealStatus.WON))
            menu.addAction("Lost…", lambda: self.close_selected(DealStatus.LOST))
        menu.popup(view.viewport().mapToGlobal(pos))
