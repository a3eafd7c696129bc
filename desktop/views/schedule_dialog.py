"""Schedule (or edit) a call, meeting or to-do: type, subject, contacts, when, repeat, alarm.

The dialog only collects: `draft()` builds an ActivityDraft in UTC, and `submit` (given by
the caller) stores it through the service and the undo stack. A refusal keeps the dialog open
with the message, so nothing typed is lost. Overlaps with other open activities are shown
as a warning while the user picks the time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo

from PySide6.QtCore import QDateTime, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import RapportError
from desktop.models import formats
from desktop.services import recurrence
from desktop.services.activity_lists import find_contacts
from desktop.services.activity_queries import conflicts
from desktop.services.activity_values import ActivityDraft, ActivityTypeInfo
from desktop.store.database import Database
from desktop.views.contact_picker import ContactPicker
from desktop.views.recurrence_editor import RecurrenceEditor

ALARMS = ((None, "No alarm"), (0, "At start"), (5, "5 minutes before"),
          (15, "15 minutes before"), (30, "30 minutes before"), (60, "1 hour before"),
          (24 * 60, "1 day before"))  # fmt: skip
PRIORITIES = ((1, "High"), (2, "Normal"), (3, "Low"))

Submit = Callable[[ActivityDraft], None]


class ScheduleDialog(QDialog):
    def __init__(
        self,
        db: Database,
        types: list[ActivityTypeInfo],
        tz: tzinfo,
        tzid: str,
        submit: Submit,
        parent: QWidget | None = None,
        *,
        exclude_id: int | None = None,
        occurrence_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self._db, self._tz, self._tzid, self._submit = db, tz, tzid, submit
        self._exclude_id = exclude_id
        self._uid = ""
        self.setWindowTitle(self.tr("Schedule activity"))
        self.type = QComboBox()
        for t in types:
            self.type.addItem(t.name, t.id)
        self.subject = QLineEdit()
        self.contacts = ContactPicker(lambda text: find_contacts(db, text))
        self.all_day = QCheckBox(self.tr("All day"))
        self.start = QDateTimeEdit()
        self.start.setCalendarPopup(True)
        formats.set_up_date_edit(self.start, with_time=True)
        self.duration = QSpinBox()
        self.duration.setRange(0, 31 * 24 * 60)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(self.tr(" min"))
        self.duration.setValue(60)
        self.end = QDateTimeEdit()
        self.end.setCalendarPopup(True)
        formats.set_up_date_edit(self.end, with_time=True)
        self.priority = QComboBox()
        for value, label in PRIORITIES:
            self.priority.addItem(self.tr(label), value)
        self.priority.setCurrentIndex(1)
        self.location = QLineEdit()
        self.regarding = QPlainTextEdit()
        self.regarding.setMaximumHeight(70)
        self.alarm = QComboBox()
        for minutes, label in ALARMS:
            self.alarm.addItem(self.tr(label), minutes)
        self.repeat = RecurrenceEditor()
        self.repeat.setEnabled(not occurrence_only)
        self.conflict = QLabel()
        self.conflict.setObjectName("conflict_warning")
        self.conflict.setStyleSheet("color: #b71c1c")
        self.conflict.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Type:"), self.type)
        form.addRow(self.tr("Subject:"), self.subject)
        form.addRow(self.tr("With:"), self.contacts)
        form.addRow("", self.all_day)
        form.addRow(self.tr("Start:"), self.start)
        form.addRow(self.tr("Duration:"), self.duration)
        form.addRow(self.tr("End:"), self.end)
        form.addRow(self.tr("Priority:"), self.priority)
        form.addRow(self.tr("Location:"), self.location)
        form.addRow(self.tr("Regarding:"), self.regarding)
        form.addRow(self.tr("Alarm:"), self.alarm)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.repeat)
        layout.addWidget(self.conflict)
        layout.addWidget(self.buttons)

        self.start.dateTimeChanged.connect(self._on_start_changed)
        self.duration.valueChanged.connect(self._on_duration_changed)
        self.end.dateTimeChanged.connect(self._on_end_changed)
        self.all_day.toggled.connect(self._on_all_day_toggled)
        self.set_start(
            datetime.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        )

    # -- filling ----------------------------------------------------------------------------

    def set_start(self, local: datetime, minutes: int | None = None) -> None:
        if minutes is not None:
            self.duration.setValue(minutes)
        self.start.setDateTime(QDateTime(local))
        self.repeat.set_start(local.date())

    def set_type(self, type_id: int) -> None:
        self.type.setCurrentIndex(max(self.type.findData(type_id), 0))

    def load(self, draft: ActivityDraft, contact_labels: tuple[str, ...]) -> None:
        """Fill from a stored activity (times in the draft are UTC)."""
        self.set_type(draft.type_id)
        self.subject.setText(draft.subject)
        for contact_id, label in zip(draft.contact_ids, contact_labels, strict=False):
            self.contacts.add(contact_id, label)
        self.all_day.setChecked(draft.all_day)
        if draft.all_day and draft.start_date and draft.end_date:
            self.set_start(datetime.combine(draft.start_date, datetime.min.time()))
            last = draft.end_date - timedelta(days=1)
            self.end.setDateTime(QDateTime(datetime.combine(last, datetime.min.time())))
        elif draft.starts_at and draft.ends_at:
            start = recurrence.to_local(draft.starts_at, self._tz)
            self.set_start(start, int((draft.ends_at - draft.starts_at).total_seconds() // 60))
        self.priority.setCurrentIndex(max(self.priority.findData(draft.priority), 0))
        self.location.setText(draft.location)
        self.regarding.setPlainText(draft.regarding)
        self.alarm.setCurrentIndex(max(self.alarm.findData(draft.alarm_minutes), 0))
        start_date = draft.start_date or self.start.date().toPython()
        self.repeat.set_choice(
            recurrence.parse_recurrence(draft.rrule) if draft.rrule else None, start_date
        )
        self._tzid = draft.tzid if draft.rrule else self._tzid
        self._uid = draft.uid

    def set_read_only(self) -> None:
        """For a read-only window: every field shows but takes no change, and Close replaces
        OK/Cancel (an OK the database would refuse after the user typed is worse)."""
        for edit in (self.subject, self.location):
            edit.setReadOnly(True)
        self.regarding.setReadOnly(True)
        for widget in (self.type, self.contacts, self.all_day, self.start, self.duration,
                       self.end, self.priority, self.alarm, self.repeat):  # fmt: skip
            widget.setEnabled(False)
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.setWindowTitle(self.tr("{} (read-only)").format(self.windowTitle()))

    # -- reading ----------------------------------------------------------------------------

    def local_span(self) -> tuple[datetime, datetime]:
        return self.start.dateTime().toPython(), self.end.dateTime().toPython()

    def draft(self) -> ActivityDraft:
        start, end = self.local_span()
        start, end = start.replace(second=0, microsecond=0), end.replace(second=0, microsecond=0)
        choice = self.repeat.choice()
        all_day = self.all_day.isChecked()
        tz = None if all_day else recurrence.zone(self._tzid)
        rule = recurrence.build_rrule(choice, start.date(), tz) if choice else ""
        common = ActivityDraft(
            type_id=self.type.currentData(),
            subject=self.subject.text(),
            contact_ids=self.contacts.contact_ids(),
            all_day=all_day,
            tzid=self._tzid,
            rrule=rule,
            priority=self.priority.currentData(),
            location=self.location.text().strip(),
            regarding=self.regarding.toPlainText().strip(),
            alarm_minutes=self.alarm.currentData(),
            uid=self._uid,
        )
        if all_day:
            # The end field shows the last day; the store keeps the day after (exclusive).
            last = max(end.date(), start.date())
            return replace(common, start_date=start.date(), end_date=last + timedelta(days=1))
        return replace(
            common,
            starts_at=recurrence.to_utc(start, self._tz),
            ends_at=recurrence.to_utc(end, self._tz),
        )

    # -- slots --------------------------------------------------------------------------------

    def accept(self) -> None:
        try:
            self._submit(self.draft())
        except RapportError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        super().accept()

    @Slot()
    def _on_start_changed(self) -> None:
        self._sync_end()
        self.repeat.set_start(self.start.date().toPython())

    @Slot()
    def _on_duration_changed(self) -> None:
        self._sync_end()

    def _sync_end(self) -> None:
        self.end.blockSignals(True)
        self.end.setDateTime(self.start.dateTime().addSecs(self.duration.value() * 60))
        self.end.blockSignals(False)
        self._check_conflicts()

    @Slot()
    def _on_end_changed(self) -> None:
        minutes = max(self.start.dateTime().secsTo(self.end.dateTime()) // 60, 0)
        self.duration.blockSignals(True)
        self.duration.setValue(minutes)
        self.duration.blockSignals(False)
        self._check_conflicts()

    @Slot(bool)
    def _on_all_day_toggled(self, on: bool) -> None:
        fmt = formats.weekday_date_pattern() if on else formats.weekday_date_time_pattern()
        self.start.setDisplayFormat(fmt)
        self.end.setDisplayFormat(fmt)
        self.duration.setEnabled(not on)
        self._check_conflicts()

    def _check_conflicts(self) -> None:
        if self.all_day.isChecked():
            self.conflict.clear()
            return
        start, end = self.local_span()
        found = conflicts(
            self._db,
            recurrence.to_utc(start, self._tz),
            recurrence.to_utc(end, self._tz),
            self._tz,
            self._exclude_id,
        )
        if not found:
            self.conflict.clear()
            return
        names = "; ".join(
            f"{formats.time_of_day(recurrence.to_local(o.start, self._tz).time())} {o.subject}"
            for o in found[:3]
        )
        more = f" and {len(found) - 3} more" if len(found) > 3 else ""
        self.conflict.setText(self.tr("Overlaps: ") + names + more)
        self.conflict.setAlignment(Qt.AlignmentFlag.AlignLeft)
