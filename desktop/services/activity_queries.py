"""Reading activities: the calendar's occurrences in a range, the task list, alarms due,
conflicts, and a contact's activities.

These run on every switch of month or week, so they are Core queries on indexed ranges
(starts_at, start_date) returning frozen values; series are expanded in Python only for the
window asked for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from operator import attrgetter
from typing import Any

from sqlalchemy import Connection, Row, Select, false, or_, select, true

from desktop.errors import RapportError
from desktop.services import recurrence
from desktop.services.activities import (
    MAX_ALL_DAY_SPAN,
    MAX_TIMED_SPAN,
    load_activity,
    occurrence_placement,
)
from desktop.services.activity_values import (
    Occurrence,
)
from desktop.store.database import Database
from desktop.store.entities import (
    Activity,
    ActivityContact,
    ActivityException,
    ActivityStatus,
    ActivityType,
    Contact,
)

# SQLite allows 32766 bound parameters; stay far below for any backend.
_CHUNK = 900

_COLUMNS = (
    Activity.id,
    Activity.type_id,
    Activity.subject,
    Activity.all_day,
    Activity.starts_at,
    Activity.ends_at,
    Activity.start_date,
    Activity.end_date,
    Activity.rrule,
    Activity.tzid,
    Activity.priority,
    Activity.location,
    Activity.status,
    Activity.alarm_minutes,
    Activity.series_until,
    ActivityType.name,
    ActivityType.color,
    Contact.display_name.label("contact_name"),
)


def _base() -> Select[*tuple[Any, ...]]:
    """The occurrence columns with the linked contacts' names (one row per contact, outer
    joined: the names come in the same query instead of a second round trip)."""
    return (
        select(*_COLUMNS)
        .join(ActivityType, ActivityType.id == Activity.type_id)
        .outerjoin(ActivityContact, ActivityContact.activity_id == Activity.id)
        .outerjoin(Contact, Contact.id == ActivityContact.contact_id)
    )


def _grouped(
    rows: Iterable[Row[Any]], statuses: Sequence[str]
) -> list[tuple[Row[Any], tuple[str, ...]]]:
    """One (row, contact names) per activity, in the order the activities came."""
    found: dict[int, tuple[Row[Any], list[str]]] = {}
    for r in rows:
        if r.status not in statuses:
            continue
        entry = found.get(r.id)
        if entry is None:
            entry = found[r.id] = (r, [])
        if r.contact_name is not None:
            entry[1].append(r.contact_name)
    return [(r, tuple(sorted(names))) for r, names in found.values()]


def window_bounds(first_day: date, end_day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """The UTC instants of local midnight at the start of first_day and of end_day."""
    return (
        recurrence.to_utc(datetime.combine(first_day, time()), tz),
        recurrence.to_utc(datetime.combine(end_day, time()), tz),
    )


_ExceptionMap = dict[datetime, tuple[recurrence.Moved | None, str | None]]


@dataclass(frozen=True)
class SeriesSet:
    """Every recurring series (row, contact names, exceptions), read once and reused while the
    user pages through weeks and months. Finding the series takes a scan of the activities
    table (no index covers "has a rule"): the one part of a page switch that would grow with
    the whole table. Whoever holds one drops it when the change bus reports activities."""

    rows: tuple[tuple[Row[Any], tuple[str, ...]], ...]
    exceptions: dict[int, _ExceptionMap]


def _statuses(include_cleared: bool) -> list[str]:
    statuses = [ActivityStatus.OPEN.value, ActivityStatus.DONE.value]
    if include_cleared:
        statuses.append(ActivityStatus.CLEARED.value)
    return statuses


def load_series(db: Database, *, include_cleared: bool = False) -> SeriesSet:
    with db.engine.connect() as conn:
        # Status is filtered in Python, not in SQL: given it, SQLite walks the (status,
        # starts_at) index over every open row instead of scanning the table once.
        rows = _grouped(
            conn.execute(_base().where(Activity.rrule != "")).all(), _statuses(include_cleared)
        )
        return SeriesSet(tuple(rows), _exceptions(conn, [r.id for r, _ in rows]))


def occurrences(
    db: Database,
    first_day: date,
    end_day: date,
    tz: tzinfo,
    *,
    include_cleared: bool = False,
    series: SeriesSet | None = None,
) -> list[Occurrence]:
    """Every occurrence overlapping the local days [first_day, end_day) in zone `tz`, sorted
    by start: single activities from two indexed range queries, series expanded (from
    `series` when the caller keeps them, else read now)."""
    lo, hi = window_bounds(first_day, end_day, tz)
    statuses = _statuses(include_cleared)
    timed = _base().where(
        Activity.all_day == false(),
        Activity.rrule == "",
        Activity.starts_at >= lo - MAX_TIMED_SPAN,
        Activity.starts_at < hi,
        or_(Activity.ends_at > lo, Activity.starts_at >= lo),
        Activity.status.in_(statuses),
    )
    all_day = _base().where(
        Activity.all_day == true(),
        Activity.rrule == "",
        Activity.start_date >= first_day - MAX_ALL_DAY_SPAN,
        Activity.start_date < end_day,
        Activity.end_date > first_day,
    )
    with db.engine.connect() as conn:
        rows = _grouped([*conn.execute(timed).all(), *conn.execute(all_day).all()], statuses)
    if series is None:
        series = load_series(db, include_cleared=include_cleared)
    found = [_single(r, names) for r, names in rows]
    oldest = lo - MAX_ALL_DAY_SPAN
    for r, names in series.rows:
        if r.series_until is None or r.series_until >= oldest:
            found.extend(
                _expand(r, names, series.exceptions.get(r.id, {}), lo, hi, first_day, end_day)
            )
    found.sort(key=attrgetter("start", "end", "activity_id"))
    return found


def _occurrence(
    r: Row[Any],
    names: tuple[str, ...],
    original: datetime | None,
    start: datetime,
    end: datetime,
    subject: str | None = None,
) -> Occurrence:
    return Occurrence(
        r.id,
        original,
        start,
        end,
        bool(r.all_day),
        subject or r.subject,
        r.type_id,
        r.name,
        r.color,
        r.priority,
        r.location,
        r.status,
        r.alarm_minutes,
        names,
    )


def _single(r: Row[Any], names: tuple[str, ...]) -> Occurrence:
    if r.all_day:
        start = datetime.combine(r.start_date, time())
        return _occurrence(r, names, None, start, datetime.combine(r.end_date, time()))
    return _occurrence(r, names, None, r.starts_at, r.ends_at)


def _expand(
    r: Row[Any],
    names: tuple[str, ...],
    exceptions: _ExceptionMap,
    lo: datetime,
    hi: datetime,
    first_day: date,
    end_day: date,
) -> list[Occurrence]:
    moves = {k: v[0] for k, v in exceptions.items()}
    if r.all_day:
        days = (r.end_date - r.start_date).days
        instances = recurrence.expand_all_day(
            r.rrule, r.start_date, days, first_day, end_day, moves
        )
    else:
        duration = r.ends_at - r.starts_at
        instances = recurrence.expand_timed(r.rrule, r.starts_at, duration, r.tzid, lo, hi, moves)
    return [
        _occurrence(
            r,
            names,
            i.original_start,
            i.start,
            i.end,
            exceptions.get(i.original_start, (None, None))[1],
        )
        for i in instances
    ]


def chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _exceptions(
    conn: Connection, ids: Sequence[int]
) -> dict[int, dict[datetime, tuple[recurrence.Moved | None, str | None]]]:
    found: dict[int, dict[datetime, tuple[recurrence.Moved | None, str | None]]] = defaultdict(dict)
    for chunk in chunks(ids):
        for e in conn.execute(
            select(
                ActivityException.activity_id,
                ActivityException.original_start,
                ActivityException.kind,
                ActivityException.new_start,
                ActivityException.new_end,
                ActivityException.subject,
            ).where(ActivityException.activity_id.in_(chunk))
        ):
            moved = (
                recurrence.Moved(e.new_start, e.new_end)
                if e.kind == "moved" and e.new_start is not None
                else None
            )
            found[e.activity_id][e.original_start] = (moved, e.subject)
    return found


def find_occurrence(
    db: Database, activity_id: int, original_start: datetime, tz: tzinfo
) -> Occurrence | None:
    """One occurrence of a series as the calendar shows it (moved where it went), by its key;
    None when it was skipped or is no occurrence of the series."""
    with db.session() as session:
        try:
            placement = occurrence_placement(load_activity(session, activity_id), original_start)
        except RapportError:
            return None
    day = recurrence.to_local(placement.start, tz).date()
    found = occurrences(db, day - timedelta(days=1), day + timedelta(days=2), tz)
    return next((o for o in found if o.key == (activity_id, original_start)), None)


def next_occurrences(
    conn: Connection, ids: Sequence[int], after: datetime, today: date
) -> dict[int, recurrence.Instance | None]:
    """For each series of `ids`: its next occurrence still to come (timed ones starting at or
    after the instant `after`, all-day ones on or after `today`), or None when none is left.
    What the card and the customer sheet show for a series instead of its first date."""
    found: dict[int, recurrence.Instance | None] = {}
    moves = {i: {k: v[0] for k, v in e.items()} for i, e in _exceptions(conn, ids).items()}
    for chunk in chunks(ids):
        for r in conn.execute(
            select(Activity.id, Activity.rrule, Activity.all_day, Activity.starts_at,
                   Activity.start_date, Activity.tzid)
            .where(Activity.id.in_(chunk), Activity.rrule != "")
        ):  # fmt: skip
            if r.all_day:
                first = datetime.combine(r.start_date, time())
                found[r.id] = recurrence.next_occurrence(
                    r.rrule, first, None, datetime.combine(today, time()), moves.get(r.id)
                )
            else:
                found[r.id] = recurrence.next_occurrence(
                    r.rrule, r.starts_at, r.tzid, after, moves.get(r.id)
                )
    return found


def conflicts(
    db: Database,
    start: datetime,
    end: datetime,
    tz: tzinfo,
    exclude_id: int | None = None,
) -> list[Occurrence]:
    """Open timed occurrences overlapping [start, end) (naive UTC): the schedule dialog's
    warning. A zero-length activity conflicts with what runs at its instant."""
    first = recurrence.to_local(start, tz).date()
    last = recurrence.to_local(end, tz).date() + timedelta(days=1)
    return [
        o
        for o in occurrences(db, first, last, tz)
        if not o.all_day
        and o.status == ActivityStatus.OPEN
        and o.activity_id != exclude_id
        and o.start < max(end, start + timedelta(seconds=1))
        and max(o.end, o.start + timedelta(seconds=1)) > start
    ]
