"""The calendar as a user drives it: schedule through the dialog, drag blocks, complete a call
and find it on the contact's card, switch views."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from activity_fixtures import add_contact, schedule, type_id
from exchange_support import REALDATA
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from desktop.services.activities import get_activity, schedule_activity
from desktop.services.activity_values import ActivityDraft
from desktop.services.changes import Changes
from desktop.services.recurrence import Frequency, to_utc, zone
from desktop.views.calendar_view import CalendarView
from desktop.views.change_bus import ChangeBus
from desktop.views.ics_import_runner import IcsImportRunner
from desktop.views.schedule_dialog import ScheduleDialog

BERLIN = zone("Europe/Berlin")


def berlin(*parts: int) -> datetime:
    return to_utc(datetime(*parts), BERLIN)


@pytest.fixture
def view(qtbot, db):
    widget = CalendarView(db, ChangeBus(), QUndoStack(), "Europe/Berlin")
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown_blocks(view: CalendarView) -> list[tuple[date, str, str]]:
    """(day, 'HH:MM' from the block's position, subject) of every block painted in the grid."""
    grid = view.day_week.grid
    found = []
    for block in grid.blocks():
        day = grid.first_day + timedelta(days=block.day)
        when = f"{block.start_minute // 60:02d}:{block.start_minute % 60:02d}"
        found.append((day, when, view.model.entry(block.row).occurrence.subject))
    return sorted(found)


def click_ok(qtbot, dialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def test_weekly_meeting_scheduled_in_the_dialog_shows_on_three_consecutive_weeks(qtbot, db, view):
    add_contact(db, "Anna", "Schmidt")
    view.go_to(date(2026, 3, 16))  # the third week crosses the change to summer time
    dialog = view.new_activity(datetime(2026, 3, 16, 9, 0))
    dialog.set_type(type_id(db, "Meeting"))
    qtbot.keyClicks(dialog.subject, "Pipeline review")
    assert dialog.contacts.pick("schmi")
    dialog.repeat.frequency.setCurrentIndex(dialog.repeat.frequency.findData(Frequency.WEEKLY))
    dialog.repeat.after.setChecked(True)
    dialog.repeat.count.setValue(3)
    click_ok(qtbot, dialog)

    for monday in (date(2026, 3, 16), date(2026, 3, 23), date(2026, 3, 30)):
        assert shown_blocks(view) == [(monday, "09:00", "Pipeline review")]
        view.go_next()
    assert shown_blocks(view) == []
    view.undo_stack.undo()  # scheduling is undoable
    view.go_to(date(2026, 3, 16))
    assert shown_blocks(view) == []


def test_conflict_warning_in_the_dialog(qtbot, db, view):
    schedule(db, "Dentist", berlin(2026, 3, 17, 10), berlin(2026, 3, 17, 11))
    dialog = view.new_activity(datetime(2026, 3, 17, 10, 30))
    assert dialog.conflict.text() == "Overlaps: 10:00 Dentist"
    dialog.set_start(datetime(2026, 3, 17, 11, 0))
    assert dialog.conflict.text() == ""
    dialog.reject()


def drag(grid, start: QPoint, end: QPoint) -> None:
    QTest.mousePress(grid, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(grid, start + (end - start) / 2)
    QTest.mouseMove(grid, end)
    QTest.mouseRelease(grid, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_drag_a_block_two_hours_later_and_a_day_on_then_undo(qtbot, db, view):
    demo = schedule(db, "Demo", berlin(2026, 3, 17, 10), berlin(2026, 3, 17, 11))
    view.go_to(date(2026, 3, 17))
    grid = view.day_week.grid
    [block] = grid.blocks()
    center = grid.block_rect(block).center().toPoint()
    down = QPoint(int(grid.column_width()), 2 * grid.hour_height)
    drag(grid, center, center + down)
    moved = get_activity(db, demo.id).draft
    assert (moved.starts_at, moved.ends_at) == (berlin(2026, 3, 18, 12), berlin(2026, 3, 18, 13))
    assert shown_blocks(view) == [(date(2026, 3, 18), "12:00", "Demo")]
    view.undo_stack.undo()
    assert get_activity(db, demo.id).draft.starts_at == berlin(2026, 3, 17, 10)
    assert shown_blocks(view) == [(date(2026, 3, 17), "10:00", "Demo")]


def test_drag_the_bottom_edge_to_make_it_longer(qtbot, db, view):
    demo = schedule(db, "Demo", berlin(2026, 3, 17, 10), berlin(2026, 3, 17, 11))
    view.go_to(date(2026, 3, 17))
    grid = view.day_week.grid
    [block] = grid.blocks()
    rect = grid.block_rect(block)
    edge = QPoint(int(rect.center().x()), int(rect.bottom()) - 2)
    drag(grid, edge, edge + QPoint(0, grid.hour_height // 2))
    resized = get_activity(db, demo.id).draft
    assert (resized.starts_at, resized.ends_at) == (
        berlin(2026, 3, 17, 10),
        berlin(2026, 3, 17, 11, 30),
    )


def test_dragging_one_occurrence_of_a_series_moves_only_that_one(qtbot, db, view):
    series = schedule(db, "Stand-up", berlin(2026, 3, 16, 9), berlin(2026, 3, 16, 9, 30),
                      rrule="FREQ=DAILY;COUNT=5", tzid="Europe/Berlin")  # fmt: skip
    # as every writer does: the calendar keeps series between page switches until told
    view.bus.announce(Changes.of(activities=[series.id]))
    view.go_to(date(2026, 3, 16))
    grid = view.day_week.grid
    tuesday = next(b for b in grid.blocks() if b.day == 1)
    center = grid.block_rect(tuesday).center().toPoint()
    drag(grid, center, center + QPoint(0, grid.hour_height))
    assert [when for _, when, _ in shown_blocks(view)] == [
        "09:00",
        "10:00",
        "09:00",
        "09:00",
        "09:00",
    ]


def test_month_view_lists_a_days_activities_and_a_double_click_opens_the_day(qtbot, db, view):
    schedule(
        db, "Trade fair call", berlin(2026, 3, 12, 14), berlin(2026, 3, 12, 14, 15), kind="Call"
    )
    view.go_to(date(2026, 3, 12))
    view.set_mode("month")
    assert view.title.text() == "March 2026"
    month = view.month
    cell = (date(2026, 3, 12) - month.first_day).days
    rows, more = month.visible_rows(cell)
    assert [view.model.entry(r).occurrence.subject for r in rows] == [
        "Trade fair call"
    ] and more == 0
    empty = month.cell_rect(cell).bottomRight().toPoint() - QPoint(5, 5)
    QTest.mouseDClick(month, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, empty)
    assert view.mode == "day" and view.visible_range() == (date(2026, 3, 12), 1)
    assert shown_blocks(view) == [(date(2026, 3, 12), "14:00", "Trade fair call")]


def test_today_button_and_navigator(qtbot, db, view):
    view.set_mode("work_week")
    view.go_to(date(2020, 1, 1))
    assert view.visible_range() == (date(2019, 12, 30), 5)
    qtbot.mouseClick(view.today_button, Qt.MouseButton.LeftButton)
    first, days = view.visible_range()
    assert first <= view.today() < first + timedelta(days=days)


def test_edit_one_occurrence_then_the_whole_series_through_the_dialog(qtbot, db, view, monkeypatch):
    series = schedule(db, "Stand-up", berlin(2026, 3, 16, 9), berlin(2026, 3, 16, 9, 30),
                      rrule="FREQ=DAILY;COUNT=3", tzid="Europe/Berlin")  # fmt: skip
    view.bus.announce(Changes.of(activities=[series.id]))
    view.go_to(date(2026, 3, 16))
    grid = view.day_week.grid
    scope = "occurrence"
    monkeypatch.setattr(CalendarView, "ask_scope", classmethod(lambda cls, parent, subject: scope))

    tuesday = next(b for b in grid.blocks() if b.day == 1)
    where = grid.block_rect(tuesday).center().toPoint()
    QTest.mouseDClick(grid, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
    dialog = view.findChild(ScheduleDialog)
    assert dialog.subject.text() == "Stand-up" and not dialog.repeat.isEnabled()
    dialog.subject.setText("Stand-up with the boss")
    dialog.set_start(datetime(2026, 3, 17, 11, 0))
    click_ok(qtbot, dialog)
    assert shown_blocks(view) == [
        (date(2026, 3, 16), "09:00", "Stand-up"),
        (date(2026, 3, 17), "11:00", "Stand-up with the boss"),
        (date(2026, 3, 18), "09:00", "Stand-up"),
    ]

    scope = "series"
    monday = next(b for b in grid.blocks() if b.day == 0)
    where = grid.block_rect(monday).center().toPoint()
    QTest.mouseDClick(grid, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
    dialog = next(d for d in view.findChildren(ScheduleDialog) if d.isVisible())
    assert dialog.repeat.isEnabled() and dialog.repeat.count.value() == 3
    dialog.subject.setText("Daily stand-up")
    click_ok(qtbot, dialog)
    assert [subject for _, _, subject in shown_blocks(view)] == [
        "Daily stand-up",
        "Stand-up with the boss",
        "Daily stand-up",
    ]


def test_complete_a_series_occurrence_from_the_calendar_keeps_the_rest_open(qtbot, db, view):
    anna = add_contact(db, "Anna", "Schmidt")
    series = schedule(db, "Stand-up", berlin(2026, 3, 16, 9), berlin(2026, 3, 16, 9, 30),
                      contacts=(anna,), rrule="FREQ=DAILY;COUNT=3",
                      tzid="Europe/Berlin")  # fmt: skip
    view.bus.announce(Changes.of(activities=[series.id]))
    view.go_to(date(2026, 3, 16))
    row = next(r for r in range(view.model.rowCount()) if view.model.entry(r).start.day == 17)
    dialog = view.complete_activity(series.id, view.model.entry(row).occurrence)
    dialog.result.setCurrentText("Meeting held")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    statuses = [(e.start.day, e.occurrence.status) for e in view.model.entries()]
    assert statuses == [(16, "open"), (17, "done"), (18, "open")]


def test_import_an_ics_file_from_the_calendar(qtbot, db, view, monkeypatch):
    google = REALDATA / "ics" / "google_allday_rrule_exdate_broken__icalendar.ics"
    monkeypatch.setattr(CalendarView, "ask_ics_file", classmethod(lambda cls, parent: google))
    view.set_mode("month")
    view.go_to(date(2008, 3, 3))
    qtbot.mouseClick(view.import_button, Qt.MouseButton.LeftButton)
    runner = view.findChild(IcsImportRunner)
    with qtbot.waitSignal(runner.finished, timeout=20_000):
        pass
    assert runner.message.text() == f"{google.name}: 1 imported, 1 skipped"
    assert "'Wrong event' skipped" in runner.message.detailedText()
    runner.message.close()
    cell = (date(2008, 3, 11) - view.month.first_day).days
    assert view.month.visible_rows(cell) == ([], 0)  # the EXDATE
    rows, _ = view.month.visible_rows(cell + 1)
    assert [view.model.entry(r).occurrence.subject for r in rows] == ["Perfectly OK event"]


def test_keyboard_pages_and_plus_more_opens_the_day(qtbot, db, view):
    for minute in range(0, 60 * 8, 30):  # a crowded day: more than a month cell can list
        start = berlin(2026, 3, 12, 8) + timedelta(minutes=minute)
        schedule(db, f"Call {minute}", start, start + timedelta(minutes=15), kind="Call")
    view.set_mode("month")
    view.go_to(date(2026, 3, 12))
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert view.title.text() == "April 2026"
    QTest.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    month = view.month
    cell = (date(2026, 3, 12) - month.first_day).days
    rows, more = month.visible_rows(cell)
    assert more == 16 - len(rows) and more > 0
    rect = month.cell_rect(cell)
    plus_more = QPoint(int(rect.left()) + 20, int(rect.top()) + 17 * (len(rows) + 1) + 8)
    QTest.mouseClick(month, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, plus_more)
    assert view.mode == "day" and len(shown_blocks(view)) == 16


def test_all_day_items_run_across_the_band_on_top_of_the_week(qtbot, db, view):
    schedule_activity(db, ActivityDraft(type_id=type_id(db, "Meeting"), subject="Trade fair",
                                        all_day=True, start_date=date(2026, 3, 18),
                                        end_date=date(2026, 3, 21)))  # fmt: skip
    schedule(db, "Booth duty", berlin(2026, 3, 18, 10), berlin(2026, 3, 18, 12))
    view.go_to(date(2026, 3, 16))
    band = view.day_week.band
    [bar] = band.bars()
    assert (bar.first_day, bar.last_day) == (2, 4)  # Wednesday to Friday
    assert view.model.entry(bar.row).occurrence.subject == "Trade fair"
    assert shown_blocks(view) == [(date(2026, 3, 18), "10:00", "Booth duty")]  # not in the band
    rect = band.bar_rect(bar)
    grid_width = view.day_week.grid.column_width()
    assert abs(rect.width() - 3 * grid_width) < 8  # three day columns wide
