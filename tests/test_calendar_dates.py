"""The calendar, its dialogs, the task list, reminders and the card's Activities tab write days
and times the one way the user's locale does (issue 15.7): a German user reads 'Fr. 04.12.2026
14:00' in the schedule dialog, the task list, a reminder and a tooltip alike, never 'Fri
04/12/2026' in one place and '2026-12-04' in the next."""

# ruff: noqa: F811 - pytest hands the imported fixture in as an argument of the same name
from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace

from activity_fixtures import add_contact, schedule
from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtGui import QUndoStack
from test_formats import locale_named  # noqa: F401 - the fixture the tests below take

from desktop.models.calendar_model import CalendarModel, tooltip
from desktop.services import activities
from desktop.services.activity_values import Alarm
from desktop.services.recurrence import zone
from desktop.views.calendar_view import CalendarView
from desktop.views.change_bus import ChangeBus
from desktop.views.complete_dialog import CompleteDialog
from desktop.views.contact_activities_tab import ContactActivitiesTab
from desktop.views.dialog_title import title_width
from desktop.views.reminders import ReminderDialog
from desktop.views.schedule_dialog import ScheduleDialog
from desktop.views.task_list_view import TaskListView

UTC_ZONE = zone("UTC")
FRIDAY = datetime(2026, 12, 4, 14, 0)


def test_the_schedule_dialog_writes_the_locales_date_and_time(qtbot, db, locale_named) -> None:
    locale_named("de_DE")
    dialog = ScheduleDialog(db, activities.activity_types(db), UTC_ZONE, "UTC", lambda _d: None)
    qtbot.addWidget(dialog)
    dialog.set_start(FRIDAY, 30)
    assert dialog.start.text() == "Fr. 04.12.2026 14:00"  # was 'Fri 04/12/2026 14:00'
    assert dialog.end.text() == "Fr. 04.12.2026 14:30"
    dialog.all_day.setChecked(True)
    assert dialog.start.text() == "Fr. 04.12.2026"
    assert dialog.start.calendarWidget().firstDayOfWeek() == Qt.DayOfWeek.Monday

    locale_named("en_US")
    dialog = ScheduleDialog(db, activities.activity_types(db), UTC_ZONE, "UTC", lambda _d: None)
    qtbot.addWidget(dialog)
    dialog.set_start(FRIDAY)
    assert dialog.start.text() == "Fri 12/4/2026 2:00\u202fPM"
    assert dialog.start.calendarWidget().firstDayOfWeek() == Qt.DayOfWeek.Sunday
    dialog.repeat.frequency.setCurrentIndex(2)
    dialog.repeat.until.setDate(QDate(2027, 3, 4))
    assert dialog.repeat.until.text() == "3/4/2027"  # was '4 03 2027'


def test_the_conflict_warning_writes_the_locales_time(qtbot, db, locale_named) -> None:
    locale_named("en_US")
    schedule(db, "Visit Müller", FRIDAY, FRIDAY + timedelta(hours=1))
    dialog = ScheduleDialog(db, activities.activity_types(db), UTC_ZONE, "UTC", lambda _d: None)
    qtbot.addWidget(dialog)
    dialog.set_start(FRIDAY + timedelta(minutes=30))
    assert dialog.conflict.text() == "Overlaps: 2:00\u202fPM Visit Müller"


def test_complete_dialog_follow_up_date_and_whole_title(qtbot, db, locale_named) -> None:
    locale_named("de_DE")
    subject = "Weekly pipeline review with the regional sales team meeting"
    info = schedule(db, subject, FRIDAY, FRIDAY + timedelta(hours=1))
    dialog = CompleteDialog(info, activities.activity_types(db), UTC_ZONE)
    qtbot.addWidget(dialog)
    dialog.follow_when.setDateTime(QDateTime(FRIDAY))
    assert dialog.follow_when.text() == "Fr. 04.12.2026 14:00"
    # issue 15.4: 'Complete: Week…eting' - the dialog asks for the width its title needs
    assert dialog.minimumWidth() >= title_width(f"Complete: {subject}")


def test_the_task_list_and_its_date_filters(qtbot, db, locale_named) -> None:
    locale_named("de_DE")
    schedule(db, "Send offer", FRIDAY, FRIDAY, kind="To-do")
    view = TaskListView(db, ChangeBus(), activities.activity_types(db), UTC_ZONE)
    qtbot.addWidget(view)
    assert view.model.index(0, 0).data() == "Fr. 04.12.2026 14:00"  # was 'Fri 04/12/2026 14:00'
    view.due_from.setDate(QDate(2026, 12, 4))
    assert view.due_from.text() == "04.12.2026"


def test_the_calendar_model_and_tooltip(db, locale_named) -> None:
    locale_named("en_US")
    schedule(db, "Visit Müller", FRIDAY, FRIDAY + timedelta(hours=1))
    model = CalendarModel(db, UTC_ZONE)
    model.set_range(date(2026, 11, 30), date(2026, 12, 7))
    assert model.index(0).data() == "2:00\u202fPM Visit Müller"
    when = tooltip(model.entry(0)).splitlines()[1]
    assert when == "Fri 12/4/2026 2:00\u202fPM \u2013 3:00\u202fPM"  # was '...14:00-15:00'


def test_a_reminder_names_its_day_like_everything_else(qtbot, locale_named) -> None:
    locale_named("de_DE")
    dialog = ReminderDialog(UTC_ZONE)
    qtbot.addWidget(dialog)
    alarm = Alarm(
        activity_id=1,
        subject="Call Anna",
        type_name="Call",
        start=FRIDAY,
        alarm_at=FRIDAY,
        all_day=False,
        original_start=None,
    )
    dialog.add(alarm, missed=False)
    assert dialog.texts() == ["Fr. 04.12.2026 14:00  Call: Call Anna"]  # was 'Thu 03 Dec'


def test_the_cards_activities_tab(qtbot, db, locale_named) -> None:
    locale_named("de_DE")
    anna = add_contact(db, "Anna", "Schmidt")
    schedule(db, "Visit", FRIDAY, FRIDAY + timedelta(hours=1), contacts=(anna,))
    context = SimpleNamespace(db=db, bus=ChangeBus(), undo_stack=QUndoStack(), window=None)
    tab = ContactActivitiesTab(context)  # type: ignore[arg-type]
    qtbot.addWidget(tab)
    tab.tzid = "UTC"
    tab.set_contact(anna)
    assert tab.model.index(0, 0).data() == "04.12.2026 14:00"  # was '2026-12-04 14:00'


def test_the_calendars_titles_and_headings(qtbot, db, locale_named) -> None:
    locale_named("de_DE")
    view = CalendarView(db, ChangeBus(), QUndoStack(), "UTC")
    qtbot.addWidget(view)
    view.go_to(date(2026, 12, 4))
    assert view.title.text() == "30.11.2026 \u2013 06.12.2026"  # was '30 Nov - 06 Dec 2026'
    view.set_mode("day")
    assert view.title.text() == "Freitag, 4. Dezember 2026"
    assert view.day_week.band.heading(0) == "Fr. 04.12.2026"  # was 'Fri 4/12'
    view.set_mode("week")
    view.resize(760, 600)  # a week in a narrow window: day name and number
    view.show()
    qtbot.waitExposed(view)
    assert view.day_week.band.heading(0) == "Mo. 30"
    view.set_mode("month")
    assert view.title.text() == "Dezember 2026"
    assert view.month.heading(0) == "Mo."
