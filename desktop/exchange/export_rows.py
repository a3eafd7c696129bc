"""The contacts an export writes, and the columns they need.

A contact has as many phones, e-mails and addresses as it has, each with its own label; a
spreadsheet has fixed columns. So the columns are laid out from the data: one 'Phone (work)'
column, and a 'Phone (work) #2' when some contact has a second work phone. That way every
value has a column and a round trip through a spreadsheet keeps every field. Column order is
not a contact's order, so a 'Which phone is primary' column names the column that holds the
primary one ('Phone (work) #2'); the import reads it back. Contacts whose consent is withdrawn
are never exported.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Connection, Date, DateTime, bindparam, text
from sqlalchemy.sql.elements import TextClause

from desktop.errors import RapportError

CHUNK = 2_000
_COMMON_LABELS = ("", "mobile", "work", "home", "main", "fax", "work fax", "home fax", "other")
ADDRESS_PARTS = (
    ("street", "Street"),
    ("city", "City"),
    ("region", "Region"),
    ("postal_code", "Postal code"),
    ("country", "Country"),
)
_SCALARS = (
    ("crm_number", "CRM number"),
    ("first_name", "First name"),
    ("last_name", "Last name"),
    ("middle_name", "Middle name"),
    ("name_prefix", "Name prefix"),
    ("name_suffix", "Name suffix"),
    ("nickname", "Nickname"),
    ("alternate_name", "Alternate name"),
    ("company_name", "Company"),
    ("title", "Job title"),
    ("department", "Department"),
)
_TRAILING = (
    ("birthday", "Birthday"),
    ("anniversary", "Anniversary"),
    ("website", "Website"),
    ("tags", "Tags"),
    ("groups", "Groups"),
    ("source", "Source"),
    ("owner", "Owner"),
    ("consent_purpose", "Consent purpose"),
    ("consent_source", "Consent source"),
    ("consent_given_at", "Consent given"),
    ("notes", "Notes"),
)


@dataclass
class ExportContact:
    values: dict[str, object]
    phones: list[tuple[str, str]] = field(default_factory=list)
    emails: list[tuple[str, str]] = field(default_factory=list)
    addresses: list[dict[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    custom: dict[str, str] = field(default_factory=dict)
    #: kind ('phone', 'email', 'address') -> the primary entry's slot: (label, nth of the label)
    primary: dict[str, tuple[str, int]] = field(default_factory=dict)
    #: (kind, label) -> how many entries of that kind and label were added so far
    seen: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, kind: str, label: str, is_primary: bool) -> None:
        """Note a phone, e-mail or address just appended, in position order: if it is the
        primary one, which slot (label, nth of that label) it takes."""
        self.seen[(kind, label)] += 1
        if is_primary:
            self.primary[kind] = (label, self.seen[(kind, label)])


#: the column naming which entry of a kind is primary, after that kind's columns
PRIMARY_TITLES = {
    "phone": "Which phone is primary",
    "email": "Which e-mail is primary",
    "address": "Which address is primary",
}
#: the word a slot is named with in a 'Which ... is primary' cell: 'Address (home) #2'
SLOT_WORDS = {"phone": "Phone", "email": "E-mail", "address": "Address"}


@dataclass(frozen=True)
class Column:
    title: str
    #: 'text', 'date' or 'number'
    kind: str = "text"


@dataclass(frozen=True)
class Selection:
    """Which contacts: all, a group by name, or given ids (the list on screen)."""

    group: str | None = None
    contact_ids: Sequence[int] | None = None


def selected_ids(conn: Connection, selection: Selection) -> list[int]:
    """Ids in name order, without contacts whose consent is withdrawn."""
    if selection.contact_ids is not None:
        wanted = set(selection.contact_ids)
        ids: list[tuple[int, str]] = []
        for chunk in _chunks(sorted(wanted)):
            ids += conn.execute(
                text(
                    "SELECT id, sort_name FROM contacts WHERE id IN :v "
                    "AND consent_withdrawn_at IS NULL"
                ).bindparams(bindparam("v", expanding=True)),
                {"v": chunk},
            ).all()
        return [i for i, _ in sorted(ids, key=lambda r: (r[1], r[0]))]
    if selection.group is not None:
        found = conn.execute(
            text("SELECT id FROM groups WHERE name = :n"), {"n": selection.group}
        ).scalar()
        if found is None:
            raise RapportError(f"there is no group named '{selection.group}'")
        return list(
            conn.execute(
                text(
                    "SELECT c.id FROM contacts c JOIN group_members m ON m.contact_id = c.id "
                    "WHERE m.group_id = :g AND c.consent_withdrawn_at IS NULL "
                    "ORDER BY c.sort_name, c.id"
                ),
                {"g": found},
            ).scalars()
        )
    return list(
        conn.execute(
            text(
                "SELECT id FROM contacts WHERE consent_withdrawn_at IS NULL ORDER BY sort_name, id"
            )
        ).scalars()
    )


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def _in(sql: str) -> TextClause:
    return text(sql).bindparams(bindparam("v", expanding=True))


def label_order(label: str) -> tuple[int, str]:
    """Where a label's columns stand among a kind's columns: common labels first."""
    return (_COMMON_LABELS.index(label), "") if label in _COMMON_LABELS else (99, label)


def _slots(counts: Counter[tuple[int, str]]) -> list[tuple[str, int]]:
    most: dict[str, int] = {}
    for (_cid, label), n in counts.items():
        most[label] = max(most.get(label, 0), n)
    return [
        (label, n) for label in sorted(most, key=label_order) for n in range(1, most[label] + 1)
    ]


def _title(kind: str, label: str, n: int) -> str:
    title = f"{kind} ({label})" if label else kind
    return f"{title} #{n}" if n > 1 else title


@dataclass(frozen=True)
class Layout:
    columns: tuple[Column, ...]
    phone_slots: tuple[tuple[str, int], ...]
    email_slots: tuple[tuple[str, int], ...]
    address_slots: tuple[tuple[str, int], ...]
    custom_fields: tuple[tuple[str, str], ...]

    def row(self, contact: ExportContact) -> list[object]:
        """The contact's cells in column order; '' where it has no value."""
        cells: list[object] = [contact.values.get(k) or "" for k, _ in _SCALARS]
        cells += _slotted(contact.phones, self.phone_slots)
        cells += self._primary(contact, "phone", self.phone_slots)
        cells += _slotted(contact.emails, self.email_slots)
        cells += self._primary(contact, "email", self.email_slots)
        placed: dict[tuple[str, int], dict[str, str]] = {}
        seen: Counter[str] = Counter()
        for address in contact.addresses:
            seen[address["label"]] += 1
            placed[(address["label"], seen[address["label"]])] = address
        for slot in self.address_slots:
            address = placed.get(slot, {})
            cells += [address.get(part, "") for part, _ in ADDRESS_PARTS]
        cells += self._primary(contact, "address", self.address_slots)
        for key, _ in _TRAILING:
            if key in ("tags", "groups"):
                cells.append("; ".join(getattr(contact, key)))
            else:
                value = contact.values.get(key)
                cells.append(value.date() if isinstance(value, datetime) else (value or ""))
        for name, kind in self.custom_fields:
            cells.append(_typed_custom(contact.custom.get(name, ""), kind))
        return cells

    @staticmethod
    def _primary(contact: ExportContact, kind: str, slots: Sequence[object]) -> list[object]:
        """The 'Which ... is primary' cell, if the export has that column (any slots)."""
        if not slots:
            return []
        slot = contact.primary.get(kind)
        return [_title(SLOT_WORDS[kind], *slot) if slot else ""]


