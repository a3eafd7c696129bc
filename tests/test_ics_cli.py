"""`rapport import FILE.ics` and `rapport export --format ics` through the real console script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import icalendar

ROOT = Path(__file__).resolve().parents[1]
REALDATA_ICS = ROOT / "tests" / "data" / "realdata" / "ics"
GOOGLE = REALDATA_ICS / "google_allday_rrule_exdate_broken__icalendar.ics"
THUNDERBIRD = REALDATA_ICS / "thunderbird_rrule_exdate_cancelled_overrides__vobject.ics"
RAPPORT = Path(sys.executable).with_name("rapport")


def _rapport(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(RAPPORT), *map(str, args)], capture_output=True, text=True, timeout=120
    )


def test_import_real_ics_files_then_export_a_range(tmp_path: Path) -> None:
    db = tmp_path / "cal.db"
    google = _rapport("import", "--db", db, GOOGLE)
    assert google.returncode == 0, google.stderr
    assert google.stdout.splitlines() == [
        f"{GOOGLE.name}: 1 imported, 1 skipped",
        "event 'Wrong event' skipped: EXDATE cannot be read "
        "(Expected datetime, date, or time. Got: '')",
    ]
    thunderbird = _rapport("import", "--db", db, THUNDERBIRD)
    assert thunderbird.stdout.startswith(f"{THUNDERBIRD.name}: 1 imported, 0 skipped")

    out = tmp_path / "spring-2018.ics"
    exported = _rapport("export", "--db", db, "--format", "ics", "--from", "2018-01-01",
                        "--to", "2018-03-31", out)  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.strip() == f"1 activities written to {out}"
    [event] = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert str(event.get("SUMMARY")) == "Cours Balboa"
    assert event.get("RRULE") is not None and event.get("EXDATE") is not None


def test_a_file_that_is_not_a_calendar_fails_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "notes.ics"
    bad.write_text("just some notes\n")
    done = _rapport("import", "--db", tmp_path / "cal.db", bad)
    assert done.returncode != 0
    assert done.stderr.strip().endswith("notes.ics: not an iCalendar file (no BEGIN:VCALENDAR)")


def test_an_import_of_which_nothing_was_imported_exits_non_zero(tmp_path: Path) -> None:
    backwards = tmp_path / "backwards.ics"
    backwards.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:b1\r\n"
        "SUMMARY:Backwards\r\nDTSTART;VALUE=DATE:20261105\r\nDTEND;VALUE=DATE:20261104\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    done = _rapport("import", "--db", tmp_path / "cal.db", backwards)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "backwards.ics: nothing imported, 1 skipped",
        "event 'Backwards' skipped: it ends on 2026-11-04, before it starts on 2026-11-05",
    ]
