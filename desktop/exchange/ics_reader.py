"""Reading an .ics file as a stream, one component at a time.

A calendar of 100,000 events read whole held the file, its parse tree and every event at once
(582 MB). Here the lines of one VEVENT, VTODO or VTIMEZONE are gathered and parsed on their
own, so memory holds one event at a time whatever the file's size.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import icalendar

from desktop.errors import RapportError

_WANTED = (b"VEVENT", b"VTODO", b"VTIMEZONE")


@dataclass(frozen=True)
class Unreadable:
    """A component the parser refused; `name` is what the user knows it by."""

    name: str
    why: str


def read_components(path: Path) -> Iterator[tuple[int, Any | Unreadable]]:
    """(bytes read so far, component) for each VTIMEZONE, VEVENT and VTODO of the file as an
    icalendar component, in file order (an unreadable one as Unreadable). Refuses a file that is empty, not iCalendar, or cut
    short before END:VCALENDAR, naming it."""
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise RapportError(f"{path}: cannot be read ({exc.strerror})") from exc
    with stream:
        lines = iter(stream)
        _check_start(path, lines)
        block: list[bytes] = []
        kind = b""
        ended = False
        offset = 0
        for raw in lines:
            offset += len(raw)
            line = raw.rstrip(b"\r\n")
            upper = line.upper()
            if kind:
                block.append(line)
                if upper == b"END:" + kind:
                    yield offset, _parse(block)
                    block, kind = [], b""
            elif upper.startswith(b"BEGIN:") and upper[6:] in _WANTED:
                kind, block = upper[6:], [line]
            elif upper == b"END:VCALENDAR":
                ended = True
    if kind or not ended:
        raise RapportError(f"{path.name}: contains no complete calendar (cut short?)")


def _check_start(path: Path, lines: Iterator[bytes]) -> None:
    for raw in lines:
        line = raw.removeprefix(b"\xef\xbb\xbf").strip()
        if not line:
            continue
        if line.upper() != b"BEGIN:VCALENDAR":
            raise RapportError(f"{path.name}: not an iCalendar file (no BEGIN:VCALENDAR)")
        return
    raise RapportError(f"{path.name}: is empty, not an iCalendar file")


def _parse(block: list[bytes]) -> Any | Unreadable:
    data = b"\r\n".join(block) + b"\r\n"
    try:
        return icalendar.Component.from_ical(data)
    except ValueError as exc:
        return Unreadable(_raw_name(block), str(exc))


def _raw_name(block: list[bytes]) -> str:
    """SUMMARY or UID of a component the parser refused, read from its raw lines."""
    kind = "to-do" if block[0].upper().endswith(b"VTODO") else "event"
    for key in (b"SUMMARY", b"UID"):
        for line in block:
            name, _, value = line.partition(b":")
            if name.split(b";")[0].upper() == key and value:
                text = value.decode("utf-8", "replace")[:80]
                return f"{kind} '{text}'" if key == b"SUMMARY" else f"{kind} {text}"
    return kind
