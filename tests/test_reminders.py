"""Alarms: missed while closed shown at start, ringing while running, snooze, open, dismiss."""

from __future__ import annotations

from datetime import timedelta

from activity_fixtures import schedule
from PySide6.QtWidgets import QWidget

from desktop.services.recurrence import zone
from desktop.store.entities import utcnow
from desktop.views.areas import AREAS
from desktop.views.main_window import MainWindow
from desktop.views.reminders import ReminderCenter, install_reminders
from desktop.views.schedule_dialog import ScheduleDialog
from desktop.views.settings import Settings

UTC_ZONE = zone("UTC")


def test_a_missed_alarm_shows_at_start_can_be_snoozed_then_opened(qtbot, db):
    now = utcnow()
    call = schedule(
        db,
        "Call Anna",
        now + timedelta(minutes=5),
        now + timedelta(minutes=15),
        kind="Call",
        alarm_minutes=15,
    )  # fmt: skip  (the alarm rang 10 minutes ago)
    parent = QWidget()
    qtbot.addWidget(parent)
    center = ReminderCenter(db, parent, UTC_ZONE)
    assert [a.subject for a in center.start()] == ["Call Anna"]
    assert center.dialog.isVisible()
    assert center.dialog.texts()[0].endswith("Call: Call Anna  (missed)")
    assert center.check() == []  # shown once, not every half minute

    center.dialog.snooze_minutes.setCurrentIndex(0)  # 5 minutes
    center.dialog.snooze_button.click()
    assert center.dialog.texts() == [] and not center.dialog.isVisible()
    assert center.check(utcnow() + timedelta(minutes=3)) == []
    assert [a.subject for a in center.check(utcnow() + timedelta(minutes=6))] == ["Call Anna"]

    with qtbot.waitSignal(center.open_requested) as opened:
        center.dialog.open_button.click()
    assert opened.args == [call.id, None]
    # opened means seen: the next start shows nothing
    assert ReminderCenter(db, parent, UTC_ZONE).start() == []


def test_an_alarm_rings_while_running_and_dismiss_keeps_it_quiet(qtbot, db):
    now = utcnow()
    schedule(db, "Board meeting", now + timedelta(minutes=31), now + timedelta(minutes=90),
             alarm_minutes=30)  # fmt: skip
    parent = QWidget()
    qtbot.addWidget(parent)
    center = ReminderCenter(db, parent, UTC_ZONE)
    assert center.start() == []
    [alarm] = center.check(now + timedelta(minutes=2))
    assert alarm.subject == "Board meeting"
    assert "(missed)" not in center.dialog.texts()[0]
    center.dialog.dismiss_button.click()
    assert ReminderCenter(db, parent, UTC_ZONE).check(now + timedelta(minutes=3)) == []


def test_open_from_a_reminder_shows_the_activity_in_the_calendar(qtbot, db):
    now = utcnow()
    schedule(db, "Visit Müller GmbH", now + timedelta(minutes=5), now + timedelta(minutes=65),
             alarm_minutes=60)  # fmt: skip
    window = MainWindow(db, Settings(), areas=AREAS)
    qtbot.addWidget(window)
    center = install_reminders(window)
    assert center.dialog.texts()[0].endswith("Meeting: Visit Müller GmbH  (missed)")
    center.dialog.open_button.click()
    assert window.current_area_key() == "calendar"
    dialog = window.findChild(ScheduleDialog)
    assert dialog is not None and dialog.subject.text() == "Visit Müller GmbH"
