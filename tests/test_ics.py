"""iCalendar files in and out: the real exports in tests/data/realdata/ics, broken events,
round trips through another calendar's eyes (icalendar reading our file back)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from activity_fixtures import add_contact, schedule
from sqlalchemy import select

from desktop.errors import RapportError
from desktop.exchange.ics import export_ics, import_ics
from desktop.services.activity_moves import move_activity, skip_occurrence
from desktop.services.activity_queries import occurrences
from desktop.services.recurrence import to_local, to_utc, zone
from desktop.store.entities import Activity, ContactEmail

ROOT = Path(__file__).resolve().parents[1]
REALDATA = ROOT / "tests" / "data" / "realdata" / "ics"
GOOGLE = REALDATA / "google_allday_rrule_exdate_broken__icalendar.ics"
THUNDERBIRD = REALDATA / "thunderbird_rrule_exdate_cancelled_overrides__vobject.ics"
PARIS = zone("Europe/Paris")
UTC_ZONE = zone("UTC")


# Every story here runs on SQLite and, with RAPPORT_TEST_DATABASE_URL, on PostgreSQL too.
pytestmark = pytest.mark.postgres


@pytest.fixture
def db(any_db):
    return any_db


def test_google_all_day_series_imports_and_the_broken_event_is_skipped_by_name(db):
    result = import_ics(db, GOOGLE)
    assert (result.imported, result.skipped) == (1, 1)
    assert result.messages == (
        "event 'Wrong event' skipped: EXDATE cannot be read "
        "(Expected datetime, date, or time. Got: '')",
    )
    assert "1 imported, 1 skipped" in result.summary()
    days = occurrences(db, date(2008, 3, 1), date(2008, 4, 1), UTC_ZONE)
    assert {o.subject for o in days} == {"Perfectly OK event"}
    assert all(o.all_day for o in days)
    dates = [o.start.date() for o in days]
    assert dates[0] == date(2008, 3, 3) and dates[-1] == date(2008, 3, 23)
    assert date(2008, 3, 11) not in dates  # EXDATE
    assert len(dates) == 20


def test_thunderbird_weekly_series_keeps_paris_time_exdates_and_cancellations(db):
    result = import_ics(db, THUNDERBIRD)
    assert (result.imported, result.skipped) == (1, 0)
    found = occurrences(db, date(2017, 10, 1), date(2018, 7, 1), PARIS)
    assert len(found) == 26  # 37 Mondays, 9 EXDATEs, 2 cancelled overrides
    assert {to_local(o.start, PARIS).strftime("%a %H:%M") for o in found} == {"Mon 20:30"}
    days = {to_local(o.start, PARIS).date() for o in found}
    assert date(2017, 10, 23) not in days and date(2017, 12, 25) not in days  # EXDATE
    assert date(2018, 3, 26) not in days and date(2018, 4, 30) not in days  # cancelled
    assert date(2017, 10, 16) in days and date(2018, 6, 18) in days
    assert found[0].location == "Some place, Some where"
    with db.session() as session:
        series = session.scalars(select(Activity)).one()
        assert (series.tzid, series.uid) == ("Europe/Paris", "812dae9d-4114-45c1-ba5b-4ee34756ab47")


def test_importing_the_same_file_twice_adds_nothing(db):
    # issue 13.6: a second import of the same UIDs updates them (it used to skip them)
    import_ics(db, THUNDERBIRD)
    again = import_ics(db, THUNDERBIRD)
    assert (again.imported, again.updated, again.skipped) == (0, 1, 0)
    assert len(occurrences(db, date(2017, 10, 1), date(2018, 7, 1), PARIS)) == 26


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not an iCalendar file"),
        (b"FIRST NAME,LAST NAME\nAnna,Schmidt\n", "not an iCalendar file"),
        (b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\n", "no complete calendar"),
    ],
)
def test_files_that_are_not_calendars_are_refused_and_nothing_changes(
    db, tmp_path, content, message
):
    bad = tmp_path / "bad.ics"
    bad.write_bytes(content)
    with pytest.raises(RapportError, match=message):
        import_ics(db, bad)
    with db.session() as session:
        assert session.scalars(select(Activity)).all() == []


def test_an_event_without_start_is_skipped_by_name_and_the_rest_imported(db, tmp_path):
    path = tmp_path / "mixed.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
        "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:No start here\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Kick-off\r\nDTSTART:20260504T090000Z\r\n"
        "DTEND:20260504T100000Z\r\nATTENDEE;CN=Anna:mailto:Anna@Example.com\r\n"
        "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT10M\r\nEND:VALARM\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    anna = add_contact(db, "Anna", "Schmidt")
    with db.session() as session:
        session.add(
            ContactEmail(
                contact_id=anna, address="anna@example.com", address_key="anna@example.com"
            )
        )
    result = import_ics(db, path)
    assert result.messages == ("event 'No start here' skipped: it has no start (DTSTART)",)
    [kickoff] = occurrences(db, date(2026, 5, 4), date(2026, 5, 5), UTC_ZONE)
    assert (kickoff.subject, kickoff.start, kickoff.alarm_minutes) == (
        "Kick-off",
        datetime(2026, 5, 4, 9),
        10,
    )
    assert kickoff.contact_names == ("Anna Schmidt",)


def test_export_then_import_elsewhere_keeps_series_exceptions_and_all_day(db, tmp_path):
    berlin = zone("Europe/Berlin")
    start = to_utc(datetime(2026, 3, 16, 9), berlin)
    series = schedule(db, "Jour fixe", start, start + timedelta(hours=1),
                      rrule="FREQ=WEEKLY;COUNT=4", tzid="Europe/Berlin")  # fmt: skip
    skip_occurrence(db, series.id, to_utc(datetime(2026, 3, 23, 9), berlin))
    moved_from = to_utc(datetime(2026, 3, 30, 9), berlin)
    move_activity(db, series.id, moved_from + timedelta(hours=2), moved_from + timedelta(hours=3),
                  original_start=moved_from)  # fmt: skip
    out = tmp_path / "out.ics"
    assert export_ics(db, out, date(2026, 3, 1), date(2026, 3, 31)) == 1
    parsed = icalendar.Calendar.from_ical(out.read_bytes())
    master = next(e for e in parsed.walk("VEVENT") if e.get("RECURRENCE-ID") is None)
    assert master.decoded("DTSTART") == datetime(2026, 3, 16, 9, tzinfo=berlin)
    assert master.get("CATEGORIES").cats == ["Meeting"]
    assert parsed.walk("VTIMEZONE")  # so that other calendars know Europe/Berlin

    other = tmp_path / "other.db"
    from desktop.store.database import open_database

    elsewhere = open_database(other)
    try:
        assert import_ics(elsewhere, out).imported == 1
        found = occurrences(elsewhere, date(2026, 3, 1), date(2026, 5, 1), berlin)
        assert [to_local(o.start, berlin).strftime("%m-%d %H:%M") for o in found] == [
            "03-16 09:00",
            "03-30 11:00",
            "04-06 09:00",
        ]
    finally:
        elsewhere.close()


def test_export_of_one_contact_and_a_bad_range(db, tmp_path):
    anna = add_contact(db, "Anna", "Schmidt")
    schedule(db, "With Anna", datetime(2026, 5, 4, 9), datetime(2026, 5, 4, 10), contacts=(anna,))
    schedule(db, "Alone", datetime(2026, 5, 5, 9), datetime(2026, 5, 5, 10))
    out = tmp_path / "anna.ics"
    assert export_ics(db, out, contact_id=anna) == 1
    assert "With Anna" in out.read_text() and "Alone" not in out.read_text()
    with pytest.raises(RapportError, match="ends"):
        export_ics(db, out, date(2026, 5, 5), date(2026, 5, 1))


def test_a_moved_override_is_imported_and_a_mixed_one_skips_its_event(db, tmp_path):
    path = tmp_path / "overrides.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
        "BEGIN:VEVENT\r\nUID:weekly\r\nSUMMARY:Jour fixe\r\n"
        "DTSTART;TZID=Europe/Berlin:20260302T090000\r\nDTEND;TZID=Europe/Berlin:20260302T100000\r\n"
        "RRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:weekly\r\nSUMMARY:Jour fixe (moved)\r\n"
        "RECURRENCE-ID;TZID=Europe/Berlin:20260309T090000\r\n"
        "DTSTART;TZID=Europe/Berlin:20260310T140000\r\nDTEND;TZID=Europe/Berlin:20260310T150000\r\n"
        "END:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:daily\r\nSUMMARY:Fair\r\nDTSTART;VALUE=DATE:20260302\r\n"
        "RRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:daily\r\nSUMMARY:Fair\r\nRECURRENCE-ID;VALUE=DATE:20260303\r\n"
        "DTSTART:20260303T100000Z\r\nDTEND:20260303T110000Z\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    result = import_ics(db, path)
    assert result.messages == (
        "event 'Fair' skipped: its change to the occurrence of 2026-03-03 mixes dates and times",
    )
    berlin = zone("Europe/Berlin")
    found = occurrences(db, date(2026, 3, 1), date(2026, 4, 1), berlin)
    assert [(o.subject, to_local(o.start, berlin).strftime("%m-%d %H:%M")) for o in found] == [
        ("Jour fixe", "03-02 09:00"),
        ("Jour fixe (moved)", "03-10 14:00"),
        ("Jour fixe", "03-16 09:00"),
    ]


def test_cancelling_an_import_keeps_nothing(db):
    calls = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return False

    with pytest.raises(RapportError, match="cancelled; nothing was imported"):
        import_ics(db, THUNDERBIRD, progress=progress)
    # progress counts the bytes read (a stream has no event count up front, issue 13.6)
    size = THUNDERBIRD.stat().st_size
    assert len(calls) == 1 and 0 < calls[0][0] <= size and calls[0][1] == size
    assert occurrences(db, date(2017, 10, 1), date(2018, 7, 1), PARIS) == []


def test_an_outlook_series_in_a_windows_zone_keeps_its_wall_clock(db, tmp_path):
    path = tmp_path / "outlook.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0//EN\r\n"
        "BEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\n"
        "BEGIN:STANDARD\r\nDTSTART:16011028T030000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
        "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
        "BEGIN:DAYLIGHT\r\nDTSTART:16010325T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
        "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
        "BEGIN:VEVENT\r\nUID:outlook-1\r\nSUMMARY:Vertriebsrunde\r\n"
        "DTSTART;TZID=W. Europe Standard Time:20260316T090000\r\n"
        "DTEND;TZID=W. Europe Standard Time:20260316T100000\r\n"
        "RRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert import_ics(db, path).imported == 1
    berlin = zone("Europe/Berlin")
    found = occurrences(db, date(2026, 3, 1), date(2026, 4, 30), berlin)
    assert [to_local(o.start, berlin).strftime("%m-%d %H:%M") for o in found] == [
        "03-16 09:00",
        "03-23 09:00",
        "03-30 09:00",
    ]
