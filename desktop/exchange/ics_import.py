"""Reading .ics files (iCalendar, RFC 5545) into activities with the icalendar library.

Each VEVENT/VTODO becomes an activity: RRULE kept as text with the event's IANA zone, EXDATE
and cancelled RECURRENCE-ID overrides become skipped occurrences, other overrides moved ones,
all-day dates stay dates. A broken event is skipped with a message naming it (its SUMMARY, or
its DESCRIPTION when it has none), the rest is imported, all in one transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

import icalendar
from icalendar.timezone import tzid_from_dt
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import RapportError
from desktop.services import recurrence
from desktop.services.activities import schedule_in
from desktop.services.activity_values import ActivityDraft
from desktop.store.backup import backup_before
from desktop.store.database import Database
from desktop.store.entities import (
    Activity,
    ActivityException,
    ActivityType,
    ContactEmail,
)

# A calendar export of many years is a few MB; anything far larger is not a calendar a
# salesperson keeps, and reading it whole would hold it all in memory.
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class IcsImportResult:
    path: Path
    imported: int
    skipped: int
    #: one line per skipped event, naming it and saying why
    messages: tuple[str, ...] = ()
    activity_ids: tuple[int, ...] = field(default=(), repr=False)

    def summary(self) -> str:
        head = f"{self.path.name}: {self.imported} imported, {self.skipped} skipped"
        return "\n".join([head, *self.messages])


#: progress(done, total) -> keep going?
Progress = Callable[[int, int], bool]


class _Skip(Exception):
    """This event cannot be imported; the message says why."""


def import_ics(
    db: Database, path: Path | str, *, progress: Progress | None = None
) -> IcsImportResult:
    """Import every event and to-do of the file; refuses a file that is not iCalendar.

    `progress(done, total)` is called as events are read; when it returns False the import
    stops and nothing of it is kept (one transaction)."""
    path = Path(path)
    calendar = _read(path)
    # a readable file is about to be written in: back up first, as every import does
    backup_before(db, "import")
    components = [c for c in calendar.walk() if c.name in ("VEVENT", "VTODO")]
    masters: list[tuple[int, Any]] = []
    overrides: dict[str, list[Any]] = defaultdict(list)
    for number, component in enumerate(components, start=1):
        if component.get("RECURRENCE-ID") is not None and component.get("UID"):
            overrides[str(component.get("UID"))].append(component)
        else:
            masters.append((number, component))
    imported: list[int] = []
    messages: list[str] = []
    with db.session() as session:
        types = {t.name.lower(): t for t in session.scalars(select(ActivityType))}
        known_uids = set(session.scalars(select(Activity.uid).where(Activity.uid != "")))
        emails = _known_addresses(session, components)
        for done, (number, component) in enumerate(masters, start=1):
            if progress is not None and not progress(done, len(masters)):
                raise RapportError(f"{path.name}: import cancelled; nothing was imported")
            name = _name(component, number)
            uid = str(component.get("UID") or "")
            if uid and uid in known_uids:
                messages.append(f"{name} skipped: already in the calendar (UID {uid})")
                continue
            try:
                with session.begin_nested():
                    draft = _draft(component, types, emails)
                    activity_id = schedule_in(session, draft)
                    _add_exceptions(
                        session, activity_id, component, overrides.get(uid, []), draft, types
                    )
            except (_Skip, RapportError, ValueError, TypeError, KeyError) as exc:
                messages.append(f"{name} skipped: {exc}")
                continue
            imported.append(activity_id)
            if uid:
                known_uids.add(uid)
    return IcsImportResult(path, len(imported), len(messages), tuple(messages), tuple(imported))


def _read(path: Path) -> icalendar.Calendar:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise RapportError(f"{path}: cannot be read ({exc.strerror})") from exc
    if size > MAX_FILE_BYTES:
        raise RapportError(f"{path.name}: {size // 1_000_000} MB is too large for a calendar file")
    data = path.read_bytes()
    if not data.lstrip().upper().startswith(b"BEGIN:VCALENDAR"):
        raise RapportError(f"{path.name}: not an iCalendar file (no BEGIN:VCALENDAR)")
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except ValueError as exc:
        raise RapportError(f"{path.name}: not a readable iCalendar file ({exc})") from exc
    if not calendars:
        raise RapportError(f"{path.name}: contains no complete calendar (cut short?)")
    return calendars[0]


def _name(component: Any, number: int) -> str:
    kind = "to-do" if component.name == "VTODO" else "event"
    for key in ("SUMMARY", "DESCRIPTION"):
        text = str(component.get(key) or "").strip().splitlines()
        if text:
            return f"{kind} '{text[0][:80]}'"
    uid = component.get("UID")
    return f"{kind} {uid}" if uid else f"{kind} #{number}"


def _draft(component: Any, types: dict[str, ActivityType], emails: dict[str, int]) -> ActivityDraft:
    if component.errors:
        prop, why = component.errors[0]
        raise _Skip(f"{prop} cannot be read ({why})")
    start_prop = component.get("DTSTART") or component.get("DUE")
    if start_prop is None:
        raise _Skip("it has no start (DTSTART)")
    start = start_prop.dt
    end_prop = component.get("DTEND") or (
        component.get("DUE") if component.get("DTSTART") else None
    )
    duration = component.get("DURATION")
    subject = str(component.get("SUMMARY") or component.get("DESCRIPTION") or "").strip()
    subject = subject.splitlines()[0][:500] if subject else "(no subject)"
    draft = ActivityDraft(
        type_id=_type_for(component, types).id,
        subject=subject,
        contact_ids=_attendees(component, emails),
        location=str(component.get("LOCATION") or ""),
        regarding=str(component.get("DESCRIPTION") or "") if component.get("SUMMARY") else "",
        priority=_priority(component.get("PRIORITY")),
        alarm_minutes=_alarm_minutes(component),
        uid=str(component.get("UID") or "")[:255],
    )
    rule = component.get("RRULE")
    rule_text = (
        "" if rule is None else (rule[0] if isinstance(rule, list) else rule).to_ical().decode()
    )
    if not isinstance(start, datetime):
        if end_prop is not None:
            end_date = end_prop.dt if isinstance(end_prop.dt, date) else start + timedelta(days=1)
            if isinstance(end_date, datetime):
                end_date = end_date.date()
        elif duration is not None:
            end_date = start + max(duration.dt, timedelta(days=1))
        else:
            end_date = start + timedelta(days=1)
        return replace(
            draft,
            all_day=True,
            start_date=start,
            end_date=end_date,
            rrule=recurrence.normalize_rrule(rule_text, None) if rule_text else "",
        )
    tzid = _tzid(start)
    tz = recurrence.zone(tzid)
    starts_at = _utc(start, tz)
    if end_prop is not None and isinstance(end_prop.dt, datetime):
        ends_at = _utc(end_prop.dt, tz)
    elif duration is not None:
        ends_at = starts_at + duration.dt
    else:
        ends_at = starts_at
    return replace(
        draft,
        starts_at=starts_at,
        ends_at=ends_at,
        tzid=tzid,
        rrule=recurrence.normalize_rrule(rule_text, tz) if rule_text else "",
    )


def _tzid(start: datetime) -> str:
    """The IANA name of the event's zone (Outlook's Windows names translated); a floating
    time is the user's own zone; a zone we cannot name falls back to UTC instants (the series
    then keeps its instants but not its wall clock across daylight saving)."""
    if start.tzinfo is None:
        return recurrence.local_zone_name()
    key = getattr(start.tzinfo, "key", None) or tzid_from_dt(start) or "UTC"
    key = WINDOWS_TO_OLSON.get(key, key)
    try:
        recurrence.zone(key)
    except RapportError:
        return "UTC"
    return key


def _utc(value: datetime, tz: tzinfo) -> datetime:
    if value.tzinfo is None:
        return recurrence.to_utc(value, tz)
    return value.astimezone(UTC).replace(tzinfo=None)


def _key(value: date | datetime, tz: tzinfo, all_day: bool) -> datetime:
    """An exception's key the way the store writes it (see recurrence)."""
    if all_day or not isinstance(value, datetime):
        day = value.date() if isinstance(value, datetime) else value
        return datetime.combine(day, time())
    return _utc(value, tz)


