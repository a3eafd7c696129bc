"""Recurring activities: RRULE text from the schedule dialog's choices, and expansion.

A timed series is expanded on its wall clock in its own IANA zone and only then converted to
UTC, so a 9:00 weekly meeting stays at 9:00 when daylight saving starts or ends. An all-day
series is expanded on naive dates and stays dates. Skipped and moved occurrences
(ActivityException rows) are keyed by the occurrence's original start: a naive UTC instant for
a timed series, midnight of the date for an all-day one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from functools import lru_cache
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrule, rrulestr

from desktop.errors import ValidationError

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# A COUNT larger than this is refused: nobody schedules ten thousand occurrences by hand, and
# an unbounded expansion would stall the calendar.
MAX_COUNT = 5000
# Every expansion (calendar, reports, exports, reminders) stops after this many occurrences of
# one series, whatever the window: an hourly series over a century would otherwise fill memory.
MAX_OCCURRENCES = 5000
# Rules finer than hourly are refused: nobody meets every minute, and a series of every second
# (found in a real file) made one report run for minutes past 1 GB.
_REFUSED_FREQ = re.compile(r"(?:^|;)\s*FREQ\s*=\s*(SECONDLY|MINUTELY)\b", re.IGNORECASE)


class Frequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY_BY_DAY = "monthly_by_day"
    MONTHLY_BY_WEEKDAY = "monthly_by_weekday"
    YEARLY = "yearly"


@dataclass(frozen=True)
class Recurrence:
    """What the schedule dialog asks: how often, on which days, until when or how many times."""

    frequency: Frequency
    interval: int = 1
    #: for weekly: 0 = Monday ... 6 = Sunday; empty means the start's weekday
    weekdays: tuple[int, ...] = ()
    until: date | None = None
    count: int | None = None


@lru_cache(maxsize=64)
def zone(tzid: str) -> tzinfo:
    """The IANA zone of that name; a name we cannot resolve is refused naming it."""
    try:
        return ZoneInfo(tzid or "UTC")
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError("time zone", f"unknown time zone {tzid!r}") from exc


def local_zone_name() -> str:
    """The user's IANA zone name: $TZ if it names one, else /etc/localtime's target, else UTC.

    The name (not a fixed offset) matters: a series is stored with it and expanded in it."""
    candidate = os.environ.get("TZ", "").lstrip(":")
    if candidate:
        try:
            ZoneInfo(candidate)
            return candidate
        except (ZoneInfoNotFoundError, ValueError):
            pass
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        marker = "zoneinfo/"
        if marker in target:
            return target.split(marker, 1)[1]
    return "UTC"


def to_local(instant: datetime, tz: tzinfo) -> datetime:
    """A naive UTC instant as naive wall-clock time in `tz` (what the calendar draws)."""
    return instant.replace(tzinfo=UTC).astimezone(tz).replace(tzinfo=None)


def to_utc(wall: datetime, tz: tzinfo) -> datetime:
    """Naive wall-clock time in `tz` as a naive UTC instant (what the store keeps)."""
    return wall.replace(tzinfo=tz).astimezone(UTC).replace(tzinfo=None)


class WallClock:
    """to_local for many instants of one window (a week or month on screen), cheaply: when the
    zone's offset is the same at both ends of a short window it is one addition per instant,
    instead of a zone lookup for each."""

    def __init__(self, tz: tzinfo, lo: datetime, hi: datetime) -> None:
        self._tz, self._lo, self._hi = tz, lo, hi
        offset = tz.utcoffset(lo.replace(tzinfo=UTC).astimezone(tz).replace(tzinfo=None))
        # A window of up to two months holds at most one change, so equal ends mean none.
        same = offset == tz.utcoffset(to_local(hi, tz)) and hi - lo <= timedelta(days=62)
        self._offset = offset if same else None

    def local(self, instant: datetime) -> datetime:
        if self._offset is not None and self._lo <= instant <= self._hi:
            return instant + self._offset
        return to_local(instant, self._tz)


def build_rrule(choice: Recurrence, start: date, tz: tzinfo | None = None) -> str:
    """RFC 5545 RRULE text (without the 'RRULE:' prefix) for the dialog's choice.

    `tz` given: a timed series, UNTIL is the end of that day in the zone, written in UTC as the
    RFC asks; None: an all-day series, UNTIL is a date."""
    if choice.interval < 1:
        raise ValidationError("repeat every", "must be at least 1")
    if choice.count is not None and not 1 <= choice.count <= MAX_COUNT:
        raise ValidationError("occurrences", f"must be between 1 and {MAX_COUNT}")
    if choice.until is not None and choice.until < start:
        raise ValidationError("until", "the series would end before it starts")
    parts: list[str] = []
    freq = Frequency(choice.frequency)
    if freq is Frequency.DAILY:
        parts.append("FREQ=DAILY")
    elif freq is Frequency.WEEKLY:
        days = sorted(set(choice.weekdays)) or [start.weekday()]
        parts += ["FREQ=WEEKLY", "BYDAY=" + ",".join(WEEKDAY_CODES[d] for d in days)]
    elif freq is Frequency.MONTHLY_BY_DAY:
        parts += ["FREQ=MONTHLY", f"BYMONTHDAY={start.day}"]
    elif freq is Frequency.MONTHLY_BY_WEEKDAY:
        nth = (start.day - 1) // 7 + 1
        # The fifth week does not exist in every month: say "last" instead, as Outlook does.
        ordinal = -1 if nth == 5 else nth
        parts += ["FREQ=MONTHLY", f"BYDAY={ordinal}{WEEKDAY_CODES[start.weekday()]}"]
    else:
        parts.append("FREQ=YEARLY")
    if choice.interval > 1:
        parts.append(f"INTERVAL={choice.interval}")
    if choice.count is not None:
        parts.append(f"COUNT={choice.count}")
    elif choice.until is not None:
        if tz is None:
            parts.append(f"UNTIL={choice.until:%Y%m%d}")
        else:
            last = to_utc(datetime.combine(choice.until, time(23, 59, 59)), tz)
            parts.append(f"UNTIL={last:%Y%m%dT%H%M%SZ}")
    return ";".join(parts)


def parse_recurrence(rule: str) -> Recurrence | None:
    """The dialog's choice back from RRULE text (for editing a series); None when the rule is
    beyond what the dialog offers (an imported BYSETPOS rule, say)."""
    fields = dict(part.split("=", 1) for part in rule.upper().split(";") if "=" in part)
    freq = fields.get("FREQ")
    byday = [d for d in fields.get("BYDAY", "").split(",") if d]
    if freq == "DAILY":
        frequency = Frequency.DAILY
    elif freq == "WEEKLY":
        frequency = Frequency.WEEKLY
    elif freq == "MONTHLY":
        frequency = Frequency.MONTHLY_BY_WEEKDAY if byday else Frequency.MONTHLY_BY_DAY
    elif freq == "YEARLY":
        frequency = Frequency.YEARLY
    else:
        return None
    weekdays = tuple(WEEKDAY_CODES.index(d[-2:]) for d in byday if d[-2:] in WEEKDAY_CODES)
    until = None
    if "UNTIL" in fields:
        until = datetime.strptime(fields["UNTIL"][:8], "%Y%m%d").date()
    count = int(fields["COUNT"]) if "COUNT" in fields else None
    interval = int(fields.get("INTERVAL", "1"))
    return Recurrence(
        frequency, interval, weekdays if frequency is Frequency.WEEKLY else (), until, count
    )


_UNTIL = re.compile(r"UNTIL=([0-9TZ]+)", re.IGNORECASE)


def normalize_rrule(rule: str, tz: tzinfo | None) -> str:
    """Make UNTIL agree with the series' start (RFC 5545 §3.3.10): UTC for a timed series
    (`tz` given), a plain date for an all-day one. Imported files often mix the two."""
    rule = rule.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    check_frequency(rule)
    match = _UNTIL.search(rule)
    if not match:
        return rule
    raw = match.group(1).upper()
    if tz is None:
        until = raw[:8]
    elif raw.endswith("Z"):
        until = raw
    else:
        # A floating UNTIL (or a bare date: the end of that day) is wall-clock time in the zone.
        wall = (
            datetime.strptime(raw, "%Y%m%d") + timedelta(days=1, seconds=-1)
            if len(raw) == 8
            else datetime.strptime(raw, "%Y%m%dT%H%M%S")
        )
        until = f"{to_utc(wall, tz):%Y%m%dT%H%M%SZ}"
    return rule[: match.start(1)] + until + rule[match.end(1) :]


def check_frequency(rule: str) -> None:
    """Refuse a rule repeating every second or minute, naming it."""
    if _REFUSED_FREQ.search(rule):
        raise ValidationError(
            "recurrence", f"{rule!r} repeats every second or minute; at most hourly is kept"
        )


def _capped(recurrence: rrule, lo: datetime, hi: datetime) -> Iterator[datetime]:
    """Occurrences from lo to hi inclusive, at most MAX_OCCURRENCES of them."""
    for local in recurrence.xafter(lo, count=MAX_OCCURRENCES, inc=True):
        if local > hi:
            return
        yield local


@lru_cache(maxsize=1024)
def _rule(text: str, dtstart: datetime) -> rrule:
    """Parsed once per series and kept: with cache=True dateutil also remembers the
    occurrences it generated, so paging through months does not re-walk the series from its
    start each time."""
    check_frequency(text)
    try:
        parsed = rrulestr(text, dtstart=dtstart, cache=True)
    except (ValueError, TypeError) as exc:
        raise ValidationError("recurrence", f"cannot read {text!r}: {exc}") from exc
    assert isinstance(parsed, rrule)
    return parsed


@dataclass(frozen=True)
class Moved:
    """Where a moved occurrence went (naive UTC instants, or dates at midnight)."""

    new_start: datetime
    new_end: datetime | None


#: original start -> None (skipped) or where it moved
Exceptions = Mapping[datetime, Moved | None]


@dataclass(frozen=True)
class Instance:
    """One expanded occurrence: its key (original start) and where it actually is."""

    original_start: datetime
    start: datetime
    end: datetime


def expand_timed(
    rule: str,
    starts_at: datetime,
    duration: timedelta,
    tzid: str,
    window_start: datetime,
    window_end: datetime,
    exceptions: Exceptions | None = None,
) -> list[Instance]:
    """Occurrences of a timed series (all instants naive UTC) overlapping [window_start,
    window_end), moved ones where they moved to, skipped ones left out."""
    tz = zone(tzid)
    local_start = starts_at.replace(tzinfo=UTC).astimezone(tz)
    recurrence = _rule(rule, local_start)
    exceptions = exceptions or {}
    # Search from one duration before the window so an occurrence that began earlier but still
    # runs into the window is found.
    lo = (window_start - duration).replace(tzinfo=UTC).astimezone(tz)
    hi = window_end.replace(tzinfo=UTC).astimezone(tz)
    found: list[Instance] = []
    for local in _capped(recurrence, lo, hi):
        original = local.astimezone(UTC).replace(tzinfo=None)
        found.extend(_place(original, original + duration, exceptions))
    found.extend(_moved_into(exceptions, found, window_start, window_end, duration))
    return [i for i in found if i.start < window_end and i.end > window_start]


def expand_all_day(
    rule: str,
    start_date: date,
    days: int,
    window_start: date,
    window_end: date,
    exceptions: Exceptions | None = None,
) -> list[Instance]:
    """Occurrences of an all-day series as dates at midnight (end exclusive) overlapping
    [window_start, window_end)."""
    recurrence = _rule(rule, datetime.combine(start_date, time()))
    exceptions = exceptions or {}
    span = timedelta(days=max(days, 1))
    lo = datetime.combine(window_start, time()) - span
    hi = datetime.combine(window_end, time())
    found: list[Instance] = []
    for original in _capped(recurrence, lo, hi):
        found.extend(_place(original, original + span, exceptions))
    wlo, whi = datetime.combine(window_start, time()), hi
    found.extend(_moved_into(exceptions, found, wlo, whi, span))
    return [i for i in found if i.start < whi and i.end > wlo]


def _place(original: datetime, end: datetime, exceptions: Exceptions) -> Iterator[Instance]:
    if original not in exceptions:
        yield Instance(original, original, end)
    # skipped (None) or moved: a moved one is added by _moved_into wherever it went


def _moved_into(
    exceptions: Exceptions,
    found: list[Instance],
    window_start: datetime,
    window_end: datetime,
    duration: timedelta,
) -> Iterator[Instance]:
    """Moved occurrences landing in the window, even when their original start lies outside."""
    for original, moved in exceptions.items():
        if moved is None:
            continue
        end = moved.new_end or moved.new_start + duration
        if moved.new_start < window_end and end > window_start:
            yield Instance(original, moved.new_start, end)


def last_occurrence(rule: str, first: datetime, tzid: str | None) -> datetime | None:
    """Start of the series' last occurrence (naive UTC, or midnight for all-day when tzid is
    None); None for a series without end. Kept in Activity.series_until for range queries."""
    start = first if tzid is None else first.replace(tzinfo=UTC).astimezone(zone(tzid))
    recurrence = _rule(rule, start)  # read even when unbounded: a bad rule is refused here
    upper = rule.upper()
    if "COUNT=" not in upper and "UNTIL=" not in upper:
        return None
    walked = list(islice(recurrence, MAX_OCCURRENCES + 1))
    if len(walked) > MAX_OCCURRENCES:
        # Longer than any expansion shows: an upper bound is enough for range queries (the
        # rule's UNTIL), or none at all (a huge COUNT), rather than walking it to its end.
        until = recurrence._until  # dateutil keeps the parsed UNTIL only here
        if until is None:
            return None
        last_local = until
    elif walked:
        last_local = walked[-1]
    else:
        return None
    if tzid is None:
        return last_local.replace(tzinfo=None)
    if last_local.tzinfo is None:
        last_local = last_local.replace(tzinfo=start.tzinfo)
    return last_local.astimezone(UTC).replace(tzinfo=None)


def next_occurrence(
    rule: str,
    first: datetime,
    tzid: str | None,
    after: datetime,
    exceptions: Exceptions | None = None,
) -> Instance | None:
    """The series' first occurrence starting at or after `after` that is still to come
    (skipped and completed ones left out, a moved one where it went); None when none is left.
    Instants naive UTC, or for all-day (tzid None) midnight dates; `duration`-less: end=start."""
    exceptions = exceptions or {}
    if tzid is None:
        recurrence, at = _rule(rule, first), after
    else:
        tz = zone(tzid)
        recurrence = _rule(rule, first.replace(tzinfo=UTC).astimezone(tz))
        at = after.replace(tzinfo=UTC).astimezone(tz)
    for local in recurrence.xafter(at, count=MAX_OCCURRENCES, inc=True):
        original = local if tzid is None else local.astimezone(UTC).replace(tzinfo=None)
        if original not in exceptions:
            return Instance(original, original, original)
        moved = exceptions[original]
        if moved is not None and moved.new_start >= after:
            return Instance(original, moved.new_start, moved.new_end or moved.new_start)
    return None


def is_occurrence(rule: str, first: datetime, tzid: str | None, candidate: datetime) -> bool:
    """Whether `candidate` (naive UTC, or midnight for all-day) is an original start of the
    series; refuses exceptions keyed on a time the series never has."""
    if tzid is None:
        return _rule(rule, first).between(candidate, candidate, inc=True) != []
    tz = zone(tzid)
    recurrence = _rule(rule, first.replace(tzinfo=UTC).astimezone(tz))
    at = candidate.replace(tzinfo=UTC).astimezone(tz)
    return recurrence.between(at, at, inc=True) != []
