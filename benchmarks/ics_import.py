"""Importing a 100,000-event .ics into a copy of the 1M-contact demo (part of `python -m
benchmarks exchange`).

Prints ics_import_100k_s (end to end: stream, parse, check, write) and ics_import_rss_mb (peak
resident memory of the importing process, a subprocess of its own) beside raw_ics_parse_100k_s:
icalendar parsing the same 100,000 events one by one and nothing else, the floor any import
built on the library pays. The file mixes what calendars hold: timed events in zones, all-day
ones, weekly series with an EXDATE, to-dos, attendees.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks.common import DATA

EVENTS = 100_000

_CHILD = """
import json, os, resource, sys, time
from pathlib import Path
from desktop.store.database import open_database
from desktop.exchange.ics import import_ics
from desktop.store.backup import backup_before
db = open_database(Path(sys.argv[1]))
backup_before(db, "import")  # timed with the other import's backup_before_import_s, not here
os.sync()
start = time.perf_counter()
result = import_ics(db, Path(sys.argv[2]), backup_first=False)
elapsed = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"import": elapsed, "rss": rss, "imported": result.imported,
                  "skipped": result.skipped}))
"""


def _event(i: int) -> str:
    day = f"2027{(i % 12) + 1:02d}{(i % 28) + 1:02d}"
    head = f"UID:bench-{i}@example.com\r\nDTSTAMP:20261201T000000Z\r\nSUMMARY:Kundentermin {i}\r\n"
    if i % 10 == 0:
        return (f"BEGIN:VTODO\r\n{head}DTSTART;VALUE=DATE:{day}\r\nDUE;VALUE=DATE:{day}\r\n"
                "STATUS:NEEDS-ACTION\r\nEND:VTODO\r\n")  # fmt: skip
    if i % 10 == 1:
        return (f"BEGIN:VEVENT\r\n{head}DTSTART;VALUE=DATE:{day}\r\nDTEND;VALUE=DATE:{day}\r\n"
                "END:VEVENT\r\n")  # fmt: skip
    rule = "RRULE:FREQ=WEEKLY;COUNT=10\r\n" if i % 50 == 2 else ""
    return (
        f"BEGIN:VEVENT\r\n{head}DTSTART;TZID=Europe/Berlin:{day}T{9 + i % 8:02d}0000\r\n"
        f"DTEND;TZID=Europe/Berlin:{day}T{9 + i % 8:02d}3000\r\n{rule}"
        f"LOCATION:Raum {i % 40}\r\nDESCRIPTION:Angebot besprechen\\, Termin {i}\r\n"
        f"ATTENDEE;CN=Lead {i % 300}:mailto:lead{i % 300}@fair-leads.de\r\n"
        "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\n"
    )


def calendar_file(events: int = EVENTS) -> Path:
    path = DATA / f"calendar-{events}.ics"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8", newline="") as out:
            out.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n")
            for i in range(events):
                out.write(_event(i))
            out.write("END:VCALENDAR\r\n")
        partial.rename(path)
    return path


def _raw_parse(path: Path) -> float:
    """icalendar parsing each event of the file on its own, nothing stored."""
    import icalendar

    start = time.perf_counter()
    block: list[bytes] = []
    with path.open("rb") as stream:
        for line in stream:
            if line.startswith((b"BEGIN:VEVENT", b"BEGIN:VTODO")):
                block = [line]
            elif block:
                block.append(line)
                if line.startswith((b"END:VEVENT", b"END:VTODO")):
                    icalendar.Component.from_ical(b"".join(block))
                    block = []
    return time.perf_counter() - start


def run(demo: Path) -> Iterator[tuple[str, float, str]]:
    """The figures, measured on a scratch copy of `demo` (the shared file is never written)."""
    source = calendar_file()
    yield "raw_ics_parse_100k_s", _raw_parse(source), "s"
    target = DATA / "ics-import.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(demo, target)
    os.sync()
    # The backup every import takes first goes to a scratch data folder, not the user's own.
    with tempfile.TemporaryDirectory(prefix="rapport-bench-") as scratch:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(target), str(source)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "RAPPORT_DATA_DIR": scratch},
        )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"# ics: {figures['imported']} imported, {figures['skipped']} skipped", file=sys.stderr)
    yield "ics_import_100k_s", figures["import"], "s"
    yield "ics_import_rss_mb", figures["rss"], "MB"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