def _slotted(values: list[tuple[str, str]], slots: Sequence[tuple[str, int]]) -> list[object]:
    placed: dict[tuple[str, int], str] = {}
    seen: Counter[str] = Counter()
    for label, value in values:
        seen[label] += 1
        placed[(label, seen[label])] = value
    return [placed.get(slot, "") for slot in slots]


def _typed_custom(value: str, kind: str) -> object:
    if not value:
        return ""
    try:
        if kind == "number":
            return float(value)
        if kind == "date":
            return date.fromisoformat(value)
    except ValueError:
        pass
    return value


def layout(conn: Connection, ids: Sequence[int]) -> Layout:
    phones: Counter[tuple[int, str]] = Counter()
    emails: Counter[tuple[int, str]] = Counter()
    addresses: Counter[tuple[int, str]] = Counter()
    for chunk in _chunks(ids):
        for counter, table in (
            (phones, "contact_phones"),
            (emails, "contact_emails"),
            (addresses, "contact_addresses"),
        ):
            for cid, label in conn.execute(
                _in(f"SELECT contact_id, label FROM {table} WHERE contact_id IN :v"),
                {"v": chunk},
            ):
                counter[(cid, label)] += 1
    custom = tuple(
        (name, kind)
        for name, kind in conn.execute(
            text(
                "SELECT name, field_type FROM custom_fields WHERE applies_to = 'contact' "
                "ORDER BY position, name"
            )
        )
    )
    phone_slots, email_slots = _slots(phones), _slots(emails)
    address_slots = _slots(addresses)
    columns = [Column(title) for _, title in _SCALARS]
    columns += [Column(_title("Phone", label, n)) for label, n in phone_slots]
    columns += [Column(PRIMARY_TITLES["phone"])] if phone_slots else []
    columns += [Column(_title("E-mail", label, n)) for label, n in email_slots]
    columns += [Column(PRIMARY_TITLES["email"])] if email_slots else []
    for label, n in address_slots:
        columns += [Column(_title(title, label, n)) for _, title in ADDRESS_PARTS]
    columns += [Column(PRIMARY_TITLES["address"])] if address_slots else []
    for key, title in _TRAILING:
        columns.append(Column(title, "date" if key in _DATES else "text"))
    columns += [
        Column(f"Custom: {name}", kind if kind in ("number", "date") else "text")
        for name, kind in custom
    ]
    return Layout(
        tuple(columns), tuple(phone_slots), tuple(email_slots), tuple(address_slots), custom
    )


