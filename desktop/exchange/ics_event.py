"""One VEVENT or VTODO read into what Rapport stores: the activity draft, its state (status,
result, owner, written back by our own export as X-RAPPORT- properties) and its skipped
occurrences. A component that cannot be stored raises Skip saying why; the caller names it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar.prop import vDDDTypes, vDuration

from desktop.errors import RapportError
from desktop.exchange import ics_rapport_fields as fields
from desktop.exchange.ics_lines import Component, Entry, unescape
from desktop.exchange.ics_zones import ZoneMap
from desktop.services import recurrence
from desktop.services.activities import checked_draft
from desktop.services.activity_values import ActivityDraft
from desktop.store.entities import ActivityStatus, ActivityType

#: contact ids of the attendees' e-mail addresses that are known
Attendees = Callable[[list[str]], tuple[int, ...]]

_STAMP = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?")


_STATUSES = frozenset(s.value for s in ActivityStatus)


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


def name_of(component: Component, number: int) -> str:
    """How the user knows the event: its SUMMARY, else DESCRIPTION, else UID or position."""
    kind = "to-do" if component.name == "VTODO" else "event"
    for key in ("SUMMARY", "DESCRIPTION"):
        text = component.text(key).strip().splitlines()
        if text:
            return f"{kind} '{text[0][:80]}'"
    uid = component.text("UID")
    return f"{kind} {uid}" if uid else f"{kind} #{number}"


def read_event(
    component: Component, types: dict[str, ActivityType], attendees: Attendees, zones: ZoneMap
) -> ImportedEvent:
    """The event as Rapport would store it, checked as scheduling checks it."""
    draft, warning = _draft(component, types, attendees, zones)
    draft = checked_draft(draft)
    status = component.text(fields.STATUS).lower()
    if status not in _STATUSES:
        status = fields.STATUS_FROM_ICS.get(component.text("STATUS").upper(), ActivityStatus.OPEN)
    completed_at = None
    if status != ActivityStatus.OPEN:
        completed_at = _completed(component) or datetime.now(UTC).replace(tzinfo=None)
    return ImportedEvent(
        draft,
        status,
        component.text(fields.RESULT)[:200],
        component.text(fields.OWNER)[:200],
        completed_at,
        _exdates(component, draft, zones),
        warning,
    )


def read_override(
    component: Component, types: dict[str, ActivityType], zones: ZoneMap
) -> ActivityDraft:
    """Where an override (RECURRENCE-ID) puts its occurrence, and its subject."""
    return _draft(component, types, lambda _: (), zones)[0]


def _completed(component: Component) -> datetime | None:
    """When it was done: COMPLETED (a VTODO), else our own X- property (a VEVENT)."""
    for name in ("COMPLETED", fields.COMPLETED):
        entry = component.first(name)
        if entry is not None:
            moment = _moment(name, entry)
            if isinstance(moment, datetime):
                return _instant(moment, "UTC")
    return None


def _moment(name: str, entry: Entry, value: str | None = None) -> date | datetime:
    """A DATE or DATE-TIME value: a date, naive wall-clock time, or aware UTC (…Z)."""
    text = entry.value.strip() if value is None else value.strip()
    match = _STAMP.fullmatch(text)
    try:
        if match is None:
            vDDDTypes.from_ical(text)  # for its words on what is wrong
            raise ValueError(f"Expected a date or date-time. Got: {text!r}")
        year, month, day, hour, minute, second, zulu = match.groups()
        if hour is None:
            return date(int(year), int(month), int(day))
        found = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
    except ValueError as exc:
        raise Skip(f"{name} cannot be read ({exc})") from exc
    return found.replace(tzinfo=UTC) if zulu else found


def _zone(entry: Entry, zones: ZoneMap, value: str | None = None) -> tuple[str, str | None]:
    """The IANA name of a time's zone (UTC for …Z); a floating time is the user's zone."""
    if (entry.value if value is None else value).strip().endswith("Z"):
        return "UTC", None
    tzid = entry.params.get("TZID")
    if tzid:
        return zones.resolve(tzid)
    return recurrence.local_zone_name(), None


def _instant(moment: datetime, tzid: str) -> datetime:
    """Naive UTC, the way the store keeps instants."""
    if moment.tzinfo is not None:
        return moment.astimezone(UTC).replace(tzinfo=None)
    return recurrence.to_utc(moment, recurrence.zone(tzid))


def _draft(
    component: Component, types: dict[str, ActivityType], attendees: Attendees, zones: ZoneMap
) -> tuple[ActivityDraft, str | None]:
    start_entry = component.first("DTSTART") or component.first("DUE")
    if start_entry is None:
        raise Skip("it has no start (DTSTART)")
    end_name = "DTEND" if component.first("DTEND") else "DUE"
    end_entry = component.first("DTEND") or (
        component.first("DUE") if component.first("DTSTART") else None
    )
    rule = component.first("RRULE")
    rule_text = rule.value.strip() if rule is not None else ""
    start = _moment("DTSTART", start_entry)
    end = _moment(end_name, end_entry) if end_entry is not None else None
    duration = _duration(component.first("DURATION"))
    all_day = not isinstance(start, datetime)
    warning = None
    starts_at = ends_at = None
    start_date = end_date = None
    tzid = "UTC"
    if isinstance(start, datetime):
        tzid, warning = _zone(start_entry, zones)
        starts_at, ends_at = _times(start, end, end_entry, duration, tzid, zones)
        rrule = recurrence.normalize_rrule(rule_text, recurrence.zone(tzid)) if rule_text else ""
    else:
        start_date, end_date = start, _end_date(start, end, duration)
        rrule = recurrence.normalize_rrule(rule_text, None) if rule_text else ""
    subject = (component.text("SUMMARY") or component.text("DESCRIPTION")).strip()
    # built once with every field: a frozen dataclass costs as much to copy as to check
    draft = ActivityDraft(
        type_id=_type_for(component, types).id,
        subject=subject.splitlines()[0][:500] if subject else "(no subject)",
        contact_ids=attendees(addresses(component)),
        all_day=all_day,
        starts_at=starts_at,
        ends_at=ends_at,
        start_date=start_date,
        end_date=end_date,
        tzid=tzid,
        rrule=rrule,
        location=component.text("LOCATION"),
        regarding=component.text("DESCRIPTION") if component.text("SUMMARY") else "",
        priority=_priority(component),
        alarm_minutes=_alarm_minutes(component),
        uid=component.text("UID")[:255],
    )
    return draft, warning


def _times(
    start: datetime,
    end: date | datetime | None,
    end_entry: Entry | None,
    duration: timedelta | None,
    tzid: str,
    zones: ZoneMap,
) -> tuple[datetime, datetime]:
    """A timed event's start and end as naive UTC instants; an end before the start is
    refused with both."""
    starts_at = _instant(start, tzid)
    if isinstance(end, datetime) and end_entry is not None:
        ends_at = _instant(end, _zone(end_entry, zones)[0])
    elif duration is not None:
        ends_at = starts_at + duration
    else:
        ends_at = starts_at
    if ends_at < starts_at:
        raise Skip(
            f"it ends at {ends_at:%Y-%m-%d %H:%M}, before it starts at "
            f"{starts_at:%Y-%m-%d %H:%M} (UTC)"
        )
    return starts_at, ends_at


def _duration(entry: Entry | None) -> timedelta | None:
    if entry is None:
        return None
    try:
        found = vDuration.from_ical(entry.value.strip())
    except ValueError as exc:
        raise Skip(f"DURATION cannot be read ({exc})") from exc
    return found if isinstance(found, timedelta) else None


def _end_date(start: date, end: date | datetime | None, duration: timedelta | None) -> date:
    """An all-day event's end (exclusive). An end on the start day (holiday feeds write
    DTEND = DTSTART) is a one-day event; an end before it is refused with both dates."""
    end_date = start + timedelta(days=1)
    if end is not None:
        end = end.date() if isinstance(end, datetime) else end
        if end < start:
            raise Skip(f"it ends on {end}, before it starts on {start}")
        return max(end, end_date)
    if duration is not None:
        return start + max(duration, timedelta(days=1))
    return end_date


def occurrence_key(
    entry: Entry, name: str, draft: ActivityDraft, zones: ZoneMap, value: str | None = None
) -> datetime:
    """An occurrence's key (EXDATE, RECURRENCE-ID) the way the store writes it: midnight of
    the date for an all-day series, else the naive UTC instant."""
    moment = _moment(name, entry, value)
    if draft.all_day or not isinstance(moment, datetime):
        day = moment.date() if isinstance(moment, datetime) else moment
        return datetime.combine(day, datetime.min.time())
    return _instant(moment, _zone(entry, zones, value)[0])


def _exdates(component: Component, draft: ActivityDraft, zones: ZoneMap) -> tuple[datetime, ...]:
    if not draft.rrule:
        return ()
    keys = {
        occurrence_key(entry, "EXDATE", draft, zones, value)
        for entry in component.all("EXDATE")
        for value in entry.value.split(",")
    }
    return tuple(sorted(keys))


def _type_for(component: Component, types: dict[str, ActivityType]) -> ActivityType:
    """CATEGORIES naming one of our types wins (that is how we export); else a VTODO is a
    to-do and a VEVENT a meeting."""
    for entry in component.all("CATEGORIES"):
        for category in re.split(r"(?<!\\),", entry.value):
            key = unescape(category).strip().lower()
            if key in types:
                return types[key]
    return types["to-do" if component.name == "VTODO" else "meeting"]


def addresses(component: Component) -> list[str]:
    return [
        entry.value.strip().removeprefix("mailto:").removeprefix("MAILTO:").lower()
        for entry in component.all("ATTENDEE")
        if entry.value.strip()
    ]


def _priority(component: Component) -> int:
    """Ours exactly when we wrote it; else RFC 5545: 1-4 high, 5 (or 0) normal, 6-9 low."""
    own = component.text(fields.PRIORITY).strip()
    if own in ("1", "2", "3"):
        return int(own)
    try:
        number = int(component.text("PRIORITY") or 0)
    except ValueError:
        return 2
    return 1 if 1 <= number <= 4 else 3 if number >= 6 else 2


def _alarm_minutes(component: Component) -> int | None:
    for alarm in component.children:
        trigger = alarm.first("TRIGGER") if alarm.name == "VALARM" else None
        if trigger is None or trigger.params.get("VALUE", "").upper() == "DATE-TIME":
            continue
        try:
            before = vDuration.from_ical(trigger.value.strip())
        except ValueError:
            continue
        if isinstance(before, timedelta) and before <= timedelta():
            return min(int(-before.total_seconds() // 60), 60 * 24 * 28)
    return None
