"""A weekly series after one of its occurrences was completed (issue 15.3): the card's
Activities tab and the customer sheet show the next open occurrence, not the completed one."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from activity_fixtures import add_contact, schedule
from reports_sample import pdf_pages

from desktop.reports.customer_sheet import build_customer_sheet
from desktop.reports.data import load_customer_sheet
from desktop.reports.page import PageSetup
from desktop.reports.text import local_time
from desktop.services.activity_completion import complete_activity
from desktop.services.activity_lists import activities_of_contact
from desktop.services.recurrence import to_local, to_utc, zone
from desktop.store.entities import utcnow

BERLIN = zone("Europe/Berlin")
DEC_4 = to_utc(datetime(2026, 12, 4, 9), BERLIN)
NOW = to_utc(datetime(2026, 12, 4, 15), BERLIN)


def _weekly_with_the_first_done(db) -> tuple[int, int]:
    anna = add_contact(db, "Anna", "Schmidt")
    series = schedule(db, "Jour fixe", DEC_4, DEC_4 + timedelta(hours=1), contacts=(anna,),
                      rrule="FREQ=WEEKLY;COUNT=6", tzid="Europe/Berlin")  # fmt: skip
    complete_activity(db, series.id, "held", original_start=DEC_4)
    return anna, series.id


def test_the_contacts_activities_show_the_next_open_occurrence_beside_the_done_one(db):
    anna, _ = _weekly_with_the_first_done(db)
    rows = activities_of_contact(db, anna, now=NOW, tz=BERLIN)
    assert [(r.subject, r.status, to_local(r.start, BERLIN), r.recurring) for r in rows] == [
        ("Jour fixe", "open", datetime(2026, 12, 11, 9), True),
        ("Jour fixe", "done", datetime(2026, 12, 4, 9), False),
    ]
    assert rows[0].original_start == to_utc(datetime(2026, 12, 11, 9), BERLIN)


def test_a_series_with_nothing_left_is_not_listed_as_open(db):
    anna = add_contact(db, "Anna", "Schmidt")
    series = schedule(db, "Two calls", DEC_4, DEC_4, contacts=(anna,),
                      rrule="FREQ=DAILY;COUNT=2", tzid="Europe/Berlin")  # fmt: skip
    complete_activity(db, series.id, "done", original_start=DEC_4)
    complete_activity(db, series.id, "done", original_start=DEC_4 + timedelta(days=1))
    rows = activities_of_contact(db, anna, now=NOW, tz=BERLIN)
    assert [r.status for r in rows] == ["done", "done"]


def test_the_customer_sheet_lists_the_series_at_its_next_open_occurrence(db, tmp_path: Path):
    anna, _ = _weekly_with_the_first_done(db)
    with db.engine.connect() as conn:
        data = load_customer_sheet(conn, anna, now=NOW)
    [line] = data.open_activities
    assert (line.subject, line.repeats) == ("Jour fixe", True)
    assert to_local(line.starts_at, BERLIN) == datetime(2026, 12, 11, 9)


def test_the_printed_sheet_shows_the_next_occurrence_not_the_completed_one(db, tmp_path: Path):
    anna = add_contact(db, "Anna", "Schmidt")
    tomorrow = datetime.combine(utcnow().date() + timedelta(days=1), datetime.min.time())
    first = tomorrow.replace(hour=9)
    series = schedule(db, "Jour fixe", first, first + timedelta(hours=1), contacts=(anna,),
                      rrule="FREQ=WEEKLY;COUNT=6", tzid="UTC")  # fmt: skip
    complete_activity(db, series.id, "held", original_start=first)
    out = tmp_path / "sheet.pdf"
    build_customer_sheet(db, anna, out, PageSetup("A4", "Me", "Firm", date(2026, 12, 4)))
    text = "\n".join(pdf_pages(out))
    assert "Jour fixe (repeats)" in text
    assert local_time(first + timedelta(weeks=1)) in text
    assert local_time(first) not in text
