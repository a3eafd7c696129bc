"""The contact list over a million rows: a first page at once, the rest on demand.

Setting a query shows its first page synchronously (a bounded LIMIT query, a few ms at any
size), then loads the ordered ids on a worker thread with its own connection; when they
arrive the remaining rows are appended with beginInsertRows, so selection and scroll position
survive. Any other row is fetched by page from those ids and kept in a small LRU cache. A newer
query interrupts the worker's SQLite statement, so fast typing never queues up stale scans.
"""

from __future__ import annotations

import queue
import threading
from array import array
from collections import OrderedDict
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from sqlalchemy.exc import OperationalError

from desktop.services import contact_list
from desktop.services.contact_list import ContactRow, ListQuery, SearchPlan
from desktop.store.database import Database

PAGE_SIZE = 100
SCAN_DELAY_MS = 60
CACHED_PAGES = 16

_Index = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    ID = Qt.ItemDataRole.UserRole + 1


_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.ToolTipRole,
        *Role,
    }
)

#: (key, title, ContactRow attribute); keys are saved in settings, never rename them
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("crm", "CRM no.", "crm_number"),
    ("name", "Name", "display_name"),
    ("company", "Company", "company"),
    ("phone", "Phone", "phone"),
    ("email", "E-mail", "email"),
    ("city", "City", "city"),
    ("tags", "Tags", "tags"),
    ("owner", "Owner", "owner"),
)
COLUMN_KEYS = tuple(key for key, _, _ in COLUMNS)


