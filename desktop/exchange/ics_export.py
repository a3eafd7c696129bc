"""Writing activities to an .ics file other calendars (Outlook, Google, Thunderbird) read.

A series is written as one VEVENT with its RRULE on its own wall clock (DTSTART;TZID= with a
VTIMEZONE), skipped occurrences as EXDATE and moved ones as RECURRENCE-ID overrides, so that
it repeats at the same local time there as here; single activities are UTC instants and
all-day ones VALUE=DATE. To-dos are VTODOs with DUE, STATUS and COMPLETED. CATEGORIES carries
the activity type, the stored UID the identity, and X-RAPPORT- properties what only Rapport
keeps (status, result, owner): import reads all of them back.
"""

from __future__ import annotations

import os
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path

import icalendar
from sqlalchemy import select

from desktop.errors import RapportError
from desktop.exchange import ics_rapport_fields as fields
from desktop.services import recurrence
from desktop.services.activity_queries import occurrences
from desktop.store.database import Database
from desktop.store.entities import (
    Activity,
    ActivityContact,
    ActivityException,
    ActivityStatus,
    ActivityType,
    Contact,
)

PRODID = "-//Rapport//Rapport calendar//EN"
_PRIORITY = {1: 1, 2: 5, 3: 9}


def export_ics(
    db: Database,
    out_path: Path | str,
    start: date | None = None,
    end: date | None = None,
    contact_id: int | None = None,
) -> int:
    """Write the activities touching [start, end] (whole series when one occurrence does), or
    all, or one contact's, to `out_path`; returns how many activities were written."""
    out_path = Path(out_path)
    if start is not None and end is not None and end < start:
        raise RapportError(f"the range ends ({end}) before it starts ({start})")
    ids = _selected_ids(db, start, end, contact_id)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    with db.session() as session:
        rows = session.scalars(select(Activity).where(Activity.id.in_(ids)).order_by(Activity.id))
        activities = list(rows)
        types = {
            type_id: (name, kind)
            for type_id, name, kind in session.execute(
                select(ActivityType.id, ActivityType.name, ActivityType.history_kind)
            )
        }
        attendees: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for activity_id, name, email in session.execute(
            select(ActivityContact.activity_id, Contact.display_name, Contact.primary_email)
            .join(Contact, Contact.id == ActivityContact.contact_id)
            .where(ActivityContact.activity_id.in_(ids))
        ):
            attendees[activity_id].append((name, email))
        exceptions: dict[int, list[ActivityException]] = defaultdict(list)
        for exc in session.scalars(
            select(ActivityException).where(ActivityException.activity_id.in_(ids))
        ):
            exceptions[exc.activity_id].append(exc)
        for activity in activities:
            name, kind = types[activity.type_id]
            for component in _components(
                activity, name, kind == "todo", attendees[activity.id], exceptions[activity.id]
            ):
                calendar.add_component(component)
    calendar.add_missing_timezones()
    _write(out_path, calendar.to_ical())
    return len(activities)


def _selected_ids(
    db: Database, start: date | None, end: date | None, contact_id: int | None
) -> list[int]:
    if start is not None or end is not None:
        first = start or date(1900, 1, 1)
        last = end or date(9000, 1, 1)
        found = occurrences(db, first, last + timedelta(days=1), UTC)
        ids = {o.activity_id for o in found}
    else:
        with db.session() as session:
            ids = set(
                session.scalars(
                    select(Activity.id).where(Activity.status != ActivityStatus.CLEARED)
                )
            )
    if contact_id is not None:
        with db.session() as session:
            if session.get(Contact, contact_id) is None:
                raise RapportError(f"no contact with id {contact_id}")
            ids &= set(
                session.scalars(
                    select(ActivityContact.activity_id).where(
                        ActivityContact.contact_id == contact_id
                    )
                )
            )
    return sorted(ids)


