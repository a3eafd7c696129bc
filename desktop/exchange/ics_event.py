"""One VEVENT or VTODO read into what Rapport stores: the activity draft, its state (status,
result, owner, written back by our own export as X-RAPPORT- properties) and its skipped
occurrences. A component that cannot be stored raises Skip saying why; the caller names it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import icalendar

from desktop.errors import RapportError
from desktop.exchange import ics_rapport_fields as fields
from desktop.exchange.ics_zones import ZoneMap
from desktop.services import recurrence
from desktop.services.activities import checked_draft
from desktop.services.activity_values import ActivityDraft
from desktop.store.entities import ActivityStatus, ActivityType

#: contact ids of the attendees' e-mail addresses that are known
Attendees = Callable[[list[str]], tuple[int, ...]]


class Skip(RapportError):
    """This event cannot be imported; the message says why."""


@dataclass(frozen=True)
class ImportedEvent:
    draft: ActivityDraft
    status: str = ActivityStatus.OPEN
    result: str = ""
    owner: str = ""
    completed_at: datetime | None = None
    #: original starts (as the store keys them) of the occurrences EXDATE leaves out
    skipped: tuple[datetime, ...] = ()
    #: what was understood otherwise than the file says (an unknown zone)
    warning: str | None = None


def name_of(component: Any, number: int) -> str:
    """How the user knows the event: its SUMMARY, else DESCRIPTION, else UID or position."""
    kind = "to-do" if component.name == "VTODO" else "event"
    for key in ("SUMMARY", "DESCRIPTION"):
        text = str(component.get(key) or "").strip().splitlines()
        if text:
            return f"{kind} '{text[0][:80]}'"
    uid = component.get("UID")
    return f"{kind} {uid}" if uid else f"{kind} #{number}"


def read_event(
    component: Any, types: dict[str, ActivityType], attendees: Attendees, zones: ZoneMap
) -> ImportedEvent:
    """The event as Rapport would store it, checked as scheduling checks it."""
    draft, warning = _draft(component, types, attendees, zones)
    draft = checked_draft(draft)
    status = str(component.get(fields.STATUS) or "").lower()
    if status not in {s.value for s in ActivityStatus}:
        status = fields.STATUS_FROM_ICS.get(
            str(component.get("STATUS") or "").upper(), ActivityStatus.OPEN
        )
    completed_at = _completed(component)
    if status != ActivityStatus.OPEN and completed_at is None:
        completed_at = datetime.now(UTC).replace(tzinfo=None)
    return ImportedEvent(
        draft,
        status,
        str(component.get(fields.RESULT) or "")[:200],
        str(component.get(fields.OWNER) or "")[:200],
        completed_at if status != ActivityStatus.OPEN else None,
        _exdates(component, draft),
        warning,
    )


def _completed(component: Any) -> datetime | None:
    """When it was done: COMPLETED (a VTODO), else our own X- property (a VEVENT)."""
    completed = component.get("COMPLETED")
    if completed is not None:
        return _utc(completed.dt, UTC)
    own = component.get(fields.COMPLETED)
    if own is None:
        return None
    try:
        return _utc(icalendar.vDatetime.from_ical(str(own)), UTC)
    except ValueError as exc:
        raise Skip(f"{fields.COMPLETED} cannot be read ({own})") from exc


def _draft(
    component: Any, types: dict[str, ActivityType], attendees: Attendees, zones: ZoneMap
) -> tuple[ActivityDraft, str | None]:
    if component.errors:
        prop, why = component.errors[0]
        raise Skip(f"{prop} cannot be read ({why})")
    start_prop = component.get("DTSTART") or component.get("DUE")
    if start_prop is None:
        raise Skip("it has no start (DTSTART)")
    end_prop = component.get("DTEND") or (
        component.get("DUE") if component.get("DTSTART") else None
    )
    subject = str(component.get("SUMMARY") or component.get("DESCRIPTION") or "").strip()
    draft = ActivityDraft(
        type_id=_type_for(component, types).id,
        subject=subject.splitlines()[0][:500] if subject else "(no subject)",
        contact_ids=attendees(addresses(component)),
        location=str(component.get("LOCATION") or ""),
        regarding=str(component.get("DESCRIPTION") or "") if component.get("SUMMARY") else "",
        priority=_priority(component),
        alarm_minutes=_alarm_minutes(component),
        uid=str(component.get("UID") or "")[:255],
    )
    rule = component.get("RRULE")
    rule_text = (
        "" if rule is None else (rule[0] if isinstance(rule, list) else rule).to_ical().decode()
    )
    start = start_prop.dt
    duration = component.get("DURATION")
    if not isinstance(start, datetime):
        return _all_day(draft, start, end_prop, duration, rule_text), None
    tzid, warning = _tzid(start_prop, zones)
    tz = recurrence.zone(tzid)
    starts_at = _utc(start, tz)
    if end_prop is not None and isinstance(end_prop.dt, datetime):
        ends_at = _utc(end_prop.dt, tz)
    elif duration is not None:
        ends_at = starts_at + duration.dt
    else:
        ends_at = starts_at
    if ends_at < starts_at:
        raise Skip(
            f"it ends at {ends_at:%Y-%m-%d %H:%M}, before it starts at "
            f"{starts_at:%Y-%m-%d %H:%M} (UTC)"
        )
    timed = replace(
        draft,
        starts_at=starts_at,
        ends_at=ends_at,
        tzid=tzid,
        rrule=recurrence.normalize_rrule(rule_text, tz) if rule_text else "",
    )
    return timed, warning


def _all_day(
    draft: ActivityDraft, start: date, end_prop: Any, duration: Any, rule_text: str
) -> ActivityDraft:
    """Dates, end exclusive. An end on the start day (holiday feeds write DTEND = DTSTART)
    is a one-day event; an end before it is refused with both dates."""
    end_date = start + timedelta(days=1)
    if end_prop is not None:
        end = end_prop.dt
        end = end.date() if isinstance(end, datetime) else end
        if end < start:
            raise Skip(f"it ends on {end}, before it starts on {start}")
        end_date = max(end, end_date)
    elif duration is not None:
        end_date = start + max(duration.dt, timedelta(days=1))
    return replace(
        draft,
        all_day=True,
        start_date=start,
        end_date=end_date,
        rrule=recurrence.normalize_rrule(rule_text, None) if rule_text else "",
    )


def _tzid(prop: Any, zones: ZoneMap) -> tuple[str, str | None]:
    """The IANA name of the event's zone; a floating time is the user's own zone."""
    start: datetime = prop.dt
    if start.tzinfo is not None:
        key = getattr(start.tzinfo, "key", None)
        if key:
            return key, None
        if start.utcoffset() == timedelta():
            return "UTC", None
    tzid = prop.params.get("TZID")
    if tzid:
        return zones.resolve(str(tzid))
    return recurrence.local_zone_name(), None


def _utc(value: date | datetime, tz: tzinfo) -> datetime:
    if not isinstance(value, datetime):
        return datetime.combine(value, time())
    if value.tzinfo is None:
        return recurrence.to_utc(value, tz)
    return value.astimezone(UTC).replace(tzinfo=None)


def occurrence_key(value: date | datetime, draft: ActivityDraft) -> datetime:
    """An occurrence's key the way the store writes it (see recurrence)."""
    if draft.all_day or not isinstance(value, datetime):
        day = value.date() if isinstance(value, datetime) else value
        return datetime.combine(day, time())
    return _utc(value, recurrence.zone(draft.tzid))


