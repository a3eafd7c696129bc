"""Open to-dos and overdue activities as a table, filtered by the service and sorted here.

The open list is small enough to hold (thousands of rows, not millions): one query per filter
change, sorting in Python by the column's key.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtGui import QBrush, QColor

from desktop.models.formats import date_time, weekday_date
from desktop.models.recurring_mark import marked
from desktop.services.activity_lists import open_tasks
from desktop.services.activity_values import TaskFilter, TaskRow
from desktop.services.changes import Changes
from desktop.services.recurrence import to_local
from desktop.store.database import Database

_Index = QModelIndex | QPersistentModelIndex
PRIORITY_NAMES = {1: "High", 2: "Normal", 3: "Low"}


class Role(IntEnum):
    ACTIVITY_ID = Qt.ItemDataRole.UserRole + 1
    TASK = Qt.ItemDataRole.UserRole + 2


COLUMNS = ("Due", "Type", "Priority", "Subject", "Contacts")


class TaskListModel(QAbstractTableModel):
    def __init__(self, db: Database, tz: tzinfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db, self._tz = db, tz
        self._rows: list[TaskRow] = []
        self.filters = TaskFilter()
        self._sort = (0, Qt.SortOrder.AscendingOrder)

    def set_filter(self, filters: TaskFilter) -> None:
        self.filters = filters
        self.refresh()

    def refresh(self) -> None:
        rows = open_tasks(self._db, self.filters)
        self.beginResetModel()
        self._rows = self._sorted(rows)
        self.endResetModel()

    @Slot(object)
    def on_changed(self, changes: Changes) -> None:
        if changes.touches_activities() or changes.touches_contacts():
            self.refresh()

    def task(self, row: int) -> TaskRow:
        return self._rows[row]

    def _local(self, task: TaskRow) -> datetime:
        return task.due if task.all_day else to_local(task.due, self._tz)

    def _key(self, column: int) -> Any:
        keys = (
            lambda t: (t.due, t.activity_id),
            lambda t: (t.type_name.lower(), t.due),
            lambda t: (t.priority, t.due),
            lambda t: (t.subject.lower(), t.due),
            lambda t: (t.contacts.lower(), t.due),
        )
        return keys[column]

    def _sorted(self, rows: list[TaskRow]) -> list[TaskRow]:
        column, order = self._sort
        return sorted(rows, key=self._key(column), reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old = [self.index(r, c) for r in range(len(self._rows)) for c in range(len(COLUMNS))]
        ids = [t.activity_id for t in self._rows]
        self._rows = self._sorted(self._rows)
        position = {t.activity_id: r for r, t in enumerate(self._rows)}
        self.changePersistentIndexList(
            old, [self.index(position[ids[i.row()]], i.column()) for i in old]
        )
        self.layoutChanged.emit()

    # -- QAbstractItemModel -----------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        task = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                local = self._local(task)
                return weekday_date(local) if task.all_day else date_time(local, weekday=True)
            return (
                None,
                task.type_name,
                PRIORITY_NAMES.get(task.priority, ""),
                marked(task.subject, task.recurring),
                task.contacts,
            )[column]
        if role == Qt.ItemDataRole.ForegroundRole and task.overdue:
            return QBrush(QColor("#c62828"))
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return QColor(task.color)
        if role == Qt.ItemDataRole.ToolTipRole and task.overdue:
            return "Overdue"
        if role == Role.ACTIVITY_ID:
            return task.activity_id
        if role == Role.TASK:
            return task
        return None
