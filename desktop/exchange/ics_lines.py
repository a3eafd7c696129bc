"""An event's content lines (RFC 5545 §3.1) as names, parameters and values.

Lines are unfolded, parameters read with their quotes, and TEXT values unescaped when asked
for; what the values mean (dates, zones, rules) is read by desktop.exchange.ics_event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

_LINE = re.compile(
    r'([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*):(.*)',
    re.DOTALL,
)
_PARAM = re.compile(r';([A-Za-z0-9-]+)=((?:"[^"]*"|[^";])*)')
_FOLD = re.compile(r"\r?\n[ \t]")
_ESCAPE = re.compile(r"\\([\\;,nN])")


class Entry(NamedTuple):
    """One property: its raw value and parameters (names upper-case, quotes removed). A
    tuple, not a dataclass: a calendar of 100,000 events makes over a million of them."""

    value: str
    params: dict[str, str]

    @property
    def text(self) -> str:
        """The value as TEXT, escapes undone."""
        return unescape(self.value)


@dataclass(slots=True)
class Component:
    """A VEVENT, VTODO or VALARM: its properties by upper-case name, and what it contains."""

    name: str
    props: dict[str, list[Entry]] = field(default_factory=dict)
    children: list[Component] = field(default_factory=list)

    def first(self, name: str) -> Entry | None:
        found = self.props.get(name)
        return found[0] if found else None

    def text(self, name: str) -> str:
        entry = self.first(name)
        return entry.text if entry is not None else ""

    def all(self, name: str) -> list[Entry]:
        return self.props.get(name, [])


def unescape(value: str) -> str:
    if "\\" not in value:
        return value
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def split_component(block: bytes) -> Component:
    """The component of these raw lines (BEGIN to END); ValueError names a line it cannot
    read."""
    text = _FOLD.sub("", block.decode("utf-8"))
    stack: list[Component] = []
    top: Component | None = None
    # split on line ends only: str.splitlines() would also cut at U+2028 inside a value
    for raw in text.split("\n"):
        line = raw.rstrip("\r")
        if not line:
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            raise ValueError(f"cannot read the line {line[:60]!r}")
        name, params, value = match.groups()
        name = name.upper()
        if name == "BEGIN":
            child = Component(value.upper())
            if stack:
                stack[-1].children.append(child)
            stack.append(child)
        elif name == "END":
            if not stack:
                raise ValueError(f"END:{value} without BEGIN")
            top = stack.pop()
        elif stack:
            entry = Entry(value, _params(params) if params else {})
            stack[-1].props.setdefault(name, []).append(entry)
    if top is None or stack:
        raise ValueError("the component is cut short")
    return top


def _params(text: str) -> dict[str, str]:
    return {m.group(1).upper(): m.group(2).replace('"', "") for m in _PARAM.finditer(text)}