def _components(
    activity: Activity,
    type_name: str,
    todo: bool,
    attendees: list[tuple[str, str]],
    exceptions: list[ActivityException],
) -> list[icalendar.cal.Component]:
    event: icalendar.cal.Component = icalendar.Todo() if todo else icalendar.Event()
    uid = activity.uid
    event.add("uid", uid)
    event.add("dtstamp", datetime.now(UTC))
    event.add("summary", activity.subject)
    event.add("categories", [type_name])
    if activity.location:
        event.add("location", activity.location)
    if activity.regarding:
        event.add("description", activity.regarding)
    event.add("priority", _PRIORITY.get(activity.priority, 5))
    _add_state(event, activity, todo)
    tz = recurrence.zone(activity.tzid)
    start, end = _times(activity, tz)
    event.add("dtstart", start)
    # a to-do is due at its end; RFC 5545 gives VTODO no DTEND
    event.add("due" if todo else "dtend", end)
    if activity.rrule:
        event.add("rrule", icalendar.vRecur.from_ical(activity.rrule))
    for name, email in attendees:
        if email:
            event.add("attendee", f"mailto:{email}", parameters={"CN": name})
    if activity.alarm_minutes is not None:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", activity.subject)
        alarm.add("trigger", timedelta(minutes=-activity.alarm_minutes))
        event.add_component(alarm)
    skipped = [e.original_start for e in exceptions if e.kind == "skip"]
    if skipped:
        event.add("exdate", [_instant(s, activity, tz) for s in skipped])
    overrides = [event]
    for exc in exceptions:
        if exc.kind != "moved" or exc.new_start is None:
            continue
        moved = icalendar.Event()
        moved.add("uid", uid)
        moved.add("dtstamp", datetime.now(UTC))
        moved.add("recurrence-id", _instant(exc.original_start, activity, tz))
        moved.add("summary", exc.subject or activity.subject)
        moved.add("dtstart", _instant(exc.new_start, activity, tz))
        moved.add("dtend", _instant(exc.new_end or exc.new_start, activity, tz))
        overrides.append(moved)
    return overrides


def _add_state(event: icalendar.cal.Component, activity: Activity, todo: bool) -> None:
    """Status the standard way where there is one, and Rapport's own fields as X- properties
    (a VEVENT has no 'done')."""
    status = ActivityStatus(activity.status)
    if todo:
        event.add("status", fields.TODO_STATUS[status])
        if activity.completed_at is not None and status == ActivityStatus.DONE:
            event.add("completed", activity.completed_at.replace(tzinfo=UTC))
    elif status == ActivityStatus.CLEARED:
        event.add("status", "CANCELLED")
    event.add(fields.STATUS, status.value)
    event.add(fields.PRIORITY, str(activity.priority))
    if activity.completed_at is not None:
        event.add(fields.COMPLETED, f"{activity.completed_at:%Y%m%dT%H%M%SZ}")
    if activity.result:
        event.add(fields.RESULT, activity.result)
    if activity.owner:
        event.add(fields.OWNER, activity.owner)


def _times(activity: Activity, tz: tzinfo) -> tuple[date | datetime, date | datetime]:
    if activity.all_day:
        assert activity.start_date is not None and activity.end_date is not None
        return activity.start_date, activity.end_date
    assert activity.starts_at is not None and activity.ends_at is not None
    return _instant(activity.starts_at, activity, tz), _instant(activity.ends_at, activity, tz)


def _instant(value: datetime, activity: Activity, tz: tzinfo) -> date | datetime:
    """A stored instant as the file should say it: a date for all-day, wall-clock time in the
    series' zone for a series (so TZID travels with it), UTC otherwise."""
    if activity.all_day:
        return value.date()
    aware = value.replace(tzinfo=UTC)
    return aware.astimezone(tz) if activity.rrule else aware


def _write(path: Path, data: bytes) -> None:
    """Write beside the target and rename, so a failed export never leaves half a file."""
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise RapportError(f"{path}: cannot be written ({exc.strerror})") from exc
