"""The calendar in the read-only second window (issue 15.9): activities open to be read, and
nothing offers a change the database would refuse - no New activity, no import, no drag, no
Complete/Clear/Delete, no Schedule on the card's Activities tab."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from activity_fixtures import add_contact, schedule
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QMenu, QMessageBox

from desktop.services.activity_completion import complete_activity
from desktop.store.database import Database, open_database
from desktop.views.calendar_view import CalendarView
from desktop.views.change_bus import ChangeBus
from desktop.views.complete_dialog import CompleteDialog
from desktop.views.contact_activities_tab import ContactActivitiesTab
from desktop.views.schedule_dialog import ScheduleDialog

MONDAY = datetime(2026, 3, 16, 10)


@pytest.fixture
def readonly_db(tmp_path: Path) -> Iterator[Database]:
    writable = open_database(tmp_path / "shared.db")
    anna = add_contact(writable, "Anna", "Schmidt")
    schedule(writable, "Visit", MONDAY, MONDAY + timedelta(hours=1), contacts=(anna,))
    writable.close()
    database = open_database(tmp_path / "shared.db", readonly=True)
    yield database
    database.close()


@pytest.fixture
def calendar(qtbot, readonly_db: Database) -> CalendarView:
    view = CalendarView(readonly_db, ChangeBus(), QUndoStack(), "UTC")
    qtbot.addWidget(view)
    view.resize(1100, 800)
    view.show()
    qtbot.waitExposed(view)
    view.go_to(date(2026, 3, 16))
    return view


def test_the_calendar_offers_no_new_activity_import_or_complete(calendar: CalendarView) -> None:
    assert not calendar.new_button.isEnabled()
    assert not calendar.import_button.isEnabled()
    assert not calendar.tasks.complete_button.isEnabled()


def test_a_block_neither_drags_nor_does_empty_time_open_a_new_activity(
    qtbot, calendar: CalendarView, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused: list[str] = []  # before the fix the drag ended in 'read-only' from the database
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: refused.append(text))
    grid = calendar.day_week.grid
    [block] = grid.blocks()
    start = grid.block_rect(block).center().toPoint()
    moved: list[object] = []
    grid.occurrence_moved.connect(lambda *args: moved.append(args))
    QTest.mousePress(grid, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(grid, start + QPoint(0, 60))
    QTest.mouseMove(grid, start + QPoint(0, 120))
    QTest.mouseRelease(
        grid, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(0, 120)
    )
    assert moved == [] and refused == [] and calendar.undo_stack.count() == 0
    empty = QPoint(int(grid.block_rect(block).center().x()), int(grid.y_of(15 * 60)))
    QTest.mouseDClick(grid, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, empty)
    assert calendar.findChildren(ScheduleDialog) == []


def test_the_context_menu_only_opens_and_the_dialog_only_shows(
    qtbot, calendar: CalendarView, monkeypatch: pytest.MonkeyPatch
) -> None:
    offered: list[list[str]] = []
    monkeypatch.setattr(
        QMenu, "popup", lambda menu, _where: offered.append([a.text() for a in menu.actions()])
    )
    calendar._on_context_requested(0, QPoint(10, 10))
    assert offered == [["Open…"]]  # no Complete…, Clear…, Delete…

    grid = calendar.day_week.grid
    [block] = grid.blocks()
    where = grid.block_rect(block).center().toPoint()
    QTest.mouseDClick(grid, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
    [dialog] = calendar.findChildren(ScheduleDialog)
    assert dialog.subject.text() == "Visit" and dialog.subject.isReadOnly()
    assert not dialog.start.isEnabled() and not dialog.type.isEnabled()
    assert dialog.buttons.standardButtons() == QDialogButtonBox.StandardButton.Close
    assert dialog.windowTitle() == "Edit activity (read-only)"


def test_the_cards_activities_tab_neither_schedules_nor_completes(
    qtbot, readonly_db: Database
) -> None:
    context = SimpleNamespace(db=readonly_db, bus=ChangeBus(), undo_stack=QUndoStack())
    tab = ContactActivitiesTab(context)  # type: ignore[arg-type]
    qtbot.addWidget(tab)
    tab.tzid = "UTC"
    tab.set_contact(1)
    assert tab.model.rowCount() == 1
    assert not tab.schedule_button.isEnabled() and not tab.complete_button.isEnabled()
    tab.show()
    tab.table.selectRow(0)
    where = tab.table.visualRect(tab.model.index(0, 2)).center()
    QTest.mouseDClick(
        tab.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where
    )
    assert tab.findChildren(CompleteDialog) == []


def test_complete_on_the_card_waits_for_an_open_activity_to_be_chosen(qtbot, db) -> None:
    """Issue 15.10: Complete… was enabled with nothing (or a done row) chosen, and did nothing."""
    anna = add_contact(db, "Anna", "Schmidt")
    schedule(db, "Visit", MONDAY, MONDAY + timedelta(hours=1), contacts=(anna,))
    done = schedule(db, "Call", MONDAY, MONDAY, kind="Call", contacts=(anna,))
    complete_activity(db, done.id, "Reached")
    context = SimpleNamespace(db=db, bus=ChangeBus(), undo_stack=QUndoStack())
    tab = ContactActivitiesTab(context)  # type: ignore[arg-type]
    qtbot.addWidget(tab)
    tab.set_contact(anna)
    statuses = [tab.model.index(r, 3).data() for r in range(tab.model.rowCount())]
    assert statuses == ["open", "done"]
    assert tab.schedule_button.isEnabled() and not tab.complete_button.isEnabled()
    tab.table.selectRow(1)
    assert not tab.complete_button.isEnabled()
    tab.table.selectRow(0)
    assert tab.complete_button.isEnabled()