def _exdates(component: Any, draft: ActivityDraft) -> tuple[datetime, ...]:
    if not draft.rrule:
        return ()
    exdates = component.get("EXDATE")
    groups = exdates if isinstance(exdates, list) else ([exdates] if exdates else [])
    keys = {occurrence_key(item.dt, draft) for group in groups for item in group.dts}
    return tuple(sorted(keys))


def _type_for(component: Any, types: dict[str, ActivityType]) -> ActivityType:
    """CATEGORIES naming one of our types wins (that is how we export); else a VTODO is a
    to-do and a VEVENT a meeting."""
    categories = component.get("CATEGORIES")
    for group in categories if isinstance(categories, list) else [categories]:
        for category in getattr(group, "cats", []):
            if str(category).lower() in types:
                return types[str(category).lower()]
    return types["to-do" if component.name == "VTODO" else "meeting"]


def addresses(component: Any) -> list[str]:
    attendees = component.get("ATTENDEE")
    return [
        str(attendee).removeprefix("mailto:").removeprefix("MAILTO:").lower()
        for attendee in (attendees if isinstance(attendees, list) else [attendees])
        if attendee
    ]


def _priority(component: Any) -> int:
    """Ours exactly when we wrote it; else RFC 5545: 1-4 high, 5 (or 0) normal, 6-9 low."""
    own = str(component.get(fields.PRIORITY) or "")
    if own in ("1", "2", "3"):
        return int(own)
    try:
        number = int(component.get("PRIORITY") or 0)
    except (TypeError, ValueError):
        return 2
    return 1 if 1 <= number <= 4 else 3 if number >= 6 else 2


def _alarm_minutes(component: Any) -> int | None:
    for alarm in component.walk("VALARM"):
        trigger = alarm.get("TRIGGER")
        if trigger is not None and isinstance(trigger.dt, timedelta) and trigger.dt <= timedelta():
            return min(int(-trigger.dt.total_seconds() // 60), 60 * 24 * 28)
    return None


def read_override(component: Any, types: dict[str, ActivityType], zones: ZoneMap) -> ActivityDraft:
    """Where an override (RECURRENCE-ID) puts its occurrence, and its subject."""
    return _draft(component, types, lambda _: (), zones)[0]
