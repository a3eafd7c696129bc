"""`python -m benchmarks calendar`: the calendar on 50,000 activities over three years.

Prints month_view_ms and week_view_ms (switch to another month or week: occurrences loaded,
series expanded, blocks laid out and the view painted; median over several switches) and
task_list_ms (the open to-do and overdue list loaded and painted), each beside the bare
sqlite3 query for the same range. Targets: 50, 50 and 150 ms.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

from benchmarks.common import DATA

CONTACTS = 2_000
SERIES = 60
FIRST_DAY = date(2025, 1, 1)
DAYS = 3 * 365


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--activities", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=9, help="switches per figure (median)")


def _generate(path: Path, count: int) -> None:
    """Contacts and `count` activities in one transaction with Core executemany: calls and
    meetings in working hours, to-dos, all-day items and a few weekly series; the past mostly
    done, the future open."""
    from sqlalchemy import insert, select

    from desktop.store import search_index
    from desktop.store.database import open_database
    from desktop.store.entities import Activity, ActivityContact, ActivityType, Contact

    partial = path.with_suffix(".partial.db")
    for suffix in ("", "-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    db = open_database(partial)
    rng = random.Random(4)
    today = date.today()
    with db.transaction() as conn:
        types = dict(conn.execute(select(ActivityType.name, ActivityType.id)).all())
        conn.execute(
            insert(Contact),
            [_contact(i) for i in range(1, CONTACTS + 1)],
        )
        search_index.reindex_range(conn, 1, CONTACTS)
        rows = []
        for i in range(1, count + 1):
            day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
            kind = rng.random()
            past = day < today
            row = {
                "id": i, "subject": f"Activity {i}", "priority": rng.choice((1, 2, 2, 3)),
                "status": "done" if past and rng.random() < 0.85 else "open",
                "all_day": False, "starts_at": None, "ends_at": None,
                "start_date": None, "end_date": None, "rrule": "", "tzid": "Europe/Berlin",
                "series_until": None,
            }  # fmt: skip
            if kind < 0.05:
                row.update(type_id=types["Meeting"], all_day=True, start_date=day,
                           end_date=day + timedelta(days=rng.choice((1, 1, 2, 3))))  # fmt: skip
            else:
                start = datetime.combine(day, datetime.min.time()) + timedelta(
                    hours=rng.randrange(7, 17), minutes=rng.choice((0, 15, 30, 45))
                )
                name = "To-do" if kind < 0.2 else "Call" if kind < 0.6 else "Meeting"
                length = {"To-do": 0, "Call": 15, "Meeting": rng.choice((30, 60, 90))}[name]
                row.update(type_id=types[name], starts_at=start,
                           ends_at=start + timedelta(minutes=length))  # fmt: skip
                if i <= SERIES:
                    row.update(rrule="FREQ=WEEKLY;COUNT=52", status="open",
                               series_until=start + timedelta(weeks=51))  # fmt: skip
            rows.append(row)
        conn.execute(insert(Activity), rows)
        conn.execute(
            insert(ActivityContact),
            [
                {"activity_id": i, "contact_id": rng.randrange(1, CONTACTS + 1)}
                for i in range(1, count + 1)
            ],
        )
    db.close()
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(path)


def _contact(i: int) -> dict[str, object]:
    return {
        "id": i,
        "crm_number": f"C-{i:06d}",
        "first_name": f"First{i}",
        "last_name": f"Last{i}",
        "display_name": f"First{i} Last{i}",
        "sort_name": f"last{i} first{i}",
    }


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(args: argparse.Namespace) -> Iterator[tuple[str, float, str]]:
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

    from desktop.store.database import open_database
    from desktop.views.calendar_view import CalendarView
    from desktop.views.change_bus import ChangeBus

    path = Path(args.db) if args.db else DATA / f"calendar-{args.activities}.db"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        _generate(path, args.activities)
    app = QApplication.instance() or QApplication([])
    db = open_database(path)
    raw = sqlite3.connect(path)
    view = CalendarView(db, ChangeBus(), QUndoStack(), "Europe/Berlin")
    view.resize(1280, 860)
    view.show()
    app.processEvents()
    rng = random.Random(1)

    def switch(mode: str, day: date) -> None:
        view.go_to(day)
        view.stack.currentWidget().repaint()
        if mode != "month":
            view.day_week.band.repaint()

    def raw_range(first: date, days: int) -> None:
        lo = datetime.combine(first, datetime.min.time())
        hi = lo + timedelta(days=days)
        raw.execute(
            "SELECT a.id, a.subject, a.starts_at, a.ends_at, t.name, t.color, c.display_name "
            "FROM activities a JOIN activity_types t ON t.id = a.type_id "
            "LEFT JOIN activity_contacts ac ON ac.activity_id = a.id "
            "LEFT JOIN contacts c ON c.id = ac.contact_id "
            "WHERE a.starts_at >= ? AND a.starts_at < ?",
            (lo.isoformat(" "), hi.isoformat(" ")),
        ).fetchall()

    days = [FIRST_DAY + timedelta(days=rng.randrange(DAYS - 60)) for _ in range(args.repeat)]
    for mode, name, span in (("month", "month", 42), ("week", "week", 7)):
        view.set_mode(mode)
        switch(mode, days[0] - timedelta(days=40))  # warm up: first paint, fonts, caches
        samples = [_timed(lambda d=d, m=mode: switch(m, d)) for d in days]
        yield f"{name}_view_ms", _median_ms(samples), "ms"
        shown = view.model.rowCount()
        yield f"{name}_view_rows", shown, "rows"
        samples = [_timed(lambda d=d, n=span: raw_range(d, n)) for d in days]
        yield f"raw_{name}_query_ms", _median_ms(samples), "ms"

    view.tabs.setCurrentIndex(1)
    app.processEvents()

    def task_list() -> None:
        view.tasks.model.refresh()
        view.tasks.table.viewport().repaint()

    samples = [_timed(task_list) for _ in range(args.repeat)]
    yield "task_list_ms", _median_ms(samples), "ms"
    yield "task_list_rows", view.tasks.model.rowCount(), "rows"
    now = datetime.now().isoformat(" ")
    today = date.today().isoformat()

    def raw_tasks() -> None:
        raw.execute(
            "SELECT a.id, a.subject, a.starts_at, a.priority, t.name, c.display_name "
            "FROM activities a JOIN activity_types t ON t.id = a.type_id "
            "LEFT JOIN activity_contacts ac ON ac.activity_id = a.id "
            "LEFT JOIN contacts c ON c.id = ac.contact_id "
            "WHERE a.status = 'open' AND a.rrule = '' AND (t.history_kind = 'todo' "
            "OR (a.all_day = 0 AND a.ends_at < ?) OR (a.all_day = 1 AND a.end_date <= ?))",
            (now, today),
        ).fetchall()

    samples = [_timed(raw_tasks) for _ in range(args.repeat)]
    yield "raw_task_query_ms", _median_ms(samples), "ms"
    view.set_mode("week")
    view.tabs.setCurrentIndex(0)
    view.go_to(date.today())
    app.processEvents()
    view.grab().save(str(DATA / "calendar-week.png"))
    view.set_mode("month")
    app.processEvents()
    view.grab().save(str(DATA / "calendar-month.png"))
    raw.close()
    db.close()
