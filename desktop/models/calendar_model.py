"""The occurrences the calendar shows for a range of days, one row each.

The day/week and month views paint from this model; it keeps the occurrences of the range
shown (a month is about a thousand rows even on a busy calendar) with their local wall-clock
times computed once, and reloads when the range changes or the change bus says activities or
contacts changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtGui import QColor

from desktop.models.formats import date_time, time_of_day, weekday_date
from desktop.models.recurring_mark import marked
from desktop.services.activity_queries import (
    SeriesSet,
    load_series,
    occurrences,
    window_bounds,
)
from desktop.services.activity_values import Occurrence
from desktop.services.changes import Changes
from desktop.services.recurrence import WallClock
from desktop.store.database import Database

_Index = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    OCCURRENCE = Qt.ItemDataRole.UserRole + 1
    ACTIVITY_ID = Qt.ItemDataRole.UserRole + 2
    #: naive local wall-clock datetime (midnight of the date for all-day)
    LOCAL_START = Qt.ItemDataRole.UserRole + 3
    LOCAL_END = Qt.ItemDataRole.UserRole + 4
    ALL_DAY = Qt.ItemDataRole.UserRole + 5
    STATUS = Qt.ItemDataRole.UserRole + 6


@dataclass(frozen=True, slots=True)
class Entry:
    """A row: the occurrence and where it sits on the user's wall clock."""

    occurrence: Occurrence
    start: datetime
    end: datetime


class CalendarModel(QAbstractListModel):
    def __init__(self, db: Database, tz: tzinfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.tz = tz
        self._entries: list[Entry] = []
        self._series: SeriesSet | None = None
        self.first_day = date.today()
        self.end_day = date.today()

    # -- range ------------------------------------------------------------------------------

    def set_range(self, first_day: date, end_day: date) -> None:
        """Show the local days [first_day, end_day)."""
        if (first_day, end_day) == (self.first_day, self.end_day) and self._entries:
            return
        self.first_day, self.end_day = first_day, end_day
        self.refresh()

    def refresh(self) -> None:
        if self._series is None:
            self._series = load_series(self._db)
        found = occurrences(self._db, self.first_day, self.end_day, self.tz, series=self._series)
        clock = WallClock(self.tz, *window_bounds(self.first_day, self.end_day, self.tz))
        self.beginResetModel()
        self._entries = [
            Entry(o, o.start, o.end)
            if o.all_day
            else Entry(o, clock.local(o.start), clock.local(o.end))
            for o in found
        ]
        self.endResetModel()

    @Slot(object)
    def on_changed(self, changes: Changes) -> None:
        """Connected to the change bus: contacts matter too (their names are on the blocks)."""
        if changes.touches_activities() or changes.touches_contacts():
            self._series = None
            self.refresh()

    # -- access for the painting views ------------------------------------------------------

    def entry(self, row: int) -> Entry:
        return self._entries[row]

    def entries(self) -> list[Entry]:
        return self._entries

    # -- QAbstractItemModel -----------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        o = entry.occurrence
        if role == Qt.ItemDataRole.DisplayRole:
            when = "all day" if o.all_day else time_of_day(entry.start.time())
            return f"{when} {label(o)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(entry)
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(o.color)
        if role == Role.OCCURRENCE:
            return o
        if role == Role.ACTIVITY_ID:
            return o.activity_id
        if role == Role.LOCAL_START:
            return entry.start
        if role == Role.LOCAL_END:
            return entry.end
        if role == Role.ALL_DAY:
            return o.all_day
        if role == Role.STATUS:
            return o.status
        return None


def label(o: Occurrence) -> str:
    """The subject as every calendar view draws it: '↻ Jour fixe' for a series."""
    return marked(o.subject, o.recurring)


def tooltip(entry: Entry) -> str:
    o = entry.occurrence
    if o.all_day:
        when = f"{weekday_date(entry.start)} (all day)"
    else:
        when = f"{date_time(entry.start, weekday=True)} \u2013 {time_of_day(entry.end.time())}"
    lines = [f"{o.type_name}: {o.subject}", when]
    if o.contact_names:
        lines.append(", ".join(o.contact_names))
    if o.location:
        lines.append(o.location)
    if o.recurring:
        lines.append("Part of a recurring series")
    if o.status != "open":
        lines.append(o.status.capitalize())
    return "\n".join(lines)
