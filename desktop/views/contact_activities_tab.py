"""The card's Activities tab: the contact's open activities (soonest first) above the done and
cleared ones, with Schedule and Complete buttons so a call is planned or recorded from the
card without going to the calendar."""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import RapportError
from desktop.exchange.ics import export_ics
from desktop.models.formats import date_time, short_date
from desktop.models.record_table_model import RecordColumn, RecordTableModel
from desktop.models.record_table_model import Role as RecordRole
from desktop.models.recurring_mark import marked
from desktop.services import activities, recurrence
from desktop.services.activity_lists import activities_of_contact
from desktop.services.activity_values import ActivityDraft, ContactActivity
from desktop.services.changes import Changes
from desktop.services.contacts import load_contact
from desktop.views.activity_commands import ScheduleActivityCommand
from desktop.views.complete_dialog import open_complete_dialog
from desktop.views.schedule_dialog import ScheduleDialog

if TYPE_CHECKING:
    from desktop.views.areas import AreaContext


def _columns(tz: tzinfo) -> list[RecordColumn[ContactActivity]]:
    def when(a: ContactActivity) -> str:
        if a.start is not None:
            return date_time(recurrence.to_local(a.start, tz))
        return short_date(a.start_date)

    return [
        RecordColumn("When", when),
        RecordColumn("Type", lambda a: a.type_name),
        RecordColumn("Subject", lambda a: marked(a.subject, a.recurring)),
        RecordColumn("Status", lambda a: a.status),
        RecordColumn("Result", lambda a: a.result),
    ]


class ContactActivitiesTab(QWidget):
    def __init__(self, context: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._contact_id: int | None = None
        self.tzid = recurrence.local_zone_name()
        self.model: RecordTableModel[ContactActivity] = RecordTableModel(
            _columns(recurrence.zone(self.tzid)), self
        )
        self.table = QTableView()
        self.table.setObjectName("activities_table")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.summary = QLabel()
        self.schedule_button = QPushButton(self.tr("Schedule…"))
        self.schedule_button.clicked.connect(self.schedule)
        self.complete_button = QPushButton(self.tr("Complete…"))
        self.complete_button.clicked.connect(self._on_complete_clicked)
        self.export_button = QPushButton(self.tr("Export .ics…"))
        self.export_button.setToolTip(self.tr("This contact's activities as a calendar file"))
        self.export_button.clicked.connect(self._on_export_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.schedule_button)
        buttons.addWidget(self.complete_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        context.bus.changed.connect(self._on_bus_changed)
        self.set_contact(None)

    def set_contact(self, contact_id: int | None) -> None:
        self._contact_id = contact_id
        tz = recurrence.zone(self.tzid)
        rows = activities_of_contact(self._context.db, contact_id, tz=tz) if contact_id else []
        self.model.set_records(rows)
        open_count = sum(1 for r in rows if r.status == "open")
        self.summary.setText(
            self.tr("{} open, {} done or cleared").format(open_count, len(rows) - open_count)
        )
        self.schedule_button.setEnabled(self._writable())
        self._on_current_row_changed()
        self.export_button.setEnabled(bool(rows))
        self.table.resizeColumnsToContents()

    def _writable(self) -> bool:
        """A contact is shown and the window may change it (not so in a read-only one)."""
        return self._contact_id is not None and not self._context.db.readonly

    @Slot()
    def _on_current_row_changed(self) -> None:
        # Complete… only with an open activity chosen: it did nothing on a done one (15.10)
        chosen = self.selected()
        self.complete_button.setEnabled(
            self._writable() and chosen is not None and chosen.status == "open"
        )

    def schedule(self) -> ScheduleDialog | None:
        if self._contact_id is None:
            return None
        context = self._context
        tz = recurrence.zone(self.tzid)

        def submit(draft: ActivityDraft) -> None:
            command = ScheduleActivityCommand.scheduled(context.db, context.bus, draft)
            context.undo_stack.push(command)

        dialog = ScheduleDialog(
            context.db, activities.activity_types(context.db), tz, self.tzid, submit, self
        )
        dialog.contacts.add(
            self._contact_id, load_contact(context.db, self._contact_id).display_name
        )
        dialog.open()
        return dialog

    @classmethod
    def ask_export_file(cls, parent: QWidget) -> Path | None:
        """Where to write the .ics, or None; tests replace this."""
        name, _ = QFileDialog.getSaveFileName(
            parent, parent.tr("Export activities"), "activities.ics",
            parent.tr("iCalendar files (*.ics)"),
        )  # fmt: skip
        return Path(name) if name else None

    @Slot()
    def _on_export_clicked(self) -> None:
        if self._contact_id is None:
            return
        path = self.ask_export_file(self)
        if path is None:
            return
        try:
            count = export_ics(self._context.db, path, contact_id=self._contact_id)
        except RapportError as exc:
            QMessageBox.warning(self, self.tr("Export activities"), str(exc))
            return
        self.summary.setText(self.tr("{} activities written to {}").format(count, path.name))

    def selected(self) -> ContactActivity | None:
        index = self.table.currentIndex()
        return index.data(RecordRole.RECORD) if index.isValid() else None

    @Slot()
    def _on_complete_clicked(self) -> None:
        chosen = self.selected()
        # a series is listed at its next occurrence: Complete… completes that one
        if chosen is not None and chosen.status == "open":
            context = self._context
            open_complete_dialog(self, context.db, context.bus, context.undo_stack,
                                 chosen.activity_id, recurrence.zone(self.tzid),
                                 chosen.original_start)  # fmt: skip

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if self.complete_button.isEnabled():
            self._on_complete_clicked()

    @Slot(object)
    def _on_bus_changed(self, changes: Changes) -> None:
        if self._contact_id is not None and (
            changes.touches_activities() or self._contact_id in changes.contacts
        ):
            self.set_contact(self._contact_id)
