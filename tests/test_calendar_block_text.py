"""What a block in the week view says (issue 15.3): a short activity shows its subject beside
its time (the time in smaller type), a series is marked ↻, the full text is in the tooltip."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from activity_fixtures import schedule
from PySide6.QtGui import QUndoStack

from desktop.models.calendar_model import tooltip
from desktop.services.recurrence import to_utc, zone
from desktop.views.calendar_view import CalendarView
from desktop.views.change_bus import ChangeBus

BERLIN = zone("Europe/Berlin")


@pytest.fixture
def week(qtbot, db):
    start = to_utc(datetime(2026, 12, 7, 10, 15), BERLIN)
    schedule(db, "Call Anna Schmidt about the offer", start, start + timedelta(minutes=15),
             kind="Call")  # fmt: skip
    series = to_utc(datetime(2026, 12, 7, 14), BERLIN)
    schedule(db, "Jour fixe", series, series + timedelta(minutes=30),
             rrule="FREQ=WEEKLY;COUNT=3", tzid="Europe/Berlin")  # fmt: skip
    view = CalendarView(db, ChangeBus(), QUndoStack(), "Europe/Berlin")
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    view.set_mode("week")
    view.go_to(date(2026, 12, 7))
    return view


def _labels(view: CalendarView) -> dict[str, tuple[str, str]]:
    grid = view.day_week.grid
    found = {}
    for block in grid.blocks():
        entry = view.model.entry(block.row)
        found[entry.occurrence.subject] = grid.block_title(block, grid.block_rect(block))
    return found


def test_a_quarter_hour_call_shows_its_subject_beside_its_time(week):
    labels = _labels(week)
    time_text, subject = labels["Call Anna Schmidt about the offer"]
    assert time_text == "10:15"
    assert subject.startswith("Call Anna") and len(subject) > len("Call")


def test_a_series_is_marked_and_the_tooltip_has_the_whole_text(week):
    assert _labels(week)["Jour fixe"] == ("14:00", "↻ Jour fixe")
    entry = next(e for e in week.model.entries() if e.occurrence.subject.startswith("Call"))
    assert tooltip(entry).splitlines()[0] == "Call: Call Anna Schmidt about the offer"


def test_the_month_and_the_model_mark_a_series_too(week):
    week.set_mode("month")
    shown = [week.model.index(r, 0).data() for r in range(week.model.rowCount())]
    assert "14:00 ↻ Jour fixe" in shown
    assert "10:15 Call Anna Schmidt about the offer" in shown
