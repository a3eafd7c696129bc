"""The import wizard's mapping table: one row per column of the file, its header, a sample
value, and the field it fills, which the user changes through a delegate's combo box."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QPalette

from desktop.exchange.mapping import IGNORE, ColumnMap, Mapping, describe

_Index = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    #: the ColumnMap of a row (read and set on the 'Imports into' column)
    MAPPING = Qt.ItemDataRole.UserRole + 1


class Column(IntEnum):
    HEADER = 0
    SAMPLE = 1
    FIELD = 2


_TITLES = ("Column in the file", "Example", "Imports into")


class ImportMappingModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers: list[str] = []
        self._samples: list[str] = []
        self._mapping: list[ColumnMap] = []

    def set_columns(self, headers: Sequence[str], samples: Sequence[str], mapping: Mapping) -> None:
        self.beginResetModel()
        self._headers = list(headers)
        self._samples = [*samples, *[""] * (len(headers) - len(samples))][: len(headers)]
        self._mapping = list(mapping)
        self.endResetModel()

    def mapping(self) -> Mapping:
        return tuple(self._mapping)

    def headers(self) -> list[str]:
        return list(self._headers)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_TITLES)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(_TITLES):
            return _TITLES[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._headers):
            return str(section + 1)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == Column.FIELD else base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        mapped = self._mapping[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == Column.HEADER:
                return self._headers[row] or f"(column {row + 1} has no header)"
            if column == Column.SAMPLE:
                return self._samples[row].replace("\n", " ⏎ ")
            return describe(mapped)
        if role == Role.MAPPING:
            return mapped
        if role == Qt.ItemDataRole.ForegroundRole and mapped == IGNORE:
            return QBrush(QPalette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or index.column() != Column.FIELD
            or role not in (Role.MAPPING, Qt.ItemDataRole.EditRole)
            or not isinstance(value, ColumnMap)
        ):
            return False
        self._mapping[index.row()] = value
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Role.MAPPING])
        return True

    def set_all(self, mapping: Mapping) -> None:
        """A saved mapping chosen: every row at once."""
        if len(mapping) != len(self._mapping):
            return
        self._mapping = list(mapping)
        if self._mapping:
            self.dataChanged.emit(
                self.index(0, Column.FIELD), self.index(len(self._mapping) - 1, Column.FIELD)
            )
