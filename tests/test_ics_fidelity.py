"""Calendar files arrive whole (issue 13.6): holiday feeds, runaway rules, zones of the file's
own, re-imports of our own file, to-dos and Rapport's own fields, each told in the summary."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from activity_fixtures import schedule, type_id
from sqlalchemy import select, text

from desktop.exchange.ics import export_ics, import_ics
from desktop.services.activities import schedule_activity
from desktop.services.activity_completion import complete_activity
from desktop.services.activity_queries import occurrences
from desktop.services.activity_values import ActivityDraft
from desktop.services.recurrence import to_local, zone
from desktop.store.database import Database, open_database
from desktop.store.entities import Activity

BERLIN = zone("Europe/Berlin")
UTC_ZONE = zone("UTC")


def _calendar(path: Path, *components: str, extra: str = "") -> Path:
    body = "".join(
        f"BEGIN:{'VTODO' if 'X-KIND:TODO' in c else 'VEVENT'}\r\n{c}"
        f"END:{'VTODO' if 'X-KIND:TODO' in c else 'VEVENT'}\r\n"
        for c in components
    )
    path.write_text(
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{extra}{body}END:VCALENDAR\r\n",
        encoding="utf-8",
    )
    return path


def test_holiday_feed_all_day_events_ending_on_their_start_are_one_day_events(db, tmp_path):
    feed = _calendar(
        tmp_path / "holidays.ics",
        "UID:h1\r\nSUMMARY:Tag der Deutschen Einheit\r\n"
        "DTSTART;VALUE=DATE:20261003\r\nDTEND;VALUE=DATE:20261003\r\n",
        "UID:h2\r\nSUMMARY:Reformationstag\r\n"
        "DTSTART;VALUE=DATE:20261031\r\nDTEND;VALUE=DATE:20261031\r\n",
        "UID:h3\r\nSUMMARY:Backwards\r\n"
        "DTSTART;VALUE=DATE:20261105\r\nDTEND;VALUE=DATE:20261104\r\n",
    )
    result = import_ics(db, feed)
    assert (result.imported, result.skipped) == (2, 1)
    assert result.messages == (
        "event 'Backwards' skipped: it ends on 2026-11-04, before it starts on 2026-11-05",
    )
    found = occurrences(db, date(2026, 10, 1), date(2026, 11, 30), UTC_ZONE)
    assert [(o.subject, o.start.date(), o.end.date()) for o in found] == [
        ("Tag der Deutschen Einheit", date(2026, 10, 3), date(2026, 10, 4)),
        ("Reformationstag", date(2026, 10, 31), date(2026, 11, 1)),
    ]


def test_a_timed_event_ending_before_it_starts_is_named_and_nothing_imported_says_so(db, tmp_path):
    bad = _calendar(
        tmp_path / "bad.ics",
        "UID:t1\r\nSUMMARY:Review\r\nDTSTART:20261204T100000Z\r\nDTEND:20261204T090000Z\r\n",
    )
    result = import_ics(db, bad)
    assert result.imported == 0
    assert result.messages == (
        "event 'Review' skipped: it ends at 2026-12-04 09:00, before it starts at "
        "2026-12-04 10:00 (UTC)",
    )
    assert result.summary().splitlines()[0] == "bad.ics: nothing imported, 1 skipped"


@pytest.mark.parametrize("freq", ["SECONDLY", "MINUTELY"])
def test_a_rule_repeating_every_second_or_minute_skips_its_event_by_name(db, tmp_path, freq):
    path = _calendar(
        tmp_path / "runaway.ics",
        f"UID:r1\r\nSUMMARY:Heartbeat\r\nDTSTART:20261204T100000Z\r\nRRULE:FREQ={freq}\r\n",
        "UID:r2\r\nSUMMARY:Weekly\r\nDTSTART:20261204T100000Z\r\nRRULE:FREQ=WEEKLY;COUNT=2\r\n",
    )
    result = import_ics(db, path)
    assert result.imported == 1
    [message] = result.messages
    assert message.startswith("event 'Heartbeat' skipped: recurrence: 'FREQ=")
    assert message.endswith("repeats every second or minute; at most hourly is kept")


_OFFICE_ZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:Custom Office Time\r\n"
    "BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
    "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
    "BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
    "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
)


def test_a_zone_of_the_files_own_keeps_the_series_wall_clock_across_daylight_saving(db, tmp_path):
    path = _calendar(
        tmp_path / "custom-zone.ics",
        "UID:c1\r\nSUMMARY:Jour fixe\r\nDTSTART;TZID=Custom Office Time:20260316T090000\r\n"
        "DTEND;TZID=Custom Office Time:20260316T100000\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\n",
        extra=_OFFICE_ZONE,
    )
    result = import_ics(db, path)
    assert (result.imported, result.messages) == (1, ())
    found = occurrences(db, date(2026, 3, 1), date(2026, 4, 30), BERLIN)
    assert [to_local(o.start, BERLIN).strftime("%m-%d %H:%M") for o in found] == [
        "03-16 09:00", "03-23 09:00", "03-30 09:00", "04-06 09:00",
    ]  # fmt: skip
    with db.session() as session:
        tzid = session.scalars(select(Activity.tzid)).one()
    assert zone(tzid).utcoffset(datetime(2026, 7, 1)) == timedelta(hours=2)


def test_an_unknown_zone_is_read_as_the_users_own_with_a_warning_naming_the_event(
    db, tmp_path, monkeypatch
):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    path = _calendar(
        tmp_path / "unknown-zone.ics",
        "UID:u1\r\nSUMMARY:Call Tokyo\r\nDTSTART;TZID=Olympus Mons Time:20260701T090000\r\n"
        "DTEND;TZID=Olympus Mons Time:20260701T093000\r\n",
    )
    result = import_ics(db, path)
    assert result.imported == 1
    assert result.messages == (
        "event 'Call Tokyo': its time zone 'Olympus Mons Time' is unknown; its times are "
        "read as Europe/Berlin time",
    )
    [call] = occurrences(db, date(2026, 7, 1), date(2026, 7, 2), BERLIN)
    assert to_local(call.start, BERLIN) == datetime(2026, 7, 1, 9)


def test_reimporting_our_own_export_updates_instead_of_doubling(db, tmp_path):
    start = datetime(2026, 12, 4, 9)
    series = schedule(db, "Jour fixe", start, start + timedelta(hours=1),
                      rrule="FREQ=WEEKLY;COUNT=4", tzid="Europe/Berlin")  # fmt: skip
    single = schedule(db, "Call Anna", start, start + timedelta(minutes=15))
    out = tmp_path / "mine.ics"
    export_ics(db, out)
    assert series.draft.uid in out.read_text()
    out.write_text(out.read_text().replace("SUMMARY:Call Anna", "SUMMARY:Call Anna back"))
    result = import_ics(db, out)
    assert (result.imported, result.updated, result.skipped) == (0, 2, 0)
    assert result.summary().splitlines()[0] == "mine.ics: 0 imported, 2 updated, 0 skipped"
    with db.session() as session:
        rows = session.execute(select(Activity.id, Activity.subject).order_by(Activity.id)).all()
    assert rows == [(series.id, "Jour fixe"), (single.id, "Call Anna back")]


def _elsewhere(tmp_path: Path) -> Database:
    return open_database(tmp_path / "elsewhere.db")


def test_done_todos_and_rapports_own_fields_come_back_as_they_were(db, tmp_path):
    todo = schedule_activity(
        db,
        ActivityDraft(type_id=type_id(db, "To-do"), subject="Send offer", all_day=True,
                      start_date=date(2026, 12, 4)),
    )  # fmt: skip
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE activities SET owner = 'Marie Curie'"))
    complete_activity(db, todo.id, "offer sent by mail")
    call = schedule(db, "Call Bernd", datetime(2026, 12, 4, 9), datetime(2026, 12, 4, 9, 15),
                    kind="Call")  # fmt: skip
    complete_activity(db, call.id, "no answer")
    out = tmp_path / "done.ics"
    export_ics(db, out)

    parsed = icalendar.Calendar.from_ical(out.read_bytes())
    [vtodo] = parsed.walk("VTODO")
    assert str(vtodo.get("STATUS")) == "COMPLETED" and vtodo.get("COMPLETED") is not None
    assert str(vtodo.get("X-RAPPORT-RESULT")) == "offer sent by mail"
    assert str(vtodo.get("X-RAPPORT-OWNER")) == "Marie Curie"
    [vevent] = parsed.walk("VEVENT")
    assert str(vevent.get("X-RAPPORT-STATUS")) == "done"

    other = _elsewhere(tmp_path)
    try:
        again = import_ics(other, out)
        assert again.imported == 2, again.summary()
        with other.session() as session:
            rows = session.execute(
                select(Activity.subject, Activity.status, Activity.result, Activity.owner,
                       Activity.completed_at.is_not(None)).order_by(Activity.subject)
            ).all()  # fmt: skip
    finally:
        other.close()
    assert rows == [
        ("Call Bernd", "done", "no answer", "", True),
        ("Send offer", "done", "offer sent by mail", "Marie Curie", True),
    ]


def test_an_override_without_its_series_is_named_not_dropped(db, tmp_path):
    path = _calendar(
        tmp_path / "orphan.ics",
        "UID:gone\r\nSUMMARY:Moved meeting\r\nRECURRENCE-ID:20261204T090000Z\r\n"
        "DTSTART:20261204T110000Z\r\nDTEND:20261204T120000Z\r\n",
    )
    result = import_ics(db, path)
    assert result.messages == (
        "event 'Moved meeting' skipped: it changes one occurrence of a series (UID gone) "
        "that is not in the file",
    )


def test_a_custom_zone_with_us_eastern_rules_is_stored_as_new_york(db, tmp_path):
    eastern = (
        "BEGIN:VTIMEZONE\r\nTZID:Eastern (custom)\r\n"
        "BEGIN:STANDARD\r\nDTSTART:16011104T020000\r\nRRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r\n"
        "TZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nEND:STANDARD\r\n"
        "BEGIN:DAYLIGHT\r\nDTSTART:16010311T020000\r\nRRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r\n"
        "TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
    )
    path = _calendar(
        tmp_path / "eastern.ics",
        "UID:e1\r\nSUMMARY:Call Boston\r\nDTSTART;TZID=Eastern (custom):20260310T090000\r\n"
        "DTEND;TZID=Eastern (custom):20260310T093000\r\nRRULE:FREQ=WEEKLY;COUNT=2\r\n",
        extra=eastern,
    )
    assert import_ics(db, path).messages == ()
    with db.session() as session:
        assert session.scalars(select(Activity.tzid)).one() == "America/New_York"


def test_a_broken_change_in_a_reimport_keeps_the_series_the_user_had(db, tmp_path):
    series = (
        "UID:fair\r\nSUMMARY:Fair\r\nDTSTART;VALUE=DATE:20260302\r\nRRULE:FREQ=DAILY;COUNT=3\r\n"
    )
    assert import_ics(db, _calendar(tmp_path / "a.ics", series)).imported == 1
    broken = (
        "UID:fair\r\nSUMMARY:Fair\r\nRECURRENCE-ID;VALUE=DATE:20260303\r\n"
        "DTSTART:20260303T100000Z\r\nDTEND:20260303T110000Z\r\n"
    )
    again = import_ics(db, _calendar(tmp_path / "b.ics", series, broken))
    assert (again.imported, again.updated) == (0, 1)
    assert again.messages == (
        "event 'Fair': its change to the occurrence of 2026-03-03 mixes dates and times; "
        "the rest of it was updated",
    )
    assert len(occurrences(db, date(2026, 3, 1), date(2026, 3, 10), UTC_ZONE)) == 3