def _type_for(component: Any, types: dict[str, ActivityType]) -> ActivityType:
    """CATEGORIES naming one of our types wins (that is how we export); else a VTODO is a
    to-do and a VEVENT a meeting."""
    categories = component.get("CATEGORIES")
    for group in categories if isinstance(categories, list) else [categories]:
        for category in getattr(group, "cats", []):
            if str(category).lower() in types:
                return types[str(category).lower()]
    return types["to-do" if component.name == "VTODO" else "meeting"]


def _addresses(component: Any) -> list[str]:
    attendees = component.get("ATTENDEE")
    return [
        str(attendee).removeprefix("mailto:").removeprefix("MAILTO:").lower()
        for attendee in (attendees if isinstance(attendees, list) else [attendees])
        if attendee
    ]


def _known_addresses(session: Session, components: list[Any]) -> dict[str, int]:
    """Contacts by e-mail for the attendees named in the file only: the address book may hold
    a million e-mails, a calendar file names a few hundred."""
    wanted = sorted({a for c in components for a in _addresses(c)})
    found: dict[str, int] = {}
    for i in range(0, len(wanted), 500):
        rows = session.execute(
            select(ContactEmail.address_key, ContactEmail.contact_id).where(
                ContactEmail.address_key.in_(wanted[i : i + 500])
            )
        )
        found.update((key, contact_id) for key, contact_id in rows)
    return found


