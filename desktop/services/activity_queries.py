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
from typing import Any

from sqlalchemy import Connection, Row, Select, and_, false, or_, select, true

from desktop.services import contact_list, recurrence
from desktop.services.activities import MAX_ALL_DAY_SPAN, MAX_TIMED_SPAN
from desktop.services.activity_values import (
    Alarm,
    ContactActivity,
    Occurrence,
    TaskFilter,
    TaskRow,
)
from desktop.services.contact_list import ListQuery
from desktop.store.database import Database
from desktop.store.entities import (
    Activity,
    ActivityContact,
    ActivityException,
    ActivityStatus,
    ActivityType,
    Contact,
    utcnow,
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
    found.sort(key=lambda o: (o.start, o.end, o.activity_id))
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


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _exceptions(
    conn: Connection, ids: Sequence[int]
) -> dict[int, dict[datetime, tuple[recurrence.Moved | None, str | None]]]:
    found: dict[int, dict[datetime, tuple[recurrence.Moved | None, str | None]]] = defaultdict(dict)
    for chunk in _chunks(ids):
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


def _contact_names(conn: Connection, ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    names: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(sorted(ids)):
        for activity_id, name in conn.execute(
            select(ActivityContact.activity_id, Contact.display_name)
            .join(Contact, Contact.id == ActivityContact.contact_id)
            .where(ActivityContact.activity_id.in_(chunk))
            .order_by(ActivityContact.activity_id, Contact.sort_name)
        ):
            names[activity_id].append(name)
    return {k: tuple(v) for k, v in names.items()}


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


def open_tasks(db: Database, filters: TaskFilter, now: datetime | None = None) -> list[TaskRow]:
    """Open to-dos (any type whose history kind is 'todo') and every overdue open activity
    (ended before now), single ones only: a series is never overdue as a whole."""
    now = now or utcnow()
    today = now.date()
    due = Activity.starts_at
    query = (
        select(
            Activity.id,
            Activity.subject,
            Activity.type_id,
            ActivityType.name,
            ActivityType.color,
            Activity.all_day,
            Activity.starts_at,
            Activity.ends_at,
            Activity.start_date,
            Activity.end_date,
            Activity.priority,
        )
        .join(ActivityType, ActivityType.id == Activity.type_id)
        .where(
            Activity.status == ActivityStatus.OPEN,
            Activity.rrule == "",
            or_(
                ActivityType.history_kind == "todo",
                and_(Activity.all_day == false(), Activity.ends_at < now),
                and_(Activity.all_day == true(), Activity.end_date <= today),
            ),
        )
    )
    if filters.type_id is not None:
        query = query.where(Activity.type_id == filters.type_id)
    if filters.priority is not None:
        query = query.where(Activity.priority == filters.priority)
    if filters.contact_id is not None:
        query = query.where(
            Activity.id.in_(
                select(ActivityContact.activity_id).where(
                    ActivityContact.contact_id == filters.contact_id
                )
            )
        )
    if filters.due_from is not None:
        lo = datetime.combine(filters.due_from, time())
        query = query.where(
            or_(
                and_(Activity.all_day == false(), due >= lo),
                Activity.start_date >= filters.due_from,
            )
        )
    if filters.due_to is not None:
        hi = datetime.combine(filters.due_to + timedelta(days=1), time())
        query = query.where(
            or_(and_(Activity.all_day == false(), due < hi), Activity.start_date <= filters.due_to)
        )
    with db.engine.connect() as conn:
        rows = list(conn.execute(query))
        names = _contact_names(conn, [r.id for r in rows])
    tasks = []
    for r in rows:
        if r.all_day:
            when = datetime.combine(r.start_date, time())
            overdue = r.end_date <= today
        else:
            when = r.starts_at
            overdue = r.ends_at < now
        tasks.append(
            TaskRow(
                r.id,
                r.subject,
                r.type_id,
                r.name,
                r.color,
                when,
                bool(r.all_day),
                r.priority,
                ", ".join(names.get(r.id, ())),
                overdue,
            )
        )
    tasks.sort(key=lambda t: (t.due, t.activity_id))
    return tasks


def due_alarms(
    db: Database,
    tz: tzinfo,
    now: datetime | None = None,
    lookback: timedelta = timedelta(days=7),
) -> list[Alarm]:
    """Alarms whose time has come and that nobody acknowledged: at start-up these are the ones
    missed while the app was closed (up to `lookback` ago). All-day alarms count from local
    midnight of the day."""
    now = now or utcnow()
    local_now = recurrence.to_local(now, tz)
    first = (local_now - lookback).date()
    end = (local_now + timedelta(days=29)).date()
    with db.engine.connect() as conn:
        acks = dict(
            conn.execute(
                select(Activity.id, Activity.alarm_acknowledged_at).where(
                    Activity.alarm_minutes.is_not(None),
                    Activity.status == ActivityStatus.OPEN,
                    Activity.alarm_acknowledged_at.is_not(None),
                )
            ).all()
        )
    alarms = []
    for o in occurrences(db, first, end, tz):
        if o.alarm_minutes is None or o.status != ActivityStatus.OPEN:
            continue
        start_utc = recurrence.to_utc(o.start, tz) if o.all_day else o.start
        alarm_at = start_utc - timedelta(minutes=o.alarm_minutes)
        ack = acks.get(o.activity_id)
        if alarm_at <= now and now - lookback <= start_utc and (ack is None or ack < alarm_at):
            alarms.append(
                Alarm(
                    o.activity_id,
                    o.original_start,
                    o.subject,
                    o.start,
                    o.all_day,
                    alarm_at,
                    o.type_name,
                )
            )
    alarms.sort(key=lambda a: a.alarm_at)
    return alarms


def next_alarm_at(db: Database, tz: tzinfo, now: datetime | None = None) -> datetime | None:
    """When the next alarm within four weeks rings (naive UTC), for the reminder timer."""
    now = now or utcnow()
    local_now = recurrence.to_local(now, tz)
    times = []
    for o in occurrences(db, local_now.date(), (local_now + timedelta(days=29)).date(), tz):
        if o.alarm_minutes is None or o.status != ActivityStatus.OPEN:
            continue
        start_utc = recurrence.to_utc(o.start, tz) if o.all_day else o.start
        alarm_at = start_utc - timedelta(minutes=o.alarm_minutes)
        if alarm_at > now:
            times.append(alarm_at)
    return min(times, default=None)


def activities_of_contact(db: Database, contact_id: int) -> list[ContactActivity]:
    """A contact's activities: open ones first (soonest first), then done and cleared ones
    (latest first)."""
    query = (
        select(
            Activity.id,
            Activity.subject,
            ActivityType.name,
            Activity.starts_at,
            Activity.start_date,
            Activity.rrule,
            Activity.status,
            Activity.result,
        )
        .join(ActivityType, ActivityType.id == Activity.type_id)
        .join(ActivityContact, ActivityContact.activity_id == Activity.id)
        .where(ActivityContact.contact_id == contact_id)
    )
    with db.engine.connect() as conn:
        rows = [
            ContactActivity(
                r.id,
                r.subject,
                r.name,
                r.starts_at,
                r.start_date,
                bool(r.rrule),
                r.status,
                r.result,
            )
            for r in conn.execute(query)
        ]

    def when(a: ContactActivity) -> datetime:
        return a.start or datetime.combine(a.start_date or date.min, time())

    open_ = sorted((a for a in rows if a.status == ActivityStatus.OPEN), key=when)
    closed = sorted((a for a in rows if a.status != ActivityStatus.OPEN), key=when, reverse=True)
    return open_ + closed


def find_contacts(db: Database, text: str, limit: int = 20) -> list[tuple[int, str]]:
    """(id, 'Name — Company (C-000123)') for the schedule dialog's contact lookup: the contacts
    list's own search (full-text index, sorted by name)."""
    if not text.strip():
        return []
    with db.engine.connect() as conn:
        rows = contact_list.first_page(conn, contact_list.plan(conn, ListQuery(search=text)), limit)
    return [
        (r.id, f"{r.display_name} — {r.company} ({r.crm_number})" if r.company
         else f"{r.display_name} ({r.crm_number})")
        for r in rows
    ]  # fmt: skip