_DATES = ("birthday", "consent_given_at", "anniversary")
# Typed columns: a raw SQLite query would hand dates back as text.
_CONTACT_ROWS = (
    text(
        "SELECT id, crm_number, first_name, middle_name, last_name, name_prefix, name_suffix, "
        "nickname, alternate_name, company_name, title, department, birthday, anniversary, "
        "website, source, owner, consent_purpose, consent_source, consent_given_at, notes "
        "FROM contacts WHERE id IN :v"
    )
    .bindparams(bindparam("v", expanding=True))
    .columns(birthday=Date, consent_given_at=DateTime, anniversary=Date)
)


def contacts(conn: Connection, ids: Sequence[int]) -> Iterator[ExportContact]:
    """The contacts in the order of `ids`, read a chunk at a time."""
    for chunk in _chunks(ids):
        param = {"v": chunk}
        rows = conn.execute(_CONTACT_ROWS, param).mappings()
        found = {row["id"]: ExportContact(dict(row)) for row in rows}
        for cid, label, number, primary in conn.execute(
            _in(
                "SELECT contact_id, label, number, is_primary FROM contact_phones "
                "WHERE contact_id IN :v ORDER BY contact_id, position, id"
            ),
            param,
        ):
            found[cid].phones.append((label, number))
            found[cid].add("phone", label, primary)
        for cid, label, address, primary in conn.execute(
            _in(
                "SELECT contact_id, label, address, is_primary FROM contact_emails "
                "WHERE contact_id IN :v ORDER BY contact_id, position, id"
            ),
            param,
        ):
            found[cid].emails.append((label, address))
            found[cid].add("email", label, primary)
        for row in conn.execute(
            _in(
                "SELECT contact_id, label, street, city, region, postal_code, country, is_primary "
                "FROM contact_addresses WHERE contact_id IN :v ORDER BY contact_id, position, id"
            ),
            param,
        ).mappings():
            address = dict(row)
            primary = bool(address.pop("is_primary"))
            found[row["contact_id"]].addresses.append(address)
            found[row["contact_id"]].add("address", row["label"], primary)
        for cid, name in conn.execute(
            _in(
                "SELECT t.contact_id, g.name FROM contact_tags t JOIN tags g ON g.id = t.tag_id "
                "WHERE t.contact_id IN :v ORDER BY g.name"
            ),
            param,
        ):
            found[cid].tags.append(name)
        for cid, name in conn.execute(
            _in(
                "SELECT m.contact_id, g.name FROM group_members m JOIN groups g "
                "ON g.id = m.group_id WHERE m.contact_id IN :v ORDER BY g.name"
            ),
            param,
        ):
            found[cid].groups.append(name)
        for cid, name, value in conn.execute(
            _in(
                "SELECT v.contact_id, f.name, v.value FROM custom_values v JOIN custom_fields f "
                "ON f.id = v.field_id WHERE v.contact_id IN :v"
            ),
            param,
        ):
            found[cid].custom[name] = value
        for cid in chunk:
            if cid in found:
                yield found[cid]


# Text a spreadsheet would take for a formula (or a DDE command) when it begins with one of
# these; exports write such text so that it stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# A phone number as people write it: '+49 40 123', '(040) 123-45/67'. Excel may do sums with
# it, but it cannot call anything; a visible apostrophe in front of every number is worse.
# Arithmetic such as '-2+3' is no phone: a '+' only at the start, and at least five digits.
_PHONE_SHAPED = re.compile(r"^\+?[\d (][\d ()\-/.]*$")
_MIN_PHONE_DIGITS = 5


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def is_phone_shaped(text: str) -> bool:
    return bool(_PHONE_SHAPED.match(text)) and sum(c.isdigit() for c in text) >= _MIN_PHONE_DIGITS