def _attendees(component: Any, emails: dict[str, int]) -> tuple[int, ...]:
    found = [emails[a] for a in _addresses(component) if a in emails]
    return tuple(dict.fromkeys(found))


def _priority(value: Any) -> int:
    """RFC 5545: 1-4 high, 5 (or 0, undefined) normal, 6-9 low."""
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        return 2
    return 1 if 1 <= number <= 4 else 3 if number >= 6 else 2


def _alarm_minutes(component: Any) -> int | None:
    for alarm in component.walk("VALARM"):
        trigger = alarm.get("TRIGGER")
        if trigger is not None and isinstance(trigger.dt, timedelta) and trigger.dt <= timedelta():
            return min(int(-trigger.dt.total_seconds() // 60), 60 * 24 * 28)
    return None


def _add_exceptions(
    session: Session,
    activity_id: int,
    master: Any,
    overrides: list[Any],
    draft: ActivityDraft,
    types: dict[str, ActivityType],
) -> None:
    if not draft.rrule:
        return
    tz = recurrence.zone(draft.tzid)
    found: dict[datetime, ActivityException] = {}
    exdates = master.get("EXDATE")
    for group in exdates if isinstance(exdates, list) else ([exdates] if exdates else []):
        for item in group.dts:
            key = _key(item.dt, tz, draft.all_day)
            found[key] = ActivityException(activity_id=activity_id, original_start=key, kind="skip")
    for override in overrides:
        key = _key(override.get("RECURRENCE-ID").dt, tz, draft.all_day)
        if str(override.get("STATUS") or "").upper() == "CANCELLED":
            found[key] = ActivityException(activity_id=activity_id, original_start=key, kind="skip")
            continue
        moved = _draft(override, types, {})
        new_start, new_end = _moved_times(moved, draft.all_day, key)
        subject = moved.subject if moved.subject != draft.subject else None
        found[key] = ActivityException(
            activity_id=activity_id, original_start=key, kind="moved",
            new_start=new_start, new_end=new_end, subject=subject,
        )  # fmt: skip
    session.add_all(found.values())
    session.flush()


def _moved_times(moved: ActivityDraft, all_day: bool, key: datetime) -> tuple[datetime, datetime]:
    """Where an override moved its occurrence, in the series' own terms (dates or instants)."""
    if all_day and moved.start_date is not None and moved.end_date is not None:
        return datetime.combine(moved.start_date, time()), datetime.combine(moved.end_date, time())
    if not all_day and moved.starts_at is not None and moved.ends_at is not None:
        return moved.starts_at, moved.ends_at
    raise _Skip(f"its change to the occurrence of {key:%Y-%m-%d} mixes dates and times")
