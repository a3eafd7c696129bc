"""Alarms while Rapport runs, and the ones missed while it was closed.

A QTimer asks the service for due alarms every half minute. Each new one is announced with a
system tray message where the platform has a tray, and listed in a non-modal Reminders window
(always: a tray message cannot offer Snooze) with Snooze, Open and Dismiss. Dismiss records the
acknowledgement in the database, so a dismissed alarm is not shown again at the next start;
a snoozed one comes back after the chosen minutes (or at the next start if Rapport is closed
meanwhile: it was never acknowledged).
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QIcon, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from desktop.models.formats import date_time, weekday_date
from desktop.services import recurrence
from desktop.services.activities import acknowledge_alarm
from desktop.services.activity_lists import due_alarms
from desktop.services.activity_values import Alarm
from desktop.store.database import Database
from desktop.store.entities import utcnow

if TYPE_CHECKING:
    from desktop.views.main_window import MainWindow

CHECK_INTERVAL_MS = 30_000
SNOOZE_MINUTES = (5, 10, 15, 30, 60)

_Key = tuple[int, datetime | None]


def _key(alarm: Alarm) -> _Key:
    return (alarm.activity_id, alarm.original_start)


class ReminderDialog(QDialog):
    """The list of alarms that rang; stays open beside the work (non-modal)."""

    snoozed = Signal(object, int)
    opened = Signal(object)
    dismissed = Signal(object)

    def __init__(self, tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self.setWindowTitle(self.tr("Reminders"))
        self.setModal(False)
        self.alarms = QStandardItemModel(self)
        self.list = QListView()
        self.list.setModel(self.alarms)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.snooze_minutes = QComboBox()
        for minutes in SNOOZE_MINUTES:
            self.snooze_minutes.addItem(self.tr("{} minutes").format(minutes), minutes)
        self.snooze_button = QPushButton(self.tr("Snooze"))
        self.open_button = QPushButton(self.tr("Open"))
        self.dismiss_button = QPushButton(self.tr("Dismiss"))
        self.snooze_button.clicked.connect(self._on_snooze_clicked)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.dismiss_button.clicked.connect(self._on_dismiss_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(self.tr("Snooze for")))
        buttons.addWidget(self.snooze_minutes)
        buttons.addWidget(self.snooze_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.resize(460, 240)

    def add(self, alarm: Alarm, missed: bool) -> None:
        start = alarm.start if alarm.all_day else recurrence.to_local(alarm.start, self._tz)
        when = weekday_date(start) if alarm.all_day else date_time(start, weekday=True)
        text = f"{when}  {alarm.type_name}: {alarm.subject}"
        item = QStandardItem(text + (self.tr("  (missed)") if missed else ""))
        item.setData(alarm, Qt.ItemDataRole.UserRole)
        self.alarms.appendRow(item)
        if self.list.currentIndex().row() < 0:
            self.list.setCurrentIndex(self.alarms.index(0, 0))

    def texts(self) -> list[str]:
        return [self.alarms.item(r).text() for r in range(self.alarms.rowCount())]

    def _take_current(self) -> Alarm | None:
        index = self.list.currentIndex()
        if not index.isValid():
            return None
        alarm: Alarm = index.data(Qt.ItemDataRole.UserRole)
        self.alarms.removeRow(index.row())
        if self.alarms.rowCount() == 0:
            self.hide()
        return alarm

    @Slot()
    def _on_snooze_clicked(self) -> None:
        alarm = self._take_current()
        if alarm is not None:
            self.snoozed.emit(alarm, self.snooze_minutes.currentData())

    @Slot()
    def _on_open_clicked(self) -> None:
        alarm = self._take_current()
        if alarm is not None:
            self.opened.emit(alarm)

    @Slot()
    def _on_dismiss_clicked(self) -> None:
        alarm = self._take_current()
        if alarm is not None:
            self.dismissed.emit(alarm)


class ReminderCenter(QObject):
    """Owns the timer, the tray icon (if any) and the Reminders window."""

    #: activity id, original start of the occurrence (None for a single activity)
    open_requested = Signal(int, object)

    def __init__(self, db: Database, parent: QWidget, tz: tzinfo | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._tz = tz or recurrence.zone(recurrence.local_zone_name())
        self._shown: set[_Key] = set()
        self._snoozed: dict[_Key, datetime] = {}
        self._started_at = utcnow()
        self.dialog = ReminderDialog(self._tz, parent)
        self.dialog.snoozed.connect(self._on_snoozed)
        self.dialog.opened.connect(self._on_opened)
        self.dialog.dismissed.connect(self._on_dismissed)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(QIcon.fromTheme("x-office-calendar"), self)
            self.tray.messageClicked.connect(self._on_tray_message_clicked)
            self.tray.show()
        self._last: Alarm | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> list[Alarm]:
        """Show what was missed while closed, then keep checking."""
        found = self.check()
        self.timer.start()
        return found

    @Slot()
    def check(self, now: datetime | None = None) -> list[Alarm]:
        """Announce alarms due and not yet shown (or whose snooze ran out); returns them."""
        now = now or utcnow()
        fresh = []
        for alarm in due_alarms(self._db, self._tz, now):
            key = _key(alarm)
            until = self._snoozed.get(key)
            if key in self._shown and (until is None or until > now):
                continue
            self._snoozed.pop(key, None)
            self._shown.add(key)
            fresh.append(alarm)
            self.dialog.add(alarm, missed=alarm.alarm_at < self._started_at - timedelta(minutes=1))
        if fresh:
            self._announce(fresh)
        return fresh

    def _announce(self, fresh: list[Alarm]) -> None:
        self._last = fresh[-1]
        if self.tray is not None:
            subject = (
                fresh[0].subject if len(fresh) == 1 else self.tr("{} reminders").format(len(fresh))
            )
            self.tray.showMessage(self.tr("Rapport reminder"), subject)
        self.dialog.show()

    @Slot(object, int)
    def _on_snoozed(self, alarm: Alarm, minutes: int) -> None:
        self._snoozed[_key(alarm)] = utcnow() + timedelta(minutes=minutes)

    def _acknowledge(self, alarm: Alarm) -> None:
        # Never earlier than the alarm itself: "seen" must cover the alarm that was shown even
        # when the clock says it rang a moment from now (a check run with a later `now`).
        acknowledge_alarm(self._db, alarm.activity_id, max(utcnow(), alarm.alarm_at))

    @Slot(object)
    def _on_opened(self, alarm: Alarm) -> None:
        self._acknowledge(alarm)
        self.open_requested.emit(alarm.activity_id, alarm.original_start)

    @Slot(object)
    def _on_dismissed(self, alarm: Alarm) -> None:
        self._acknowledge(alarm)

    @Slot()
    def _on_tray_message_clicked(self) -> None:
        if self._last is not None:
            self.open_requested.emit(self._last.activity_id, self._last.original_start)


def install_reminders(window: MainWindow) -> ReminderCenter:
    """Start alarms for the window's database; Open shows the activity in the Calendar area.
    Called once by the application after the main window is shown."""
    center = ReminderCenter(window.db, window)

    def on_open_requested(activity_id: int, original_start: datetime | None) -> None:
        calendar = window.show_area("calendar")
        calendar.open_activity(activity_id, original_start)  # type: ignore[attr-defined]

    center.open_requested.connect(on_open_requested)
    center.start()
    return center
