"""Scheduling, moving, completing and clearing activities, as the calendar's services do it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from activity_fixtures import add_contact, schedule, type_id
from sqlalchemy import select

from desktop.errors import ConflictError, RapportError, ValidationError
from desktop.services.activities import (
    acknowledge_alarm,
    delete_activity,
    get_activity,
    schedule_activity,
    update_activity,
)
from desktop.services.activity_completion import (
    clear_activity,
    complete_activity,
    undo_completion,
)
from desktop.services.activity_lists import activities_of_contact, due_alarms, open_tasks
from desktop.services.activity_moves import edit_occurrence, move_activity, skip_occurrence
from desktop.services.activity_queries import conflicts, occurrences
from desktop.services.activity_values import ActivityDraft, TaskFilter
from desktop.services.recurrence import to_local, to_utc, zone
from desktop.store.database import Database
from desktop.store.entities import HistoryItem

UTC_ZONE = zone("UTC")
NY = zone("America/New_York")


# Every story here runs on SQLite and, with RAPPORT_TEST_DATABASE_URL, on PostgreSQL too.
pytestmark = pytest.mark.postgres


@pytest.fixture
def db(any_db):
    return any_db


def history(db: Database, contact_id: int) -> list[tuple[str, str, str]]:
    with db.session() as session:
        return [
            (h.kind, h.subject, h.result)
            for h in session.scalars(
                select(HistoryItem).where(HistoryItem.contact_id == contact_id)
            )
        ]


def test_completing_a_call_writes_history_on_every_linked_contact_and_a_follow_up(db):
    anna, wang = add_contact(db, "Anna", "Schmidt"), add_contact(db, "伟", "王")
    call = schedule(db, "Price talk", datetime(2026, 5, 4, 9), datetime(2026, 5, 4, 9, 15),
                    kind="Call", contacts=(anna, wang))  # fmt: skip
    follow = ActivityDraft(
        type_id=type_id(db, "Call"),
        subject="Call back about the offer",
        contact_ids=(anna,),
        starts_at=datetime(2026, 5, 11, 9),
        ends_at=datetime(2026, 5, 11, 9, 15),
    )
    done = complete_activity(db, call.id, "Reached", "Wants 5 licences", follow_up=follow)
    assert history(db, anna) == [("call", "Price talk", "Reached")]
    assert history(db, wang) == [("call", "Price talk", "Reached")]
    assert get_activity(db, call.id).status == "done"
    assert done.follow_up_id is not None
    assert get_activity(db, done.follow_up_id).draft.subject == "Call back about the offer"
    with pytest.raises(RapportError, match="already done"):
        complete_activity(db, call.id, "again")
    undo_completion(db, call.id, done)
    assert get_activity(db, call.id).status == "open" and history(db, anna) == []
    with pytest.raises(RapportError, match="no longer exists"):
        get_activity(db, done.follow_up_id)


def test_clearing_leaves_a_cleared_trace(db):
    anna = add_contact(db, "Anna", "Schmidt")
    meeting = schedule(db, "Lunch", datetime(2026, 5, 4, 12), datetime(2026, 5, 4, 13),
                       contacts=(anna,))  # fmt: skip
    clear_activity(db, meeting.id, "Customer cancelled")
    assert history(db, anna) == [("cleared", "Lunch", "Customer cancelled")]
    assert occurrences(db, date(2026, 5, 4), date(2026, 5, 5), UTC_ZONE) == []


def test_completing_one_occurrence_splits_it_out_and_the_series_goes_on(db):
    anna = add_contact(db, "Anna", "Schmidt")
    series = schedule(db, "Stand-up", datetime(2026, 5, 4, 9), datetime(2026, 5, 4, 9, 15),
                      contacts=(anna,), rrule="FREQ=DAILY;COUNT=5")  # fmt: skip
    done = complete_activity(db, series.id, "Held", original_start=datetime(2026, 5, 5, 9))
    assert done.activity_id != series.id
    week = occurrences(db, date(2026, 5, 4), date(2026, 5, 11), UTC_ZONE)
    assert [(o.start.day, o.status, o.recurring) for o in week] == [
        (4, "open", True),
        (5, "done", False),
        (6, "open", True),
        (7, "open", True),
        (8, "open", True),
    ]
    assert history(db, anna) == [("meeting", "Stand-up", "Held")]
    undo_completion(db, series.id, done, datetime(2026, 5, 5, 9))
    week = occurrences(db, date(2026, 5, 4), date(2026, 5, 11), UTC_ZONE)
    assert [(o.start.day, o.status, o.recurring) for o in week][1] == (5, "open", True)
    assert history(db, anna) == []


def test_move_a_single_activity_and_put_it_back(db):
    meeting = schedule(db, "Demo", datetime(2026, 5, 4, 9), datetime(2026, 5, 4, 10))
    before = move_activity(db, meeting.id, datetime(2026, 5, 5, 14), datetime(2026, 5, 5, 15, 30))
    moved = get_activity(db, meeting.id).draft
    assert (moved.starts_at, moved.ends_at) == (
        datetime(2026, 5, 5, 14),
        datetime(2026, 5, 5, 15, 30),
    )
    move_activity(db, meeting.id, before.start, before.end)
    assert get_activity(db, meeting.id).draft.starts_at == datetime(2026, 5, 4, 9)


def test_move_one_occurrence_then_home_again_removes_the_exception(db):
    series = schedule(db, "Weekly", datetime(2026, 5, 4, 9), datetime(2026, 5, 4, 10),
                      rrule="FREQ=WEEKLY;COUNT=3")  # fmt: skip
    second = datetime(2026, 5, 11, 9)
    before = move_activity(db, series.id, datetime(2026, 5, 12, 15), datetime(2026, 5, 12, 16),
                           original_start=second)  # fmt: skip
    starts = [o.start for o in occurrences(db, date(2026, 5, 1), date(2026, 6, 1), UTC_ZONE)]
    assert starts == [datetime(2026, 5, 4, 9), datetime(2026, 5, 12, 15), datetime(2026, 5, 18, 9)]
    move_activity(db, series.id, before.start, before.end, original_start=second)
    starts = [o.start for o in occurrences(db, date(2026, 5, 1), date(2026, 6, 1), UTC_ZONE)]
    assert starts[1] == second
    with pytest.raises(RapportError, match="no occurrence"):
        move_activity(db, series.id, second, second, original_start=datetime(2026, 5, 12, 9))


def test_edit_one_occurrence_or_the_whole_series(db):
    series = schedule(db, "Review", datetime(2026, 5, 4, 9), datetime(2026, 5, 4, 10),
                      rrule="FREQ=DAILY;COUNT=3")  # fmt: skip
    edit_occurrence(db, series.id, datetime(2026, 5, 5, 9), datetime(2026, 5, 5, 11),
                    datetime(2026, 5, 5, 12), subject="Review (long)")  # fmt: skip
    skip_occurrence(db, series.id, datetime(2026, 5, 6, 9))
    found = occurrences(db, date(2026, 5, 1), date(2026, 6, 1), UTC_ZONE)
    assert [(o.subject, o.start.hour) for o in found] == [("Review", 9), ("Review (long)", 11)]
    info = get_activity(db, series.id)
    update_activity(db, series.id, replace(info.draft, subject="Code review"), info.version)
    found = occurrences(db, date(2026, 5, 1), date(2026, 6, 1), UTC_ZONE)
    assert [o.subject for o in found] == ["Code review", "Review (long)"]
    with pytest.raises(ConflictError, match="changed elsewhere"):
        update_activity(db, series.id, info.draft, info.version)


def test_a_series_in_new_york_keeps_its_wall_clock_across_dst(db):
    start = to_utc(datetime(2026, 3, 2, 9), NY)
    schedule(db, "Pipeline review", start, start + timedelta(hours=1),
             rrule="FREQ=WEEKLY;COUNT=3", tzid="America/New_York")  # fmt: skip
    # 2026-03-08 DST begins in New York
    found = occurrences(db, date(2026, 3, 1), date(2026, 3, 22), NY)
    assert [to_local(o.start, NY).hour for o in found] == [9, 9, 9]
    assert [o.start.hour for o in found] == [14, 13, 13]


def test_conflicts_find_overlaps_only(db):
    schedule(db, "Busy", datetime(2026, 5, 4, 9), datetime(2026, 5, 4, 10))
    hits = conflicts(db, datetime(2026, 5, 4, 9, 30), datetime(2026, 5, 4, 11), UTC_ZONE)
    assert [o.subject for o in hits] == ["Busy"]
    assert conflicts(db, datetime(2026, 5, 4, 10), datetime(2026, 5, 4, 11), UTC_ZONE) == []


def test_task_list_has_open_todos_and_overdue_items_with_filters(db):
    anna = add_contact(db, "Anna", "Schmidt")
    now = datetime(2026, 5, 10, 12)
    schedule(db, "Send offer", datetime(2026, 5, 20, 9), datetime(2026, 5, 20, 9), kind="To-do",
             contacts=(anna,), priority=1)  # fmt: skip
    schedule(db, "Missed call", datetime(2026, 5, 1, 9), datetime(2026, 5, 1, 9, 10), kind="Call")
    schedule(db, "Future meeting", datetime(2026, 5, 30, 9), datetime(2026, 5, 30, 10))
    tasks = open_tasks(db, TaskFilter(), now)
    assert [(t.subject, t.overdue) for t in tasks] == [("Missed call", True), ("Send offer", False)]
    assert tasks[1].contacts == "Anna Schmidt"
    assert [t.subject for t in open_tasks(db, TaskFilter(priority=1), now)] == ["Send offer"]
    assert [t.subject for t in open_tasks(db, TaskFilter(contact_id=anna), now)] == ["Send offer"]
    ranged = open_tasks(db, TaskFilter(due_from=date(2026, 5, 1), due_to=date(2026, 5, 2)), now)
    assert [t.subject for t in ranged] == ["Missed call"]


def test_alarms_due_and_missed_until_acknowledged(db):
    call = schedule(db, "Call Anna", datetime(2026, 5, 4, 9), datetime(2026, 5, 4, 9, 10),
                    kind="Call", alarm_minutes=15)  # fmt: skip
    assert due_alarms(db, UTC_ZONE, datetime(2026, 5, 4, 8, 40)) == []
    due = due_alarms(db, UTC_ZONE, datetime(2026, 5, 4, 8, 45))
    assert [(a.subject, a.alarm_at) for a in due] == [("Call Anna", datetime(2026, 5, 4, 8, 45))]
    # the app was closed over the alarm: shown at the next start, until acknowledged
    assert len(due_alarms(db, UTC_ZONE, datetime(2026, 5, 4, 17))) == 1
    acknowledge_alarm(db, call.id, datetime(2026, 5, 4, 17))
    assert due_alarms(db, UTC_ZONE, datetime(2026, 5, 4, 17, 1)) == []


def test_activities_of_a_contact_open_first_then_done(db):
    anna = add_contact(db, "Anna", "Schmidt")
    old = schedule(db, "Old call", datetime(2026, 1, 1, 9), datetime(2026, 1, 1, 9), kind="Call",
                   contacts=(anna,))  # fmt: skip
    schedule(db, "Next visit", datetime(2026, 6, 1, 9), datetime(2026, 6, 1, 11), contacts=(anna,))
    complete_activity(db, old.id, "Left message")
    rows = activities_of_contact(db, anna)
    assert [(r.subject, r.status, r.result) for r in rows] == [
        ("Next visit", "open", ""),
        ("Old call", "done", "Left message"),
    ]


def test_all_day_activity_is_a_date(db):
    info = schedule_activity(
        db,
        ActivityDraft(
            type_id=type_id(db, "To-do"),
            subject="Trade fair",
            all_day=True,
            start_date=date(2026, 5, 4),
            end_date=date(2026, 5, 7),
        ),
    )
    assert info.draft.starts_at is None and info.draft.end_date == date(2026, 5, 7)
    found = occurrences(db, date(2026, 5, 6), date(2026, 5, 7), NY)
    assert [(o.all_day, o.start, o.end) for o in found] == [
        (True, datetime(2026, 5, 4), datetime(2026, 5, 7))
    ]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"subject": "  "}, "subject"),
        ({"ends_at": datetime(2026, 5, 4, 8)}, "end"),
        ({"ends_at": datetime(2026, 7, 4, 8)}, "end"),
        ({"priority": 7}, "priority"),
        ({"alarm_minutes": -5}, "alarm"),
        ({"contact_ids": (999,)}, "contacts"),
        ({"rrule": "FREQ=NEVER"}, "recurrence"),
        ({"tzid": "Nowhere/Town"}, "time zone"),
        ({"starts_at": None}, "start"),
    ],
)
def test_bad_drafts_are_refused_naming_the_field_and_nothing_is_stored(db, fields, field):
    draft = ActivityDraft(
        type_id=type_id(db, "Meeting"),
        subject="Good",
        starts_at=datetime(2026, 5, 4, 9),
        ends_at=datetime(2026, 5, 4, 10),
    )
    with pytest.raises(ValidationError) as refused:
        schedule_activity(db, replace(draft, **fields))
    assert refused.value.field == field
    assert occurrences(db, date(2026, 1, 1), date(2027, 1, 1), UTC_ZONE) == []


def test_delete_returns_the_linked_contacts(db):
    anna = add_contact(db, "Anna", "Schmidt")
    meeting = schedule(db, "X", datetime(2026, 5, 4, 9), datetime(2026, 5, 4, 10), contacts=(anna,))
    assert delete_activity(db, meeting.id) == (anna,)
    with pytest.raises(RapportError, match="no longer exists"):
        get_activity(db, meeting.id)
