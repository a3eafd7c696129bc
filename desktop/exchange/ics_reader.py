"""Reading an .ics file as a stream, one component at a time.

A calendar of 100,000 events read whole held the file, its parse tree and every event at once
(582 MB). Here the lines of one VEVENT, VTODO or VTIMEZONE are gathered and parsed on their
own, so memory holds one event at a time whatever the file's size. Events are split into
properties here (RFC 5545 §3.1 content lines): the icalendar library's general parser took
0.5 ms an event, most of a large import; its value parsers still read what is unusual.
VTIMEZONEs, a few a file, go to the library whole (their rules become a tzinfo).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import icalendar

from desktop.errors import RapportError
from desktop.exchange.ics_lines import split_component

# One component of those we read, from its BEGIN line to its END line; found by the regex
# engine in a chunk of the file rather than line by line in Python.
_BLOCK = re.compile(
    rb"^[ \t]*BEGIN:(VEVENT|VTODO|VTIMEZONE)[ \t]*\r?$.*?^[ \t]*END:\1[ \t]*\r?$",
    re.MULTILINE | re.DOTALL | re.IGNORECASE,
)
_PENDING = re.compile(rb"^[ \t]*BEGIN:(VEVENT|VTODO|VTIMEZONE)", re.MULTILINE | re.IGNORECASE)
_END = re.compile(rb"^[ \t]*END:VCALENDAR", re.MULTILINE | re.IGNORECASE)
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Unreadable:
    """A component the parser refused; `name` is what the user knows it by."""

    name: str
    why: str


def read_components(path: Path) -> Iterator[tuple[int, Any | Unreadable]]:
    """(bytes read so far, component) for each VTIMEZONE, VEVENT and VTODO of the file, in
    file order (an unreadable one as Unreadable). Refuses a file that is empty, not
    iCalendar, or cut short before END:VCALENDAR, naming it."""
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise RapportError(f"{path}: cannot be read ({exc.strerror})") from exc
    with stream:
        buffer = _check_start(path, stream)
        offset = len(buffer)
        ended = False
        while True:
            chunk = stream.read(_CHUNK)
            buffer += chunk
            offset += len(chunk)
            done = 0
            for match in _BLOCK.finditer(buffer):
                yield offset - len(buffer) + match.end(), _parse(match.group(0))
                done = match.end()
            rest = buffer[done:]
            ended = ended or _END.search(rest) is not None
            if not chunk:
                break
            # what lies between components (properties of the calendar) is not kept
            pending = _PENDING.search(rest)
            buffer = rest[pending.start() :] if pending else rest[-32:]
    if _PENDING.search(rest) or not ended:
        raise RapportError(f"{path.name}: contains no complete calendar (cut short?)")


def _check_start(path: Path, stream: BinaryIO) -> bytes:
    """The file's first bytes once its first line says BEGIN:VCALENDAR."""
    head = stream.read(_CHUNK).removeprefix(b"\xef\xbb\xbf")
    first = head.lstrip().split(b"\n", 1)[0].strip()
    if not first:
        raise RapportError(f"{path.name}: is empty, not an iCalendar file")
    if first.upper() != b"BEGIN:VCALENDAR":
        raise RapportError(f"{path.name}: not an iCalendar file (no BEGIN:VCALENDAR)")
    return head


def _parse(block: bytes) -> Any | Unreadable:
    if block.lstrip()[6:15].upper() == b"VTIMEZONE":
        try:
            return icalendar.Component.from_ical(block)
        except ValueError as exc:
            return Unreadable("time zone", str(exc))
    try:
        return split_component(block)
    except (ValueError, UnicodeDecodeError) as exc:
        return Unreadable(_raw_name(block), str(exc))


def _raw_name(block: bytes) -> str:
    """SUMMARY or UID of a component the parser refused, read from its raw lines."""
    lines = block.splitlines()
    kind = "to-do" if lines[0].upper().strip().endswith(b"VTODO") else "event"
    for key in (b"SUMMARY", b"UID"):
        for line in lines:
            name, _, value = line.partition(b":")
            if name.split(b";")[0].upper() == key and value:
                text = value.decode("utf-8", "replace")[:80]
                return f"{kind} '{text}'" if key == b"SUMMARY" else f"{kind} {text}"
    return kind