class _IdLoader(QObject):
    """Loads the ordered ids of one query on a plain thread; `loaded` arrives queued.

    A newer query never waits for an older scan: the old one is interrupted (SQLite) or
    stops at its next chunk and its result is dropped. The ids are handed over through
    `take()` under a lock and the queued signal carries only the generation, so no Python
    object crosses threads inside a Qt event."""

    loaded = Signal(int)

    def __init__(self, db: Database, parent: QObject) -> None:
        super().__init__(parent)
        self._db = db
        self._lock = threading.Lock()
        self._wanted = 0
        self._running: dict[int, Any] = {}  # generation -> raw connection of its scan
        self._jobs: queue.SimpleQueue[tuple[int, ListQuery] | None] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        self._pending = 0
        self._idle = threading.Condition(self._lock)
        self._result: tuple[int, array[int]] | None = None

    def start(self, generation: int, query: ListQuery) -> None:
        """Queue the scan; one worker thread serves every query (no thread start per key)."""
        self.cancel()
        with self._lock:
            self._wanted = generation
            self._pending += 1
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._serve, name="contact-ids", daemon=True)
            self._worker.start()
        self._jobs.put((generation, query))

    def _serve(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                if not self._stale(job[0]):
                    self._run(*job)
            finally:
                with self._lock:
                    self._pending -= 1
                    self._idle.notify_all()

    def _stale(self, generation: int) -> bool:
        return self._wanted != generation

    def _run(self, generation: int, query: ListQuery) -> None:
        try:
            with self._db.engine.connect() as conn:
                with self._lock:
                    if self._stale(generation):
                        return
                    self._running[generation] = conn.connection.dbapi_connection
                try:
                    planned = contact_list.plan(conn, query)
                    ids = contact_list.ordered_ids(
                        conn, planned, stop=lambda: self._stale(generation)
                    )
                finally:
                    with self._lock:
                        self._running.pop(generation, None)
        except OperationalError:  # interrupted by a newer query
            return
        with self._lock:
            if self._stale(generation):
                return
            self._result = (generation, ids)
        self.loaded.emit(generation)

    def take(self, generation: int) -> array[int] | None:
        """The ids loaded for `generation`, once; None when they belong to another query."""
        with self._lock:
            result, self._result = self._result, None
        return result[1] if result is not None and result[0] == generation else None

    def cancel(self) -> None:
        """Stop any running scan without waiting for it."""
        with self._lock:
            self._wanted = -1
            for raw in self._running.values():
                if hasattr(raw, "interrupt"):
                    raw.interrupt()

    def wait(self) -> None:
        """Wait until every queued scan has finished (tests, benchmarks)."""
        with self._lock:
            self._idle.wait_for(lambda: self._pending == 0)

    def stop(self) -> None:
        """End the worker thread (the model is closing)."""
        self.cancel()
        self.wait()
        if self._worker is not None:
            self._jobs.put(None)
            self._worker.join()
            self._worker = None


class ContactListModel(QAbstractTableModel):
    """Rows of contacts for a `ListQuery`; `set_query` changes what is shown."""

    #: the number of contacts in the list is known (after the ids loaded)
    count_changed = Signal(int)
    #: every id of the current query is loaded (rows beyond the first page can be shown)
    ids_loaded = Signal()

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._query = ListQuery()
        self._generation = 0
        self._ids: array[int] | None = None
        self._first: list[ContactRow] = []
        self._pages: OrderedDict[int, list[ContactRow]] = OrderedDict()
        self._rows = 0
        self._loader = _IdLoader(db, self)
        self._loader.loaded.connect(self._on_loader_loaded)
        # The scan for all ids starts a moment after the first page, so it never competes
        # with the query and paint of the rows the user is waiting for (the next keystroke
        # usually comes first and the scan is not needed at all).
        self._scan_timer = QTimer(self)
        self._scan_timer.setSingleShot(True)
        self._scan_timer.setInterval(SCAN_DELAY_MS)
        self._scan_timer.timeout.connect(self._on_scan_timer_timeout)

    # -- public ------------------------------------------------------------------------------

    @property
    def query(self) -> ListQuery:
        return self._query

    @property
    def complete(self) -> bool:
        """Every row of the query is reachable (the ids have loaded)."""
        return self._ids is not None

    def set_query(self, query: ListQuery) -> None:
        """Show `query`: its first page now, the rest once the ids load. A field lookup
        ('contains' may read every contact) shows its rows only once the ids load, so the
        window never waits for it."""
        self._generation += 1
        self._scan_timer.stop()
        self._loader.cancel()
        self._query = query
        self.beginResetModel()
        self._pages.clear()
        self._ids = None
        if query.lookup is None:
            with self._db.engine.connect() as conn:
                planned: SearchPlan = contact_list.plan(conn, query)
                self._first = contact_list.first_page(conn, planned, PAGE_SIZE)
            self._pages[0] = self._first
            if len(self._first) < PAGE_SIZE:
                self._ids = array("q", (row.id for row in self._first))
        else:
            self._first = []
        self._rows = len(self._first)
        self.endResetModel()
        if query.lookup is not None:
            self._loader.start(self._generation, self._query)
        elif self._ids is None:
            self._scan_timer.start()
        else:
            self.count_changed.emit(self._rows)
            self.ids_loaded.emit()

    def refresh(self) -> None:
        """Run the current query again (after contacts were added, changed or deleted)."""
        self.set_query(self._query)

    def wait_for_ids(self) -> None:
        """Block until the ids of the current query have loaded and been applied (tests and
        benchmarks; the GUI never waits)."""
        if self._scan_timer.isActive():
            self._scan_timer.stop()
            self._on_scan_timer_timeout()
        self._loader.wait()
        QCoreApplication.processEvents()

    def contact_id(self, row: int) -> int | None:
        contact = self._row(row)
        return None if contact is None else contact.id

    def ids_between(self, first: int, last: int) -> list[int]:
        """Ids of rows first..last without fetching their rows (a selection of thousands)."""
        if self._ids is not None:
            return list(self._ids[first : last + 1])
        return [row.id for row in self._first[first : last + 1]]

    def row_of(self, contact_id: int) -> int | None:
        """The row showing this contact, if it is in the list (a scan of the id array)."""
        if self._ids is None:
            return next((i for i, r in enumerate(self._first) if r.id == contact_id), None)
        try:
            return self._ids.index(contact_id)
        except ValueError:
            return None

    def close(self) -> None:
        """Stop the loader; call before the database closes."""
        self._generation += 1
        self._scan_timer.stop()
        self._loader.stop()

    # -- Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.tr(COLUMNS[section][1])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A repaint asks every visible cell for a dozen roles; most are answered here.
        if role not in _ROLES or not index.isValid():
            return None
        contact = self._row(index.row())
        if contact is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return getattr(contact, COLUMNS[index.column()][2])
        if role == Role.ID:
            return contact.id
        if role == Qt.ItemDataRole.ForegroundRole and contact.consent_withdrawn:
            return QBrush(QColor("#8a8a8a"))
        if role == Qt.ItemDataRole.ToolTipRole and contact.consent_withdrawn:
            return self.tr("Consent withdrawn: left out of exports and mailings")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by an indexed column; other columns keep the current order."""
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column][0]
        if key not in contact_list.SORT_COLUMNS:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._query.sort, self._query.descending):
            return
        self.set_query(ListQuery(**{**self._query.__dict__, "sort": key, "descending": descending}))

    # -- internals ---------------------------------------------------------------------------

    def _row(self, row: int) -> ContactRow | None:
        if not 0 <= row < self._rows:
            return None
        number, offset = divmod(row, PAGE_SIZE)
        page = self._pages.get(number)
        if page is None:
            page = self._fetch_page(number)
        else:
            self._pages.move_to_end(number)
        return page[offset] if offset < len(page) else None

    def _fetch_page(self, number: int) -> list[ContactRow]:
        assert self._ids is not None  # rows beyond page 0 exist only once the ids loaded
        ids = self._ids[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
        with self._db.engine.connect() as conn:
            page = contact_list.rows_by_ids(conn, ids)
        # A contact deleted since the ids loaded leaves a hole; the change bus refreshes soon.
        self._pages[number] = page
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    def _on_scan_timer_timeout(self) -> None:
        self._loader.start(self._generation, self._query)

    def _on_loader_loaded(self, generation: int) -> None:
        if generation != self._generation:
            return
        ids = self._loader.take(generation)
        if ids is None:
            return
        first_ids = [row.id for row in self._first]
        if list(ids[: len(first_ids)]) != first_ids:
            # The data changed between the first page and the scan: show the scan's order.
            self.beginResetModel()
            self._ids = ids
            self._pages.clear()
            self._rows = len(ids)
            self.endResetModel()
        else:
            self._ids = ids
            if len(ids) > self._rows:
                self.beginInsertRows(QModelIndex(), self._rows, len(ids) - 1)
                self._rows = len(ids)
                self.endInsertRows()
        self.count_changed.emit(self._rows)
        self.ids_loaded.emit()
