"""The lists around the calendar: open to-dos and overdue items, alarms due, a contact's
activities, and the contact lookup of the schedule dialog."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta, tzinfo
from operator import attrgetter
from typing import Any, TypeVar

from sqlalchemy import Connection, Select, and_, false, or_, select, true

from desktop.services import contact_list, recurrence
from desktop.services.activity_queries import chunks, next_occurrences, occurrences
from desktop.services.activity_values import Alarm, ContactActivity, TaskFilter, TaskRow
from desktop.services.contact_list import ListQuery
from desktop.store.database import Database
from desktop.store.entities import (
    Activity,
    ActivityContact,
    ActivityStatus,
    ActivityType,
    Contact,
    utcnow,
)


def open_tasks(db: Database, filters: TaskFilter, now: datetime | None = None) -> list[TaskRow]:
    """Open to-dos (any type whose history kind is 'todo') and every overdue open activity
    (ended before now). A series is never overdue as a whole; a recurring to-do is listed
    once, at its next occurrence still to do from today."""
    now = now or utcnow()
    ordered = _single_tasks(db, filters, now)
    ordered += _series_tasks(db, filters, now)
    ordered.sort(key=attrgetter("due", "activity_id"))
    return ordered


_Query = TypeVar("_Query", bound=Select[*tuple[Any, ...]])


def _filtered(query: _Query, filters: TaskFilter) -> _Query:
    """The task list's type, priority and contact filters on a query of activities."""
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
    return query


def _series_tasks(db: Database, filters: TaskFilter, now: datetime) -> list[TaskRow]:
    query = _filtered(
        select(Activity.id, Activity.subject, Activity.type_id, ActivityType.name,
               ActivityType.color, Activity.all_day, Activity.starts_at, Activity.ends_at,
               Activity.start_date, Activity.end_date, Activity.priority)
        .join(ActivityType, ActivityType.id == Activity.type_id)
        .where(Activity.status == ActivityStatus.OPEN, Activity.rrule != "",
               ActivityType.history_kind == "todo"),
        filters,
    )  # fmt: skip
    with db.engine.connect() as conn:
        rows = conn.execute(query).all()
        ids = [r.id for r in rows]
        after, today = from_today(now, None)
        upcoming = next_occurrences(conn, ids, after, today) if ids else {}
        names = _contact_names(conn, ids)
    found = []
    for r in rows:
        instance = upcoming.get(r.id)
        if instance is None or not _in_range(instance.start, filters):
            continue
        length = (r.end_date - r.start_date) if r.all_day else (r.ends_at - r.starts_at)
        if r.all_day:
            overdue = (instance.start + length).date() <= now.date()
        else:
            overdue = instance.start + length < now
        found.append(
            TaskRow(r.id, r.subject, r.type_id, r.name, r.color, instance.start, bool(r.all_day),
                    r.priority, ", ".join(sorted(names.get(r.id, ()))), overdue, True,
                    instance.original_start)
        )  # fmt: skip
    return found


def _in_range(due: datetime, filters: TaskFilter) -> bool:
    if filters.due_from is not None and due.date() < filters.due_from:
        return False
    return filters.due_to is None or due.date() <= filters.due_to


def _contact_names(conn: Connection, ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = defaultdict(list)
    for chunk in chunks(ids):
        for activity_id, name in conn.execute(
            select(ActivityContact.activity_id, Contact.display_name)
            .join(Contact, Contact.id == ActivityContact.contact_id)
            .where(ActivityContact.activity_id.in_(chunk))
        ):
            names[activity_id].append(name)
    return names


def _single_tasks(db: Database, filters: TaskFilter, now: datetime) -> list[TaskRow]:
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
            Contact.display_name,
        )
        .join(ActivityType, ActivityType.id == Activity.type_id)
        .outerjoin(ActivityContact, ActivityContact.activity_id == Activity.id)
        .outerjoin(Contact, Contact.id == ActivityContact.contact_id)
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
    query = _filtered(query, filters)
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
    # One row per linked contact (outer join): the names come with the rows, in one query.
    with db.engine.connect() as conn:
        rows = conn.execute(query).all()
    names: dict[int, list[str]] = defaultdict(list)
    firsts: dict[int, Any] = {}
    for row in rows:
        if row[-1] is not None:
            names[row[0]].append(str(row[-1]))
        firsts.setdefault(row[0], row)
    ordered = []
    midnight = time()
    # Unpacked, not read by attribute: a few thousand rows, a dozen fields each.
    for (activity_id, subject, type_id, type_name, color, all_day, starts_at, ends_at,
         start_date, end_date, priority, _contact) in firsts.values():  # fmt: skip
        if all_day:
            when, overdue = datetime.combine(start_date, midnight), end_date <= today
        else:
            when, overdue = starts_at, ends_at < now
        contacts = ", ".join(sorted(names.get(activity_id, ())))
        ordered.append(
            TaskRow(activity_id, subject, type_id, type_name, color, when, bool(all_day),
                    priority, contacts, overdue)
        )  # fmt: skip
    return ordered


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


def activities_of_contact(
    db: Database, contact_id: int, now: datetime | None = None, tz: tzinfo | None = None
) -> list[ContactActivity]:
    """A contact's activities: open ones first (soonest first), then done and cleared ones
    (latest first). An open series is shown at its next occurrence still to come from today
    (local midnight in `tz`): after its 4 Dec occurrence was completed, at 11 Dec; a series
    with none left is not listed as open."""
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
        rows = conn.execute(query).all()
        series = [r.id for r in rows if r.rrule and r.status == ActivityStatus.OPEN]
        after, today = from_today(now, tz)
        upcoming = next_occurrences(conn, series, after, today) if series else {}
    found = []
    for r in rows:
        start, start_date, original = r.starts_at, r.start_date, None
        if r.id in upcoming:
            instance = upcoming[r.id]
            if instance is None:
                continue
            original = instance.original_start
            if start_date is not None:
                start_date = instance.start.date()
            else:
                start = instance.start
        found.append(
            ContactActivity(r.id, r.subject, r.name, start, start_date, bool(r.rrule),
                            r.status, r.result, original)
        )  # fmt: skip

    def when(a: ContactActivity) -> datetime:
        return a.start or datetime.combine(a.start_date or date.min, time())

    open_ = sorted((a for a in found if a.status == ActivityStatus.OPEN), key=when)
    closed = sorted((a for a in found if a.status != ActivityStatus.OPEN), key=when, reverse=True)
    return open_ + closed


def from_today(now: datetime | None, tz: tzinfo | None) -> tuple[datetime, date]:
    """The UTC instant of local midnight today and today's date: where 'still to come' starts
    (an occurrence earlier today that was not completed is still to do)."""
    tz = tz or recurrence.zone(recurrence.local_zone_name())
    today = recurrence.to_local(now or utcnow(), tz).date()
    return recurrence.to_utc(datetime.combine(today, time()), tz), today


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
