"""A recurring to-do in the task list (issue 15.3): listed once, at its next open occurrence,
marked ↻; Complete… completes that occurrence, not the whole series."""

from __future__ import annotations

from datetime import date, datetime

from activity_fixtures import type_id

from desktop.services.activities import activity_types, schedule_activity
from desktop.services.activity_lists import open_tasks
from desktop.services.activity_values import ActivityDraft, TaskFilter
from desktop.services.recurrence import zone
from desktop.store.entities import utcnow
from desktop.views.change_bus import ChangeBus
from desktop.views.task_list_view import TaskListView


def _weekly_report(db, first: date) -> int:
    draft = ActivityDraft(type_id=type_id(db, "To-do"), subject="Weekly report", all_day=True,
                          start_date=first, rrule="FREQ=WEEKLY;COUNT=10")  # fmt: skip
    return schedule_activity(db, draft).id


def test_a_recurring_todo_is_listed_at_its_next_occurrence(db):
    series = _weekly_report(db, date(2026, 11, 27))
    tasks = open_tasks(db, TaskFilter(), now=datetime(2026, 12, 4, 15))
    assert [(t.activity_id, t.subject, t.due, t.recurring) for t in tasks] == [
        (series, "Weekly report", datetime(2026, 12, 4), True),
    ]
    assert tasks[0].original_start == datetime(2026, 12, 4)
    later = open_tasks(db, TaskFilter(due_from=date(2026, 12, 10)), now=datetime(2026, 12, 4, 15))
    assert later == []  # the next one is the 4th: a filter does not skip ahead


def test_the_list_marks_it_and_complete_asks_for_that_occurrence(qtbot, db):
    today = utcnow().date()
    series = _weekly_report(db, today)
    view = TaskListView(db, ChangeBus(), activity_types(db), zone("UTC"))
    qtbot.addWidget(view)
    model = view.model
    assert [model.index(r, 3).data() for r in range(model.rowCount())] == ["↻ Weekly report"]
    view.table.selectRow(0)
    with qtbot.waitSignal(view.complete_requested) as asked:
        view.complete_button.click()
    assert asked.args == [series, datetime.combine(today, datetime.min.time())]
