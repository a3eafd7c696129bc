"""Opening a reminder of one occurrence of a series asks 'this occurrence or the whole
series' as the calendar does (issue 15.3), and opens what was chosen."""

from __future__ import annotations

from datetime import timedelta

from activity_fixtures import schedule

from desktop.services.recurrence import to_local, zone
from desktop.store.entities import utcnow
from desktop.views.areas import AREAS
from desktop.views.calendar_view import CalendarView
from desktop.views.main_window import MainWindow
from desktop.views.reminders import install_reminders
from desktop.views.schedule_dialog import ScheduleDialog
from desktop.views.settings import Settings


def _series_ringing(db, monkeypatch) -> tuple[MainWindow, object]:
    monkeypatch.setenv("TZ", "UTC")  # the calendar shows times in the user's zone
    now = utcnow().replace(second=0, microsecond=0)
    # every ten days: the occurrence before this one rang beyond the week reminders look back
    first = now - timedelta(days=10) + timedelta(minutes=5)
    schedule(db, "Status call", first, first + timedelta(minutes=15),
             rrule="FREQ=DAILY;INTERVAL=10", tzid="UTC", alarm_minutes=60)  # fmt: skip
    window = MainWindow(db, Settings(), areas=AREAS)
    return window, first + timedelta(days=10)


def test_a_reminder_of_an_occurrence_asks_and_opens_that_occurrence(qtbot, db, monkeypatch):
    window, ringing = _series_ringing(db, monkeypatch)
    qtbot.addWidget(window)
    asked = []

    def ask(cls, parent, subject):
        asked.append(subject)
        return "occurrence"

    monkeypatch.setattr(CalendarView, "ask_scope", classmethod(ask))
    center = install_reminders(window)
    center.dialog.open_button.click()
    assert asked == ["Status call"]
    dialog = window.findChild(ScheduleDialog)
    assert dialog is not None and dialog.subject.text() == "Status call"
    shown = dialog.start.dateTime().toPython()
    assert shown == to_local(ringing, zone("UTC"))  # the one that rang, not the first


def test_choosing_cancel_opens_nothing(qtbot, db, monkeypatch):
    window, _ = _series_ringing(db, monkeypatch)
    qtbot.addWidget(window)
    monkeypatch.setattr(CalendarView, "ask_scope", classmethod(lambda cls, p, s: None))
    center = install_reminders(window)
    center.dialog.open_button.click()
    assert window.findChild(ScheduleDialog) is None
