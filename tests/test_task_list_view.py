"""The task list as a user filters it: by type, priority, contact and due dates."""

from __future__ import annotations

from datetime import date, datetime

from activity_fixtures import add_contact, schedule
from PySide6.QtCore import QDate

from desktop.services.activities import activity_types
from desktop.services.recurrence import zone
from desktop.views.change_bus import ChangeBus
from desktop.views.task_list_view import TaskListView


def subjects(view: TaskListView) -> list[str]:
    model = view.table.model()
    return [model.index(r, 3).data() for r in range(model.rowCount())]


def test_filter_the_open_list_by_type_priority_contact_and_dates(qtbot, db):
    anna = add_contact(db, "Anna", "Schmidt")
    schedule(db, "Send offer", datetime(2099, 1, 10, 9), datetime(2099, 1, 10, 9), kind="To-do",
             contacts=(anna,), priority=1)  # fmt: skip
    schedule(db, "Missed call", datetime(2020, 1, 1, 9), datetime(2020, 1, 1, 9, 10), kind="Call")
    schedule(db, "Tidy CRM", datetime(2099, 2, 1, 9), datetime(2099, 2, 1, 9), kind="To-do",
             priority=3)  # fmt: skip
    view = TaskListView(db, ChangeBus(), activity_types(db), zone("UTC"))
    qtbot.addWidget(view)
    view.show()
    assert subjects(view) == ["Missed call", "Send offer", "Tidy CRM"]
    assert view.count.text() == "3 open, 1 overdue"

    view.type.setCurrentIndex(view.type.findText("To-do"))
    assert subjects(view) == ["Send offer", "Tidy CRM"]
    view.priority.setCurrentIndex(view.priority.findText("High"))
    assert subjects(view) == ["Send offer"]
    view.type.setCurrentIndex(0)
    view.priority.setCurrentIndex(0)
    assert view.contact.pick("anna")
    assert subjects(view) == ["Send offer"]
    qtbot.keyClicks(view.contact.lookup, "x")  # editing the name drops the contact filter
    assert len(subjects(view)) == 3

    view.due_from.setDate(QDate(date(2099, 1, 15)))
    view.use_from.setChecked(True)
    assert subjects(view) == ["Tidy CRM"]
    view.due_to.setDate(QDate(date(2099, 1, 31)))
    view.use_to.setChecked(True)
    assert subjects(view) == []
