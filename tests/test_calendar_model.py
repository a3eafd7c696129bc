"""The calendar's and the task list's item models: Qt's model tester, ranges, reloads on the
change bus, sorting and filters."""

from __future__ import annotations

from datetime import date, datetime

from activity_fixtures import add_contact, schedule, type_id
from PySide6.QtCore import Qt

from desktop.models.calendar_model import CalendarModel, Role
from desktop.models.task_list_model import Role as TaskRole
from desktop.models.task_list_model import TaskListModel
from desktop.services.activity_completion import complete_activity
from desktop.services.activity_values import TaskFilter
from desktop.services.changes import Changes
from desktop.services.recurrence import zone

BERLIN = zone("Europe/Berlin")


def test_calendar_model_holds_the_ranges_occurrences_in_local_time(db, model_tester):
    anna = add_contact(db, "Anna", "Schmidt")
    schedule(db, "Weekly", datetime(2026, 3, 2, 8), datetime(2026, 3, 2, 9), contacts=(anna,),
             rrule="FREQ=WEEKLY;COUNT=6", tzid="Europe/Berlin")  # fmt: skip
    schedule(db, "Call", datetime(2026, 3, 4, 13), datetime(2026, 3, 4, 13, 15), kind="Call")
    model = CalendarModel(db, BERLIN)
    model_tester(model)
    model.set_range(date(2026, 3, 2), date(2026, 3, 9))
    assert [model.index(r).data() for r in range(model.rowCount())] == [
        "09:00 ↻ Weekly",  # issue 15.3: a series is marked (was '09:00 Weekly')
        "14:00 Call",
    ]
    first = model.index(0)
    assert first.data(Role.LOCAL_START) == datetime(2026, 3, 2, 9)
    assert first.data(Role.OCCURRENCE).contact_names == ("Anna Schmidt",)
    assert "Part of a recurring series" in first.data(Qt.ItemDataRole.ToolTipRole)
    model.set_range(date(2026, 3, 30), date(2026, 4, 6))
    assert [model.index(r).data() for r in range(model.rowCount())] == [
        "09:00 ↻ Weekly"
    ]  # marked as a series (issue 15.3)
    assert model.index(0).data(Role.LOCAL_START) == datetime(2026, 3, 30, 9)  # summer time


def test_calendar_model_reloads_when_the_bus_says_activities_changed(db, model_tester, qtbot):
    model = CalendarModel(db, BERLIN)
    model_tester(model)
    model.set_range(date(2026, 3, 2), date(2026, 3, 9))
    schedule(db, "Late addition", datetime(2026, 3, 3, 8), datetime(2026, 3, 3, 9))
    assert model.rowCount() == 0
    model.on_changed(Changes.of(deals=[1]))
    assert model.rowCount() == 0
    with qtbot.waitSignal(model.modelReset):
        model.on_changed(Changes.of(activities=[1]))
    assert model.rowCount() == 1


def test_task_list_model_sorts_filters_and_marks_overdue(db, model_tester):
    anna = add_contact(db, "Anna", "Schmidt")
    schedule(db, "B offer", datetime(2099, 1, 2, 9), datetime(2099, 1, 2, 9), kind="To-do",
             priority=1, contacts=(anna,))  # fmt: skip
    schedule(db, "A overdue call", datetime(2020, 1, 1, 9), datetime(2020, 1, 1, 9), kind="Call")
    done = schedule(db, "C done", datetime(2020, 1, 1, 9), datetime(2020, 1, 1, 9), kind="To-do")
    complete_activity(db, done.id, "Completed")
    model = TaskListModel(db, BERLIN)
    model_tester(model)
    model.refresh()

    def subjects() -> list[str]:
        return [model.index(r, 3).data() for r in range(model.rowCount())]

    assert subjects() == ["A overdue call", "B offer"]
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # red: overdue
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    model.sort(2, Qt.SortOrder.AscendingOrder)  # priority: high first
    assert subjects() == ["B offer", "A overdue call"]
    model.sort(3, Qt.SortOrder.DescendingOrder)
    assert subjects() == ["B offer", "A overdue call"]
    model.set_filter(TaskFilter(type_id=type_id(db, "Call")))
    assert subjects() == ["A overdue call"]
    model.set_filter(TaskFilter(contact_id=anna))
    assert subjects() == ["B offer"] and model.index(0, 4).data() == "Anna Schmidt"
    assert model.index(0, 0).data(TaskRole.ACTIVITY_ID) is not None
