"""The card's History tab: what happened, newest first, and a one-step way to add to it.

Kind, result and a line of text, then Enter: that is a call logged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import RapportError
from desktop.models.formats import local_date_time
from desktop.models.record_table_model import RecordColumn, RecordTableModel
from desktop.services.changes import Changes
from desktop.services.contact_history import CALL_RESULTS, HistoryEntry, add_history, list_history
from desktop.store.entities import HistoryKind
from desktop.views.background_task import write_in_background
from desktop.views.field_message import FieldMessage, Level

#: kinds offered for a quick entry; the rest are written by other features
if TYPE_CHECKING:
    from desktop.views.areas import AreaContext


QUICK_KINDS = (
    HistoryKind.NOTE,
    HistoryKind.CALL,
    HistoryKind.EMAIL,
    HistoryKind.MEETING,
    HistoryKind.VISIT,
    HistoryKind.COMPLAINT,
)

_COLUMNS: list[RecordColumn[HistoryEntry]] = [
    RecordColumn("When", lambda h: local_date_time(h.occurred_at)),  # stored in UTC
    RecordColumn("Kind", lambda h: h.kind.replace("_", " ")),
    RecordColumn("Result", lambda h: h.result),
    RecordColumn(
        "What",
        lambda h: " — ".join(p for p in (h.subject, h.text.splitlines()[0] if h.text else "") if p),
    ),
]


class HistoryTab(QWidget):
    def __init__(self, context: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._contact_id: int | None = None
        self.model: RecordTableModel[HistoryEntry] = RecordTableModel(_COLUMNS, self)
        self.table = QTableView()
        self.table.setObjectName("history_table")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

        self.kind = QComboBox()
        self.kind.setObjectName("history_kind")
        for kind in QUICK_KINDS:
            self.kind.addItem(self.tr(kind.value.capitalize()), kind.value)
        self.result = QComboBox()
        self.result.setObjectName("history_result")
        self.result.setEditable(True)
        self.result.addItems(["", *CALL_RESULTS])
        self.text = QLineEdit()
        self.text.setObjectName("history_text")
        self.text.setPlaceholderText(self.tr("What happened (Enter adds it)"))
        self.text.returnPressed.connect(self.add_entry)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.clicked.connect(self.add_entry)
        self.message = FieldMessage()

        quick = QHBoxLayout()
        quick.addWidget(self.kind)
        quick.addWidget(self.result)
        quick.addWidget(self.text, 1)
        quick.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(quick)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self.set_contact(None)

    def set_contact(self, contact_id: int | None) -> None:
        self._contact_id = contact_id
        writable = contact_id is not None and not self._context.db.readonly
        for widget in (self.kind, self.result, self.text, self.add_button):
            widget.setEnabled(writable)
        self.model.set_records(list_history(self._context.db, contact_id) if contact_id else [])
        self.table.resizeColumnsToContents()

    def add_entry(self) -> None:
        if self._contact_id is None or not self.add_button.isEnabled():
            return  # nobody to add to, or the last line is still waiting for the database
        db, contact_id = self._context.db, self._contact_id
        kind, text = str(self.kind.currentData()), self.text.text()
        result = self.result.currentText()
        self.add_button.setEnabled(False)
        self.message.show_message(Level.INFO, self.tr("Waiting for the database…"))
        try:
            write_in_background(
                self, lambda: add_history(db, contact_id, kind, text, result=result)
            )
        except RapportError as error:  # what was typed stays, for the next try
            self.message.show_message(Level.ERROR, str(error).split(": ", 1)[-1])
            return
        finally:
            self.add_button.setEnabled(True)
        self.message.show_message(Level.OK, "")
        self.text.clear()
        self.result.setCurrentIndex(0)
        self.set_contact(self._contact_id)
        self._context.bus.announce(Changes.of(contacts=[self._contact_id]))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
