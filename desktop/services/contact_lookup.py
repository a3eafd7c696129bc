"""Lookup by one field, as Act!'s Lookup menu does it: contacts whose city, postal code, tag,
group, owner, title, department, source or user-defined field begins with, contains or lacks
what the salesperson typed.

The contact list combines the condition built here with its own sort and filters
(services.contact_list); rows are fetched off the GUI thread, so a 'contains' that must read
every contact never freezes the window. 'Begins with' on SQLite is a set of ranges over the
column as typed, in lower case, in capitals and capitalised, which the city and owner indexes
answer without a scan (SQLite's LIKE cannot use an index here); PostgreSQL uses ILIKE.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from desktop.store.database import Database
from desktop.store.entities import CustomField, FieldTarget


class LookupOp(StrEnum):
    BEGINS = "begins"
    CONTAINS = "contains"
    EMPTY = "empty"


#: the prefix of a user-defined field's code: 'custom:12' is custom_fields.id 12
CUSTOM = "custom:"


@dataclass(frozen=True)
class FieldLookup:
    """One field compared with what was typed; `field` is a code of BUILT_IN or 'custom:<id>'."""

    field: str
    op: LookupOp = LookupOp.BEGINS
    value: str = ""


@dataclass(frozen=True)
class LookupField:
    """A field the chooser offers: its code and its name (English for the built-in ones, which
    views translate; the user's own name for a user-defined field)."""

    code: str
    name: str
    custom: bool = False


#: (code, name) of the fields every database has, in the chooser's order
BUILT_IN: tuple[tuple[str, str], ...] = (
    ("city", "City"),
    ("postal_code", "Postal code"),
    ("tag", "Tag"),
    ("group", "Group"),
    ("owner", "Owner"),
    ("title", "Title"),
    ("department", "Department"),
    ("source", "Source"),
)
#: fields stored on the contact row itself
_OWN_COLUMNS = frozenset({"city", "owner", "title", "department", "source"})
#: fields held in rows of their own: (SQL of contact_id and the compared `value`, per field)
_RELATED = {
    "postal_code": "SELECT contact_id, postal_code AS value FROM contact_addresses",
    "tag": (
        "SELECT ct.contact_id, t.name AS value FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id"
    ),
    "group": (
        "SELECT gm.contact_id, g.name AS value FROM group_members gm "
        "JOIN groups g ON g.id = gm.group_id"
    ),
}


def lookup_fields(db: Database) -> list[LookupField]:
    """The fields a contact can be looked up by: the built-in ones, then the user's own."""
    with db.session() as session:
        custom = session.execute(
            select(CustomField.id, CustomField.name)
            .where(CustomField.applies_to == FieldTarget.CONTACT)
            .order_by(CustomField.position, CustomField.name)
        ).all()
    return [
        *(LookupField(code, name) for code, name in BUILT_IN),
        *(LookupField(f"{CUSTOM}{field_id}", name, custom=True) for field_id, name in custom),
    ]


def lookup_condition(dialect: str, lookup: FieldLookup) -> tuple[str, dict[str, object]]:
    """A condition on `contacts` (its `id` and own columns) for `lookup`, and its parameters.
    Nothing typed after 'begins with' or 'contains' leaves every contact in; a field that is
    not known is refused by name."""
    if lookup.op is not LookupOp.EMPTY and not lookup.value.strip():
        return "1 = 1", {}
    if lookup.field in _OWN_COLUMNS:
        if lookup.op is LookupOp.EMPTY:
            return f"{lookup.field} = ''", {}
        return _compare(dialect, lookup.field, lookup)
    source, params = _related(lookup.field)
    if lookup.op is LookupOp.EMPTY:
        return (
            f"id NOT IN (SELECT contact_id FROM ({source}) AS r "
            "WHERE value <> '' AND contact_id IS NOT NULL)",
            params,
        )
    condition, compared = _compare(dialect, "value", lookup)
    return (
        f"id IN (SELECT contact_id FROM ({source}) AS r WHERE {condition})",
        {**params, **compared},
    )


def _related(field: str) -> tuple[str, dict[str, object]]:
    if field in _RELATED:
        return _RELATED[field], {}
    if field.startswith(CUSTOM) and field[len(CUSTOM) :].isdigit():
        return (
            "SELECT contact_id, value FROM custom_values WHERE field_id = :lookup_field",
            {"lookup_field": int(field[len(CUSTOM) :])},
        )
    raise ValueError(f"no such lookup field: {field!r}")


def _compare(dialect: str, column: str, lookup: FieldLookup) -> tuple[str, dict[str, object]]:
    value = lookup.value.strip()
    if lookup.op is LookupOp.BEGINS and dialect == "sqlite":
        variants = list(
            dict.fromkeys((value, value.lower(), value.upper(), value.capitalize(), value.title()))
        )
        params: dict[str, object] = {}
        ranges = []
        for i, low in enumerate(variants):
            params[f"lookup_lo{i}"] = low
            params[f"lookup_hi{i}"] = low[:-1] + chr(ord(low[-1]) + 1)
            ranges.append(f"({column} >= :lookup_lo{i} AND {column} < :lookup_hi{i})")
        return f"({' OR '.join(ranges)})", params
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"{escaped}%" if lookup.op is LookupOp.BEGINS else f"%{escaped}%"
    like = "LIKE" if dialect == "sqlite" else "ILIKE"  # SQLite's LIKE ignores ASCII case
    return f"{column} {like} :lookup_pattern ESCAPE '\\'", {"lookup_pattern": pattern}
