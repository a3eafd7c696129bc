"""CRM numbers: C-000123, handed out once and never again.

The counter lives in its own row and only grows; deleting the newest contact does not give its
number back (MAX(id)+1 would). Allocation is an UPDATE ... RETURNING inside the caller's
transaction, so two writers serialise on it and a rolled-back save returns nothing to reuse
because nobody else saw it.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

PREFIX = "C-"
_PATTERN = re.compile(r"^\s*[cC]-?(\d{1,12})\s*$")


def format_crm(number: int) -> str:
    return f"{PREFIX}{number:06d}"


def parse_crm(text_: str) -> int | None:
    """The counter value of a typed CRM number ('C-000123', 'c123'), or None."""
    match = _PATTERN.match(text_)
    return int(match.group(1)) if match else None


def normalise_crm(text_: str) -> str | None:
    number = parse_crm(text_)
    return None if number is None else format_crm(number)


def allocate(conn: Connection, count: int = 1) -> range:
    """Reserve `count` consecutive numbers and return them."""
    if count < 1:
        raise ValueError("count must be positive")
    last = conn.execute(
        text("UPDATE counters SET value = value + :n WHERE name = 'contact' RETURNING value"),
        {"n": count},
    ).scalar_one()
    return range(last - count + 1, last + 1)
