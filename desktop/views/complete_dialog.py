"""'What happened?' after a call or meeting: the result, a note, and the follow-up in the same
dialog, so that recording a call is two keystrokes (pick a result, Enter)."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import RapportError
from desktop.models import formats
from desktop.services import activities, recurrence
from desktop.services.activity_values import (
    ActivityDraft,
    ActivityInfo,
    ActivityTypeInfo,
    CompletionInput,
)
from desktop.store.database import Database
from desktop.views.activity_commands import CompleteActivityCommand
from desktop.views.change_bus import ChangeBus
from desktop.views.dialog_title import keep_title_whole

RESULTS = ("Reached", "Left message", "No answer", "Meeting held", "Completed", "Postponed")


class CompleteDialog(QDialog):
    def __init__(
        self,
        info: ActivityInfo,
        types: list[ActivityTypeInfo],
        tz: tzinfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._info, self._tz = info, tz
        self.setWindowTitle(self.tr("Complete: {}").format(info.draft.subject))
        keep_title_whole(self)  # a long subject was cut in the middle (issue 15.4)
        self.result = QComboBox()
        self.result.setEditable(True)
        self.result.addItems([self.tr(r) for r in RESULTS])
        self.result.setCurrentIndex(4 if info.type_name == "To-do" else 0)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("What was said, agreed, promised…"))
        self.notes.setMaximumHeight(90)
        self.follow_up = QGroupBox(self.tr("Schedule a follow-up"))
        self.follow_up.setCheckable(True)
        self.follow_up.setChecked(False)
        self.follow_type = QComboBox()
        for t in types:
            self.follow_type.addItem(t.name, t.id)
        self.follow_type.setCurrentIndex(max(self.follow_type.findData(info.draft.type_id), 0))
        self.follow_subject = QLineEdit(self.tr("Follow-up: {}").format(info.draft.subject))
        self.follow_when = QDateTimeEdit()
        self.follow_when.setCalendarPopup(True)
        formats.set_up_date_edit(self.follow_when, with_time=True)
        next_week = datetime.now().replace(hour=9, minute=0, second=0, microsecond=0)
        self.follow_when.setDateTime(QDateTime(next_week + timedelta(days=7)))
        follow_form = QFormLayout(self.follow_up)
        follow_form.addRow(self.tr("Type:"), self.follow_type)
        follow_form.addRow(self.tr("Subject:"), self.follow_subject)
        follow_form.addRow(self.tr("When:"), self.follow_when)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Result:"), self.result)
        form.addRow(self.tr("Notes:"), self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.follow_up)
        layout.addWidget(buttons)
        self.result.setFocus()

    def value(self) -> CompletionInput:
        follow_up = None
        if self.follow_up.isChecked():
            start = recurrence.to_utc(self.follow_when.dateTime().toPython(), self._tz)
            d = self._info.draft
            length = (
                (d.ends_at - d.starts_at) if d.starts_at and d.ends_at else timedelta(minutes=15)
            )
            follow_up = ActivityDraft(
                type_id=self.follow_type.currentData(),
                subject=self.follow_subject.text(),
                contact_ids=d.contact_ids,
                starts_at=start,
                ends_at=start + length,
                priority=d.priority,
                location=d.location,
            )
        return CompletionInput(
            self.result.currentText().strip(), self.notes.toPlainText().strip(), follow_up
        )


def open_complete_dialog(
    parent: QWidget,
    db: Database,
    bus: ChangeBus,
    undo_stack: QUndoStack,
    activity_id: int,
    tz: tzinfo,
    original_start: datetime | None = None,
) -> CompleteDialog:
    """Open the dialog (non-modal); on OK complete through the service, undoably."""
    info = activities.get_activity(db, activity_id)
    dialog = CompleteDialog(info, activities.activity_types(db), tz, parent)

    def on_accepted() -> None:
        try:
            command = CompleteActivityCommand.completed(
                db, bus, activity_id, original_start, dialog.value()
            )
        except RapportError as exc:
            QMessageBox.warning(parent, dialog.windowTitle(), str(exc))
            return
        undo_stack.push(command)

    dialog.accepted.connect(on_accepted)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
