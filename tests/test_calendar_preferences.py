"""The calendar follows Edit > Preferences: the week and the month start on the user's first
day of the week, the shaded hours are the user's working day, and both apply at once when
Preferences is saved, with the calendar already open."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QDialogButtonBox

from desktop.models import formats
from desktop.store.database import Database
from desktop.views.areas import AREAS
from desktop.views.calendar_time_grid import GUTTER
from desktop.views.calendar_view import CalendarView
from desktop.views.main_window import MainWindow
from desktop.views.preferences_dialog import PreferencesDialog
from desktop.views.settings import Settings


@pytest.fixture
def calendar(qtbot, db: Database) -> Iterator[CalendarView]:
    window = MainWindow(db, Settings(), areas=AREAS)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    view = window.show_area("calendar")
    assert isinstance(view, CalendarView)
    view.go_to(date(2026, 12, 2))  # a Wednesday
    yield view
    formats.configure("locale")


def _shaded(view: CalendarView, hour: float) -> bool:
    """Whether the grid paints `hour` as outside the working day (in a column not today)."""
    grid = view.day_week.grid
    column = 0 if grid.first_day != grid.today else 1
    image = grid.grab().toImage()
    x = int(GUTTER + column * grid.column_width() + grid.column_width() - 4)
    y = int(grid.y_of(hour * 60)) + 3
    return image.pixelColor(x, y) == grid.palette().alternateBase().color()


def _save_preferences(qtbot, monkeypatch, first_day: int, start: QTime, end: QTime) -> None:
    def fill_in(dialog: PreferencesDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.first_day.setCurrentIndex(dialog.first_day.findData(first_day))
        dialog.work_start.setTime(start)
        dialog.work_end.setTime(end)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(PreferencesDialog, "exec", fill_in)


def test_first_day_and_work_hours_apply_at_once(qtbot, calendar, monkeypatch) -> None:
    window = calendar.window()
    assert calendar.visible_range() == (date(2026, 11, 30), 7)  # the C locale: Monday
    assert _shaded(calendar, 7.5) and not _shaded(calendar, 8.5)  # 08:00-18:00 by default
    assert _shaded(calendar, 18.5)

    _save_preferences(qtbot, monkeypatch, 7, QTime(9, 0), QTime(17, 30))
    window.menu_actions["Preferences"].trigger()

    assert calendar.visible_range() == (date(2026, 11, 29), 7)  # the Sunday before
    assert calendar.day_week.band.first_day == date(2026, 11, 29)
    assert calendar.navigator.firstDayOfWeek() == Qt.DayOfWeek.Sunday
    assert _shaded(calendar, 8.5) and not _shaded(calendar, 9.5)
    assert _shaded(calendar, 17.75) and not _shaded(calendar, 17.25)
    calendar.set_mode("work_week")  # Monday to Friday whatever the week's first day
    assert calendar.visible_range() == (date(2026, 11, 30), 5)
    calendar.set_mode("month")
    assert calendar.month.first_day == date(2026, 11, 29)
    assert calendar.month.heading(0) == "Sun"
    assert calendar.navigator.selectedDate() == QDate(2026, 12, 2)


def test_a_calendar_opened_later_starts_with_the_users_choices(qtbot, db) -> None:
    settings = Settings()
    settings.first_day_of_week = 6
    settings.work_day_start, settings.work_day_end = 7 * 60 + 30, 16 * 60
    window = MainWindow(db, settings, areas=AREAS)
    qtbot.addWidget(window)
    try:
        view = window.show_area("calendar")
        view.go_to(date(2026, 12, 2))
        assert view.visible_range() == (date(2026, 11, 28), 7)  # Saturday
        assert view.day_week.grid.work_day == (7 * 60 + 30, 16 * 60)
    finally:
        formats.configure("locale")
