"""The task list: open to-dos and overdue items, filtered by type, priority, contact and due
dates, sorted by any column; double-click opens, the Complete button records the result."""

from __future__ import annotations

from datetime import date, tzinfo

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.models import formats
from desktop.models.task_list_model import PRIORITY_NAMES, Role, TaskListModel
from desktop.services.activity_lists import find_contacts
from desktop.services.activity_values import ActivityTypeInfo, TaskFilter
from desktop.store.database import Database
from desktop.views.change_bus import ChangeBus
from desktop.views.contact_picker import ContactPicker


class TaskListView(QWidget):
    #: activity id, original start of the occurrence (None for a single activity)
    open_requested = Signal(int, object)
    complete_requested = Signal(int, object)

    def __init__(
        self,
        db: Database,
        bus: ChangeBus,
        types: list[ActivityTypeInfo],
        tz: tzinfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = TaskListModel(db, tz, self)
        bus.changed.connect(self.model.on_changed)
        self.type = QComboBox()
        self.type.addItem(self.tr("Any type"), None)
        for t in types:
            self.type.addItem(t.name, t.id)
        self.priority = QComboBox()
        self.priority.addItem(self.tr("Any priority"), None)
        for value, name in PRIORITY_NAMES.items():
            self.priority.addItem(self.tr(name), value)
        self.contact = ContactPicker(lambda text: find_contacts(db, text), multiple=False)
        self.contact.setMinimumWidth(220)
        self.use_from, self.use_to = QCheckBox(self.tr("From")), QCheckBox(self.tr("to"))
        self.due_from, self.due_to = QDateEdit(), QDateEdit()
        for edit, offset in ((self.due_from, -30), (self.due_to, 30)):
            edit.setCalendarPopup(True)
            formats.set_up_date_edit(edit)
            edit.setDate(QDate.currentDate().addDays(offset))
            edit.dateChanged.connect(self._on_filter_changed)
        for widget in (self.type, self.priority):
            widget.currentIndexChanged.connect(self._on_filter_changed)
        for box in (self.use_from, self.use_to):
            box.toggled.connect(self._on_filter_changed)
        self.contact.changed.connect(self._on_filter_changed)
        self.complete_button = QPushButton(self.tr("Complete…"))
        self.complete_button.clicked.connect(self._on_complete_clicked)
        self.complete_button.setEnabled(not db.readonly)  # a read-only window (issue 15.9)
        filters = QHBoxLayout()
        for widget in (self.type, self.priority, QLabel(self.tr("Contact:")), self.contact,
                       self.use_from, self.due_from, self.use_to, self.due_to):  # fmt: skip
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.complete_button)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.count = QLabel()
        self.model.modelReset.connect(self._on_model_reset)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.model.refresh()
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def current_filter(self) -> TaskFilter:
        due_from: date | None = (
            self.due_from.date().toPython() if self.use_from.isChecked() else None
        )
        due_to: date | None = self.due_to.date().toPython() if self.use_to.isChecked() else None
        return TaskFilter(
            type_id=self.type.currentData(),
            priority=self.priority.currentData(),
            contact_id=self.contact.contact_id(),
            due_from=due_from,
            due_to=due_to,
        )

    @Slot()
    def _on_filter_changed(self) -> None:
        self.model.set_filter(self.current_filter())

    @Slot()
    def _on_model_reset(self) -> None:
        overdue = sum(1 for r in range(self.model.rowCount()) if self.model.task(r).overdue)
        self.count.setText(self.tr("{} open, {} overdue").format(self.model.rowCount(), overdue))

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        task = index.data(Role.TASK)
        self.open_requested.emit(task.activity_id, task.original_start)

    @Slot()
    def _on_complete_clicked(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            # a recurring to-do: the occurrence listed, never the whole series
            task = index.data(Role.TASK)
            self.complete_requested.emit(task.activity_id, task.original_start)
