"""The IANA zone an imported event's TZID means, so a series keeps its wall clock.

A TZID may be an IANA name ('Europe/Berlin'), a Windows name from Outlook ('W. Europe Standard
Time'), an old Thunderbird path ('/mozilla.org/20070129_1/Europe/Berlin'), or a name of the
file's own (a VTIMEZONE 'My Office Zone' defining the rules). The last is matched to the IANA
zone with the same offsets and changes over the years around now. A name none of these explain
is read as the user's own zone, with a warning naming the event: never silently as UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from desktop.errors import RapportError
from desktop.services import recurrence

# The years a custom zone must agree with its IANA twin on (rules change over decades; a
# salesperson's calendar lives around now), and the days checked in each: daily where clocks
# change in either hemisphere (March-April, September-November), mid-month otherwise. A
# definition's own offsets are slow to compute (dateutil walks its rules each time), so few.
_YEARS = range(2024, 2030)
_CHANGE_MONTHS = (3, 4, 9, 10, 11)
_AREAS = frozenset(
    ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian",
     "Pacific")
)  # fmt: skip
#: zones Outlook's names map to: the usual name for a set of rules, preferred among equals
_USUAL = frozenset(WINDOWS_TO_OLSON.values())


class ZoneMap:
    """TZIDs of one file to IANA names; VTIMEZONE definitions are added as they are read."""

    def __init__(self) -> None:
        self._defined: dict[str, str | None] = {}

    def define(self, vtimezone: Any) -> None:
        """Learn a VTIMEZONE of the file: its TZID means the IANA zone with the same rules."""
        tzid = str(vtimezone.get("TZID") or "")
        if not tzid or _iana(tzid) is not None:
            return
        try:
            tz = vtimezone.to_tz(lookup_tzid=False)
        except (ValueError, TypeError, KeyError, IndexError):
            self._defined[tzid] = None
            return
        self._defined[tzid] = _twin(tzid, tz)

    def resolve(self, tzid: str) -> tuple[str, str | None]:
        """(IANA name, None), or the user's zone and why the TZID was not understood."""
        found = _iana(tzid)
        if found is not None:
            return found, None
        if self._defined.get(tzid):
            return str(self._defined[tzid]), None
        local = recurrence.local_zone_name()
        why = (
            f"its time zone {tzid!r} matches no known zone"
            if tzid in self._defined
            else f"its time zone {tzid!r} is unknown"
        )
        return local, f"{why}; its times are read as {local} time"


@cache
def _iana(tzid: str) -> str | None:
    """The IANA name a TZID stands for without a definition, or None."""
    candidates = [tzid, WINDOWS_TO_OLSON.get(tzid, "")]
    parts = tzid.strip("/").split("/")
    candidates += ["/".join(parts[i:]) for i in range(1, len(parts))]
    for name in candidates:
        if not name or name.startswith("/"):
            continue
        try:
            recurrence.zone(name)
        except RapportError:
            continue
        return name
    return None


@cache
def _samples() -> tuple[datetime, ...]:
    found = []
    for year in _YEARS:
        for month in range(1, 13):
            days = range(1, 32) if month in _CHANGE_MONTHS else (15,)
            for day in days:
                try:
                    found.append(datetime(year, month, day, 12, tzinfo=UTC))
                except ValueError:
                    continue  # 31 April
    return tuple(found)


def _offsets(tz: tzinfo, instants: list[datetime]) -> list[timedelta | None]:
    return [instant.astimezone(tz).utcoffset() for instant in instants]


@cache
def _zones_by_season(year: int) -> dict[tuple[timedelta | None, ...], list[str]]:
    """Every IANA zone grouped by its offsets in mid-winter and mid-summer: a cheap first cut."""
    probes = [datetime(year, 1, 15, 12, tzinfo=UTC), datetime(year, 7, 15, 12, tzinfo=UTC)]
    grouped: dict[tuple[timedelta | None, ...], list[str]] = {}
    for name in sorted(available_timezones()):
        if name.split("/", 1)[0] not in _AREAS:
            continue  # aliases ('US/Eastern', 'Canada/Eastern') and fixed offsets
        grouped.setdefault(tuple(_offsets(ZoneInfo(name), probes)), []).append(name)
    return grouped


def _twin(tzid: str, tz: tzinfo) -> str | None:
    """The IANA zone whose offset equals the definition's on every day checked; among equals
    the one named like the TZID (or like an Outlook name sharing its first word), else the
    user's own, else a usual one (Outlook's), else the first by name."""
    probes = [datetime(2026, 1, 15, 12, tzinfo=UTC), datetime(2026, 7, 15, 12, tzinfo=UTC)]
    candidates = _zones_by_season(2026).get(tuple(_offsets(tz, probes)), [])
    if not candidates:
        return None
    wanted = _offsets(tz, list(_samples()))
    same = [name for name in candidates if _agrees(ZoneInfo(name), wanted)]
    if not same:
        return None
    words = tzid.lower().replace("_", " ")
    local = recurrence.local_zone_name()
    named = [n for n in same if n.rsplit("/", 1)[-1].replace("_", " ").lower() in words]
    # 'Eastern (custom)' and Outlook's 'Eastern Standard Time' share a word: America/New_York
    outlook = [
        iana
        for windows, iana in WINDOWS_TO_OLSON.items()
        if iana in same and windows.split()[0].lower() in words.split()
    ]
    usual = [n for n in same if n in _USUAL]
    return (named or outlook or [n for n in same if n == local] or usual or same)[0]


def _agrees(zone: tzinfo, wanted: list[timedelta | None]) -> bool:
    """Whether the zone has the wanted offset at every sample, stopping at the first not."""
    return all(
        instant.astimezone(zone).utcoffset() == offset
        for instant, offset in zip(_samples(), wanted, strict=True)
    )
